import { halfUp, PPM, type Fen, type Ppm } from './money'

// The statement engine rounds millions of fees; BigInt for each would cost more than parsing the row.
// For a non-negative integer product x = amount × ppm with y = x + 500000 below 2^53, half-up of x / 10^6
// is floor(y / 10^6), computed exactly in doubles: q = Math.floor(y / 1e6) is at most one off (y / 1e6
// rounds once), and since q × 1e6 and y - q × 1e6 are exact integers below 2^53, one comparison each
// way corrects it. (y % 1e6 would be exact too, but a double modulo is a call to C's fmod, several times
// slower, and this runs a handful of times per row.) Larger products fall back to the BigInt reference
// (money.ts halfUp), which the property tests compare against on both sides of the limit.

const HALF = 500_000
const MILLION = 1_000_000
/** Largest product whose "+ HALF" stays a safe integer. */
export const FAST_PRODUCT_LIMIT = Number.MAX_SAFE_INTEGER - HALF

/** half-up(amount × ppm / 10^6) for non-negative amount and ppm; exact. */
export function roundedFee(amount: Fen, ppm: Ppm): Fen {
  const x = amount * ppm
  if (x <= FAST_PRODUCT_LIMIT) {
    const y = x + HALF
    let q = Math.floor(y / MILLION)
    const r = y - q * MILLION
    if (r < 0) q -= 1
    else if (r >= MILLION) q += 1
    return q
  }
  return Number(halfUp(BigInt(amount) * BigInt(ppm), PPM))
}

/**
 * Part of `whole` that goes back once `done` of `total` is refunded, half-up, cumulative (see
 * adjustment.ts): the difference of two cumulative values is what one refund moves, so a set of partial
 * refunds adds up to exactly `whole`. Refunds are rare, so BigInt is fine here.
 */
export function proportionalPart(whole: Fen, done: Fen, total: Fen): Fen {
  if (done === total) return whole
  return Number(halfUp(BigInt(whole) * BigInt(done), BigInt(total)))
}

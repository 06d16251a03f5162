// Money is integer fen; rates are integer parts-per-million (1 % = 10,000 ppm, so 0.0001 % = 1 ppm).
// Every product of an amount and a rate is a BigInt: 10^12 fen × 10^6 ppm passes 2^53, and floats
// get half-way cases wrong (Math.round(23000 * 0.0055) is 126, the right fee is 127 fen).

export type Fen = number
export type Ppm = number

export const PPM = 1_000_000n
export const MAX_AMOUNT_FEN = 1_000_000_000_000
export const MAX_RATE_PPM = 1_000_000

/** Why a rate string was refused; the schema turns it into the field error `fees.rate.<reason>`. */
export type RateProblem = 'format' | 'precision' | 'range'

export class RateError extends Error {
  constructor(readonly reason: RateProblem, readonly text: string) {
    super(`rate ${JSON.stringify(text)}: ${reason}`)
  }
}

const RATE_PATTERN = /^(\d+)(?:\.(\d+))?%$/

/** "0.6%" -> 6000 ppm. Throws RateError for a bad format, more than 4 decimals, or outside 0–100 %. */
export function parseRate(text: string): Ppm {
  const m = RATE_PATTERN.exec(text)
  if (!m) throw new RateError('format', text)
  const [, whole = '0', frac = ''] = m
  // "0.60000%" is refused too: the contract is "at most 4 decimals", not "no non-zero 5th decimal".
  if (frac.length > 4) throw new RateError('precision', text)
  const ppm = Number(whole) * 10_000 + Number(frac.padEnd(4, '0'))
  if (ppm > MAX_RATE_PPM) throw new RateError('range', text)
  return ppm
}

/**
 * Half-up (四舍五入) quotient of two integers; denominator must be positive. Negative numerators
 * round half away from zero (-2.5 -> -3), the mirror image of the positive case, so that
 * halfUp(-n, d) === -halfUp(n, d): a refund is exactly the negative of the sale.
 */
export function halfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('halfUp: denominator must be positive')
  if (numerator < 0n) return -halfUp(-numerator, denominator)
  return (numerator * 2n + denominator) / (denominator * 2n)
}

/** amount × rate, rounded half-up to the fen once. */
export function feeOf(amount: Fen, ppm: Ppm): Fen {
  return Number(halfUp(BigInt(amount) * BigInt(ppm), PPM))
}

/** `value / 10^scale` as a decimal with thousands separators, at least `minFrac` decimals, no trailing zeros beyond. */
export function formatScaled(value: bigint, scale: number, minFrac: number): string {
  const sign = value < 0n ? '-' : ''
  const abs = value < 0n ? -value : value
  const unit = 10n ** BigInt(scale)
  const whole = (abs / unit).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  let frac = scale > 0 ? (abs % unit).toString().padStart(scale, '0') : ''
  while (frac.length > minFrac && frac.endsWith('0')) frac = frac.slice(0, -1)
  return sign + whole + (frac ? '.' + frac : '')
}

/** 1000000 fen -> "10,000.00" (yuan, two decimals). */
export function formatYuan(fen: Fen | bigint): string {
  return formatScaled(BigInt(fen), 2, 2)
}

/** Exact yuan value of amount × rate before rounding: 23000 fen × 5500 ppm -> "1.265". */
export function formatExactFee(amount: Fen, ppm: Ppm): string {
  return formatScaled(BigInt(amount) * BigInt(ppm), 8, 2)
}

/** 6000 ppm -> "0.6%"; 325 -> "0.0325%"; 0 -> "0%". */
export function formatRate(ppm: Ppm | bigint): string {
  return formatScaled(BigInt(ppm), 4, 0) + '%'
}

/** Always four decimals, for effective rates: 6000 ppm -> "0.6000%". */
export function formatRate4(ppm: Ppm | bigint): string {
  return formatScaled(BigInt(ppm), 4, 4) + '%'
}

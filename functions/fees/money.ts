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

/** "1234567" -> "1,234,567". */
function groupThousands(digits: string): string {
  let out = ''
  let i = digits.length % 3 || 3
  out = digits.slice(0, i)
  for (; i < digits.length; i += 3) out += ',' + digits.slice(i, i + 3)
  return out
}

const POW10 = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000]

/** Whole and fractional parts of |value| / 10^scale as digit strings; exact (numbers only below 2^53). */
function splitScaled(abs: number | bigint, scale: number): [string, string] {
  if (typeof abs === 'number') {
    const unit = POW10[scale]!
    // abs / unit rounds once, so the floor is at most one off; the exact remainder corrects it.
    let whole = Math.floor(abs / unit)
    let rest = abs - whole * unit
    if (rest < 0) { whole -= 1; rest += unit } else if (rest >= unit) { whole += 1; rest -= unit }
    return [String(whole), scale > 0 ? String(rest).padStart(scale, '0') : '']
  }
  const unit = 10n ** BigInt(scale)
  return [(abs / unit).toString(), scale > 0 ? (abs % unit).toString().padStart(scale, '0') : '']
}

/** `value / 10^scale` as a decimal with thousands separators, at least `minFrac` decimals, no trailing zeros beyond. */
export function formatScaled(value: bigint | number, scale: number, minFrac: number): string {
  if (typeof value === 'number' && (!Number.isSafeInteger(value) || scale >= POW10.length)) value = BigInt(value)
  const negative = value < 0
  const [whole, digits] = splitScaled(negative ? -value : value, scale)
  let end = digits.length
  while (end > minFrac && digits.charCodeAt(end - 1) === 48 /* 0 */) end--
  return (negative ? '-' : '') + groupThousands(whole) + (end ? '.' + digits.slice(0, end) : '')
}

/** 1000000 fen -> "10,000.00" (yuan, two decimals). */
export function formatYuan(fen: Fen | bigint): string {
  return formatScaled(fen, 2, 2)
}

/** Exact yuan value of amount × rate before rounding: 23000 fen × 5500 ppm -> "1.265". */
export function formatExactFee(amount: Fen, ppm: Ppm): string {
  const product = amount * ppm
  return formatScaled(Number.isSafeInteger(product) ? product : BigInt(amount) * BigInt(ppm), 8, 2)
}

/** 6000 ppm -> "0.6%"; 325 -> "0.0325%"; 0 -> "0%". */
export function formatRate(ppm: Ppm | bigint): string {
  return formatScaled(ppm, 4, 0) + '%'
}

/** Always four decimals, for effective rates: 6000 ppm -> "0.6000%". */
export function formatRate4(ppm: Ppm | bigint): string {
  return formatScaled(ppm, 4, 4) + '%'
}

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { feeOf, formatExactFee, formatRate, formatRate4, formatScaled, formatYuan, halfUp, MAX_AMOUNT_FEN, MAX_RATE_PPM, parseRate, RateError } from '../../functions/fees/money'

/** Reference rounding written differently from halfUp: quotient, then compare twice the remainder. */
function referenceFee(amount: bigint, ppm: bigint): bigint {
  const q = (amount * ppm) / 1_000_000n
  const r = (amount * ppm) % 1_000_000n
  return r * 2n >= 1_000_000n ? q + 1n : q
}

describe('parseRate', () => {
  it.each([
    ['0.6%', 6000], ['0.0325%', 325], ['0.52%', 5200], ['0.38%', 3800], ['0%', 0], ['100%', 1_000_000],
    ['0.0001%', 1], ['1%', 10_000], ['0.5000%', 5000], ['99.9999%', 999_999],
  ])('reads %s as %i ppm', (text, ppm) => {
    expect(parseRate(text)).toBe(ppm)
  })

  it.each([
    ['abc', 'format'], ['0.6', 'format'], ['.6%', 'format'], ['-0.1%', 'format'], ['0.6 %', 'format'], ['', 'format'], ['1e-3%', 'format'],
    ['0.00001%', 'precision'], ['0.60000%', 'precision'],
    ['101%', 'range'], ['100.0001%', 'range'], ['1000%', 'range'], ['100000000000000000000000%', 'range'],
  ])('refuses %j (%s)', (text, reason) => {
    expect(() => parseRate(text)).toThrow(RateError)
    try { parseRate(text) } catch (err) { expect((err as RateError).reason).toBe(reason) }
  })

  it('round-trips every ppm through formatRate', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: MAX_RATE_PPM }), (ppm) => parseRate(formatRate(ppm)) === ppm))
  })
})

describe('formatting', () => {
  it.each([[6000, '0.6%'], [325, '0.0325%'], [0, '0%'], [1_000_000, '100%'], [5200, '0.52%']])('formats %i ppm as %s', (ppm, text) => {
    expect(formatRate(ppm)).toBe(text)
  })
  it('formats effective rates with exactly four decimals', () => {
    expect(formatRate4(6000)).toBe('0.6000%')
    expect(formatRate4(5)).toBe('0.0005%')
  })
  it.each([[1_000_000, '10,000.00'], [6, '0.06'], [0, '0.00'], [-125, '-1.25'], [100_000_000_000_000, '1,000,000,000,000.00'], [123_456_789, '1,234,567.89']])('formats %i fen as %s yuan', (fen, text) => {
    expect(formatYuan(fen)).toBe(text)
  })
})

describe('formatScaled', () => {
  // The plain BigInt-and-regex formatter it replaced, as the reference.
  function reference(value: bigint, scale: number, minFrac: number): string {
    const abs = value < 0n ? -value : value
    const unit = 10n ** BigInt(scale)
    const whole = (abs / unit).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')
    let frac = scale > 0 ? (abs % unit).toString().padStart(scale, '0') : ''
    while (frac.length > minFrac && frac.endsWith('0')) frac = frac.slice(0, -1)
    return (value < 0n ? '-' : '') + whole + (frac ? '.' + frac : '')
  }
  const scale = fc.integer({ min: 0, max: 12 })
  const minFrac = fc.integer({ min: 0, max: 4 })

  it('formats safe numbers exactly as the BigInt reference, up to 2^53 and at scales 0–12', () => {
    const value = fc.oneof(fc.integer({ min: -1e9, max: 1e9 }), fc.maxSafeInteger(), fc.constantFrom(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 0, 999, 1000, 10 ** 15))
    fc.assert(fc.property(value, scale, minFrac, (v, s, m) => formatScaled(v, s, Math.min(m, s)) === reference(BigInt(v), s, Math.min(m, s))), { numRuns: 2000 })
  })
  it('formats BigInt values beyond 2^53 exactly', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), scale, minFrac, (v, s, m) => formatScaled(v, s, Math.min(m, s)) === reference(v, s, Math.min(m, s))))
  })
  it('shows the exact unrounded fee whether or not amount × rate passes 2^53', () => {
    expect(formatExactFee(23_000, 5500)).toBe('1.265')
    expect(formatExactFee(MAX_AMOUNT_FEN, 999_999)).toBe('9,999,990,000.00')
    expect(formatExactFee(999_999_999_999, 333_333)).toBe(reference(999_999_999_999n * 333_333n, 8, 2))
  })
})

describe('halfUp', () => {
  it('rounds exactly .5 up and just below .5 down', () => {
    expect(halfUp(5n, 2n)).toBe(3n)
    expect(halfUp(1_265_000n, 1_000_000n)).toBe(1n)
    expect(halfUp(1_500_000n, 1_000_000n)).toBe(2n)
    expect(halfUp(1_499_999n, 1_000_000n)).toBe(1n)
  })
  it('rounds negatives half away from zero, mirroring positives', () => {
    expect(halfUp(-5n, 2n)).toBe(-3n)
    expect(halfUp(-1_499_999n, 1_000_000n)).toBe(-1n)
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 18n }), fc.bigInt({ min: 1n, max: 10n ** 7n }), (n, d) => halfUp(-n, d) === -halfUp(n, d)))
  })
  it('refuses a zero or negative denominator', () => {
    expect(() => halfUp(1n, 0n)).toThrow(RangeError)
    expect(() => halfUp(1n, -2n)).toThrow(RangeError)
  })
  it('is within half a unit of the exact quotient, and exactly .5 always goes up', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 18n }), fc.bigInt({ min: 1n, max: 10n ** 7n }), (n, d) => {
      const q = halfUp(n, d)
      const diff2 = 2n * (q * d - n) // twice the rounding error, scaled by d
      return diff2 <= d && diff2 > -d
    }))
  })
})

describe('feeOf', () => {
  it.each([
    ['rounds 230.00 yuan at 0.55% up to 1.27 yuan', 23_000, '0.55%', 127],
    ['rounds 10 yuan at 0.55% (0.055) up to 0.06 yuan', 1000, '0.55%', 6],
    ['rounds 10 yuan at 0.38% (0.038) up to 0.04 yuan', 1000, '0.38%', 4],
    ['charges 60.00 yuan on 10,000 yuan credit at 0.6%', 1_000_000, '0.6%', 6000],
    ['rounds 1 fen at 50% (0.5 fen) up to 1 fen', 1, '50%', 1],
    ['rounds 1 fen at 49.9999% down to 0', 1, '49.9999%', 0],
    ['charges the whole amount at 100%', MAX_AMOUNT_FEN, '100%', MAX_AMOUNT_FEN],
    ['charges 10^12 fen at 0.0001% exactly 10^6 fen', MAX_AMOUNT_FEN, '0.0001%', 1_000_000],
  ])('%s', (_, amount, rate, fee) => {
    expect(feeOf(amount, parseRate(rate))).toBe(fee)
  })

  it('gets right what floating point gets wrong', () => {
    expect(Math.round(23_000 * 0.0055)).toBe(126) // the naive answer
    expect(feeOf(23_000, 5500)).toBe(127)
  })

  it('equals the BigInt reference for every amount up to 10^12 fen and every rate up to 100%', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: MAX_AMOUNT_FEN }), fc.integer({ min: 0, max: MAX_RATE_PPM }), (amount, ppm) =>
      BigInt(feeOf(amount, ppm)) === referenceFee(BigInt(amount), BigInt(ppm))), { numRuns: 2000 })
  })

  it('rounds exact half-fen products up', () => {
    // amount × ppm = k × 10^6 + 500,000: exactly k.5 fen
    fc.assert(fc.property(fc.integer({ min: 0, max: 999_999 }), (k) => feeOf(2 * k + 1, 500_000) === k + 1))
  })

  it('never decreases as the amount grows', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: MAX_AMOUNT_FEN - 1 }), fc.integer({ min: 0, max: MAX_RATE_PPM }), (amount, ppm) =>
      feeOf(amount + 1, ppm) >= feeOf(amount, ppm)))
  })
})

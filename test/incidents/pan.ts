import fc from 'fast-check'

// Card numbers for tests are generated, never written out: a prefix, random digits, and the Luhn check digit.

/** The digit that makes `body + digit` pass Luhn. */
export function luhnCheckDigit(body: string): string {
  let sum = 0
  for (let i = body.length - 1, double = true; i >= 0; i--, double = !double) {
    const d = body.charCodeAt(i) - 48
    sum += double ? (d > 4 ? d * 2 - 9 : d * 2) : d
  }
  return String((10 - (sum % 10)) % 10)
}

/** A Luhn-valid number of `length` digits starting with `prefix`, the rest from `fill` (cycled). */
export function makePan(prefix: string, length: number, fill = '0123456789'): string {
  let body = prefix
  for (let i = 0; body.length < length - 1; i++) body += fill[i % fill.length]
  return body + luhnCheckDigit(body)
}

/** The same digits with the check digit changed: fails Luhn. */
export function breakLuhn(pan: string): string {
  const last = (Number(pan.at(-1)) + 1) % 10
  return pan.slice(0, -1) + String(last)
}

const digit = fc.constantFrom(...'0123456789')

/** Luhn-valid PANs: UnionPay 62, Visa 4, Mastercard 51–55, Amex 34/37 and random others, 13–19 digits. */
export const panArb = fc.record({
  prefix: fc.constantFrom('62', '4', '51', '55', '34', '37', '9', '1'),
  length: fc.integer({ min: 13, max: 19 }),
  seed: fc.array(digit, { minLength: 19, maxLength: 19 }),
}).map(({ prefix, length, seed }) => {
  const body = (prefix + seed.join('')).slice(0, length - 1)
  return body + luhnCheckDigit(body)
})

/** 13–19 digits that fail Luhn. */
export const nonLuhnArb = panArb.map(breakLuhn)

const FULL_WIDTH_ZERO = 0xff10
export function fullWidth(digits: string): string {
  return [...digits].map((ch) => (/\d/.test(ch) ? String.fromCharCode(FULL_WIDTH_ZERO + Number(ch)) : ch)).join('')
}

/** How people write a card number: plain, in groups of 4 with spaces or dashes, 4-6-5, random groups, full-width. */
export const styledArb = (digits: string) => fc.oneof(
  fc.constant(digits),
  fc.constantFrom(' ', '-', '\u3000', '\uff0d', ' - ').map((sep) => digits.replace(/(\d{4})(?=\d)/g, `$1${sep}`)),
  fc.constant(`${digits.slice(0, 4)} ${digits.slice(4, 10)} ${digits.slice(10)}`),
  fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 19 }).chain((sizes) =>
    fc.array(fc.constantFrom(' ', '-', '  ', '\u3000'), { minLength: sizes.length, maxLength: sizes.length }).map((seps) => {
      let out = ''
      let at = 0
      for (let g = 0; at < digits.length; g++) {
        const size = sizes[g % sizes.length]!
        out += (at ? seps[g % seps.length] : '') + digits.slice(at, at + size)
        at += size
      }
      return out
    })),
  fc.constant(fullWidth(digits.replace(/(\d{4})(?=\d)/g, '$1 '))),
)

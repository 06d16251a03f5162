import type { MessageKey } from '../i18n'

// Card-data protection (PCI DSS 3.3.1 no sensitive authentication data after authorisation, 3.4.1 PAN masked
// when displayed, 3.5.1 PAN unreadable where stored). We keep BIN (first 6) and last 4 only, refuse CVV/PIN/
// track/expiry outright, and redact anything in free text that looks like a whole card number.

/** Luhn (mod 10) check over ASCII digits; false for an empty string or any other character. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false
  let sum = 0
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    const d = digits.charCodeAt(i) - 48
    sum += double ? (d > 4 ? d * 2 - 9 : d * 2) : d
  }
  return sum % 10 === 0
}

export interface MaskedCard { bin: string; last4: string }

/**
 * A card number typed by a person or sent by a terminal, reduced to what we may keep. Spaces and dashes
 * (also full-width ones) are ignored; 13–19 digits that pass Luhn, else a message key for the field.
 */
export function reduceCardNumber(input: string): MaskedCard | { error: MessageKey } {
  const digits = input.normalize('NFKC').replace(/[\s-]/g, '')
  if (!/^\d{13,19}$/.test(digits)) return { error: 'incidents.field.card_number' }
  if (!luhnValid(digits)) return { error: 'incidents.field.card_number_luhn' }
  return { bin: digits.slice(0, 6), last4: digits.slice(-4) }
}

// --- Redaction of free text -------------------------------------------------------------------------

/** Always six stars whatever the length, so the stored text does not even tell how long the number was. */
export const REDACTION_STARS = '******'
/** At most this many separator characters between two digit groups ("6222 - 0212" still counts as one run). */
const MAX_SEPARATORS = 3

/** 0–9 for ASCII and full-width digits (Chinese input methods in full-width mode type ０-９), else -1. */
function digitAt(text: string, i: number): number {
  const c = text.charCodeAt(i)
  if (c >= 48 && c <= 57) return c - 48
  if (c >= 0xff10 && c <= 0xff19) return c - 0xff10
  return -1
}

/**
 * What people (and copy-paste) put between digit groups: spaces, dashes, dots, slashes, underscores (ASCII
 * and full-width) and the invisible zero-width and soft-hyphen characters. Line breaks end a run on purpose.
 */
function isSeparator(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0xa0 || c === 0x3000 || (c >= 0x2000 && c <= 0x200d) || c === 0x202f ||
    c === 0x2d || (c >= 0x2010 && c <= 0x2015) || c === 0x2212 || c === 0xfe63 || c === 0xff0d ||
    c === 0x2e || c === 0x2f || c === 0x5f || c === 0xff0e || c === 0xff0f || c === 0xff3f ||
    c === 0xad || c === 0x2060 || c === 0xfeff
}

/**
 * Whether a digit run must be redacted. `groups` are the offsets where separated groups start (0 first),
 * so group ends are the next start (or the run's end).
 *
 * - 13–19 digits: redact when the whole run passes Luhn, or when a stretch of whole groups of 13–19 digits
 *   does ("6222 0212 3456 7890 12" + " 15" is one run of 21 digits that holds a card number on its group
 *   boundaries). A non-Luhn run of 13–19 digits (an order number) is kept.
 * - more than 19 digits: redact when any window of 13–19 consecutive digits passes Luhn. A card number
 *   glued to other digits cannot be told apart from them, so we give up the long number rather than risk a
 *   card number. With ~7 windows per extra digit, nearly every run above ~22 digits is redacted (long payment
 *   order numbers lose their middle); identifiers belong in reference_no/trace_no, not in free text.
 *
 * Prefix sums make each window O(1), so a 64 KiB run of digits costs a few hundred thousand steps.
 */
function mustRedact(digits: number[], groups: number[]): boolean {
  const n = digits.length
  if (n < 13) return false
  // evenDoubled[k]: Luhn sum of digits[0..k) doubling even offsets; oddDoubled doubles odd offsets.
  const evenDoubled = new Int32Array(n + 1)
  const oddDoubled = new Int32Array(n + 1)
  for (let p = 0; p < n; p++) {
    const d = digits[p]!
    const dd = d > 4 ? d * 2 - 9 : d * 2
    evenDoubled[p + 1] = evenDoubled[p]! + (p % 2 === 0 ? dd : d)
    oddDoubled[p + 1] = oddDoubled[p]! + (p % 2 === 1 ? dd : d)
  }
  // Luhn doubles every second digit counting from the check digit (offset end-1) leftwards.
  const passes = (start: number, end: number) => {
    const sums = (end - 1) % 2 === 1 ? evenDoubled : oddDoubled
    return (sums[end]! - sums[start]!) % 10 === 0
  }
  if (n > 19) {
    for (let len = 13; len <= 19; len++) {
      for (let s = 0; s + len <= n; s++) if (passes(s, s + len)) return true
    }
    return false
  }
  const ends = [...groups.slice(1), n]
  for (const s of groups) {
    for (const e of ends) if (e - s >= 13 && e - s <= 19 && passes(s, e)) return true
  }
  return false
}

/**
 * Replaces every card-number-like digit run in free text with `BIN******last4` (first 6 and last 4 digits
 * of the run, ASCII, exactly six stars). A run is digits joined directly or by up to three spaces/dashes
 * (ASCII or full-width); see `mustRedact` for which runs go. Idempotent: the masked form has at most six
 * digits in a row. One left-to-right pass, no backtracking regex.
 */
export function redactCardNumbers(text: string): { text: string; redacted: number } {
  const out: string[] = []
  let copiedUpTo = 0
  let redacted = 0
  let i = 0
  const n = text.length
  while (i < n) {
    if (digitAt(text, i) < 0) { i++; continue }
    const start = i
    const digits: number[] = []
    const groups: number[] = [0]
    let end = i
    for (;;) {
      let d: number
      while (i < n && (d = digitAt(text, i)) >= 0) { digits.push(d); i++ }
      end = i
      let k = i
      while (k < n && k - i <= MAX_SEPARATORS && isSeparator(text.charCodeAt(k))) k++
      if (k > i && k - i <= MAX_SEPARATORS && k < n && digitAt(text, k) >= 0) {
        groups.push(digits.length)
        i = k
        continue
      }
      break
    }
    if (mustRedact(digits, groups)) {
      out.push(text.slice(copiedUpTo, start), digits.slice(0, 6).join('') + REDACTION_STARS + digits.slice(-4).join(''))
      copiedUpTo = end
      redacted++
    }
    i = end
  }
  if (redacted === 0) return { text, redacted }
  out.push(text.slice(copiedUpTo))
  return { text: out.join(''), redacted }
}

// --- Fields that must never be sent ------------------------------------------------------------------

// Matched on the key with case, separators and camelCase removed ("card.CVV", "pin_block", "Track2",
// "exp-month", "有效期"). Long, unambiguous stems match anywhere in the key; short ones only as a whole word,
// so "shipping", "pinyin", "expected" and "tracking_no" pass.
const STEMS = [
  'cvv', 'cvc', 'cvn', 'securitycode', 'verificationvalue', 'pinblock', 'pincode', 'pinnumber',
  'trackdata', 'track1', 'track2', 'track3', 'magstripe', 'magneticstripe',
  'expiry', 'expiration', 'expire', 'expdate', 'expmonth', 'expyear', 'validthru', 'validthrough', 'goodthru',
  'validto', 'validuntil', 'cardverification', 'password', 'passwd', 'passcode',
  '有效期', '有效日期', '到期', '安全码', '校验码', '验证码', '磁道', '密码',
]
const WORDS = new Set(['pin', 'pins', 'track', 'tracks', 'trk', 'trk1', 'trk2', 'exp', 'expires', 'csc', 'cvd', 'pvv'])
/** ISO 8583 data elements by number: 35/45 track 2/1, 52 PIN block, 55 chip data (track-equivalent data). */
const ISO_FIELD = /^de(35|45|52|55)$/

function isForbiddenKey(key: string): boolean {
  const normal = key.normalize('NFKC')
  const compact = normal.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')
  if (STEMS.some((stem) => compact.includes(stem)) || ISO_FIELD.test(compact)) return true
  const words = normal.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g) ?? []
  return words.some((w) => WORDS.has(w.toLowerCase()))
}

/**
 * Paths ("card.cvv", "items.0.pin") of keys anywhere in a parsed JSON body that name sensitive
 * authentication data or expiry: the route refuses the whole request naming each, before any parsing or
 * storage. Walks iteratively, so a deeply nested body cannot exhaust the stack.
 */
export function forbiddenCardFields(body: unknown): string[] {
  const found: string[] = []
  const stack: { value: unknown; path: string }[] = [{ value: body, path: '' }]
  while (stack.length) {
    const { value, path } = stack.pop()!
    if (value === null || typeof value !== 'object') continue
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value)
    for (const [key, child] of entries) {
      const childPath = path ? `${path}.${key}` : key
      if (!Array.isArray(value) && isForbiddenKey(key)) found.push(childPath)
      else stack.push({ value: child, path: childPath })
    }
  }
  // Sorted, so the 400 names them in a stable order whatever the traversal.
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}

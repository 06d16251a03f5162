/**
 * Money on the page, exactly: what a person types in yuan becomes integer fen by reading the digits, never by
 * multiplying floats (230.55 * 100 is 23055.000000000004 in binary floating point, and 1.005 * 100 is 100.49999…).
 * The API owns all fee arithmetic; these helpers only convert and format.
 */

/** Why a yuan amount was refused; components map each code to a message in the page's language. */
export type YuanError = 'empty' | 'format' | 'precision' | 'too_large'

/** The API's largest amount: 10^12 fen, that is 10^10 yuan (100 亿元). */
export const MAX_FEN = 1_000_000_000_000

// People type on Chinese keyboards: full-width digits, 。/． for the point, ，for thousands, ¥ or 元 around it.
function halfWidth(text: string): string {
  return text
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, '.')
    .replace(/，/g, ',')
    .replace(/[\s\u3000]/g, '')
}

const YUAN = /^(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?$/

/** "230.5" -> 23050, "10,000" -> 1000000, "0.005" -> 'precision', "abc" -> 'format'. Zero is allowed (the caller decides). */
export function yuanToFen(text: string): number | YuanError {
  const plain = halfWidth(text).replace(/^[¥￥]/, '').replace(/(元|yuan|rmb|cny)$/i, '')
  if (plain === '') return 'empty'
  const m = YUAN.exec(plain)
  if (!m) return 'format'
  const whole = (m[1] ?? '').replace(/,/g, '')
  const frac = m[2] ?? ''
  if (whole === '' && frac === '') return 'format'
  if (frac.length > 2) return 'precision'
  // Concatenating the digits is the exact "× 100"; the result has at most 13 digits, well inside 2^53.
  const digits = ((whole.replace(/^0+/, '') || '0') + frac.padEnd(2, '0')).replace(/^0+(?=\d)/, '')
  if (digits.length > 13 || Number(digits) > MAX_FEN) return 'too_large'
  return Number(digits)
}

/** 1000000 -> "10,000.00"; -150 -> "-1.50". Integer fen in, yuan with two decimals and thousands separators out. */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`fenToYuan: ${fen} is not an integer number of fen`)
  const sign = fen < 0 ? '-' : ''
  const digits = String(Math.abs(fen)).padStart(3, '0')
  const whole = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${sign}${whole}.${digits.slice(-2)}`
}

/**
 * What the person typed as a rate -> the API's percent string: "0.6" -> "0.6%", "0.6 %" -> "0.6%", ".6" -> "0.6%".
 * Anything that is not a plain decimal is passed on unchanged (with its % if typed) so the API names what is wrong,
 * in the page's language. "" stays "".
 */
export function normalizeRate(text: string): string {
  const plain = halfWidth(text).replace(/％/g, '%')
  const number = plain.replace(/%$/, '')
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(number)) return plain
  const [whole = '', frac = ''] = number.split('.')
  return `${whole || '0'}${frac ? '.' + frac : ''}%`
}

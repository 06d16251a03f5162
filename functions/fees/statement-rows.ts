import type { FeesKey, Params } from './errors'
import { MAX_AMOUNT_FEN } from './money'

// One transaction row of an uploaded file: its columns, their formats, and the month it must fall in.
// Checks here need nothing but the row; checks against other rows (duplicates, originals) are in
// statement.ts. Fields are read in place (the fast paths at the end), so the engine makes no strings.

export const COLUMNS = ['txn_id', 'time', 'merchant_no', 'terminal_id', 'card', 'type', 'amount', 'settlement', 'original_txn_id'] as const
export type Column = (typeof COLUMNS)[number]

export const CARD_NAMES = ['debit', 'credit', 'qr'] as const
export const SETTLEMENT_NAMES = ['T1', 'D0'] as const

export const SALE = 0
export const VOID = 1
export const REFUND = 2

export interface RowProblem { column: Column | 'row' | 'header'; message: FeesKey; params?: Params }

const SHANGHAI_MS = 8 * 3600_000
const DAY_SEC = 86_400

/** The month a statement covers, in Asia/Shanghai business days. */
export class StatementMonth {
  readonly year: number
  readonly month: number
  readonly days: number
  /** UTC ms when the month starts in Asia/Shanghai. */
  readonly startMs: number
  /** 'YYYY-MM-DD' of each day, index 0 = the 1st. */
  readonly dates: string[]

  constructor(readonly text: string) {
    this.year = Number(text.slice(0, 4))
    this.month = Number(text.slice(5, 7))
    this.days = new Date(Date.UTC(this.year, this.month, 0)).getUTCDate()
    this.startMs = Date.UTC(this.year, this.month - 1, 1) - SHANGHAI_MS
    this.dates = Array.from({ length: this.days }, (_, i) => `${text}-${String(i + 1).padStart(2, '0')}`)
  }

  get first(): string { return this.dates[0]! }
  get last(): string { return this.dates[this.days - 1]! }
}

// ISO 8601 with an offset; files from acquirer back-ends often give Beijing local time without one
// ("2026-11-20 14:30:00"), which is read as Asia/Shanghai.
const TIME = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.\d{1,9})?(Z|[+-]\d\d:\d\d)?$/

/** Seconds since the month started (Asia/Shanghai), or a problem. Fractions of a second are dropped. */
export function secondsIntoMonth(text: string, month: StatementMonth): number | RowProblem {
  const m = TIME.exec(text)
  if (!m) return { column: 'time', message: 'fees.statement.row.time' }
  const y = +m[1]!, mo = +m[2]!, d = +m[3]!, h = +m[4]!, mi = +m[5]!, s = +m[6]!
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate() || h > 23 || mi > 59 || s > 59) {
    return { column: 'time', message: 'fees.statement.row.time' }
  }
  let offsetMs = SHANGHAI_MS
  const z = m[7]
  if (z === 'Z') offsetMs = 0
  else if (z !== undefined) {
    const oh = +z.slice(1, 3), om = +z.slice(4, 6)
    if (oh > 14 || om > 59) return { column: 'time', message: 'fees.statement.row.time' }
    offsetMs = (z.charCodeAt(0) === 45 ? -1 : 1) * (oh * 3600_000 + om * 60_000)
  }
  const sec = (Date.UTC(y, mo - 1, d, h, mi, s) - offsetMs - month.startMs) / 1000
  if (sec < 0 || sec >= month.days * DAY_SEC) return { column: 'time', message: 'fees.statement.row.outside_month', params: { month: month.text } }
  return sec
}

export function dayOf(sec: number): number {
  return Math.floor(sec / DAY_SEC)
}

/** Column positions from the header row; names are matched case-insensitively and trimmed, extra columns ignored. */
export function readHeader(fields: readonly string[]): Record<Column, number> | RowProblem[] {
  const at = new Map<string, number>()
  const problems: RowProblem[] = []
  fields.forEach((f, i) => {
    const name = f.trim().toLowerCase()
    if (at.has(name) && (COLUMNS as readonly string[]).includes(name)) problems.push({ column: 'header', message: 'fees.statement.header_duplicate', params: { column: name } })
    at.set(name, i)
  })
  const missing = COLUMNS.filter((c) => !at.has(c))
  if (missing.length) problems.push({ column: 'header', message: 'fees.statement.header_missing', params: { columns: missing.join(', ') } })
  if (problems.length) return problems
  return Object.fromEntries(COLUMNS.map((c) => [c, at.get(c)!])) as Record<Column, number>
}

// --- Fields read in place ----------------------------------------------------------------------------------
// The engine reads fields as offsets into the decoded chunk: a string is made only for a message or a
// terminal seen for the first time. Each reader returns -1 (or false) for a malformed field and the engine
// names the column; merchant numbers and terminal ids come back as numbers to look up without strings.

const ID_CHARS = new Uint8Array(128)
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.:-/') ID_CHARS[c.charCodeAt(0)] = 1

/**
 * Checks a transaction id in place and hashes it into out[0], out[1]: FNV-1a and a multiply-xorshift,
 * two independent 32-bit hashes making one 64-bit key. False for an empty, too long or badly spelled id.
 */
export function idHashAt(text: string, s: number, e: number, out: Int32Array): boolean {
  const n = e - s
  if (n < 1 || n > 64) return false
  let a = 0x811c9dc5
  let b = 0x9747b28c ^ n
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i)
    if (c > 127 || ID_CHARS[c] === 0) return false
    a = Math.imul(a ^ c, 0x01000193)
    b = Math.imul(b ^ c, 0x5bd1e995)
    b ^= b >>> 15
  }
  b = Math.imul(b ^ (b >>> 13), 0xc2b2ae35)
  out[0] = a | 0
  out[1] = (b ^ (b >>> 16)) | 0
  return true
}

function twoDigits(text: string, i: number): number {
  const a = text.charCodeAt(i) - 48, b = text.charCodeAt(i + 1) - 48
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1
}

/** The date part of the last time read, and its seconds into the month: files are in time order. */
let lastDate = ''
let lastDateSec = 0
let lastMonth: StatementMonth | null = null

/**
 * Seconds into the month for the common spellings "2026-11-20T14:30:00+08:00" and "2026-11-20 14:30:00"
 * (Beijing time either way), by character arithmetic; anything else goes through secondsIntoMonth.
 */
export function secondsAt(text: string, s: number, e: number, month: StatementMonth): number | RowProblem {
  const n = e - s
  if (lastMonth === month && (n === 25 || n === 19) && wordAt(text, s, lastDate)) {
    const h = twoDigits(text, s + 11), mi = twoDigits(text, s + 14), sec = twoDigits(text, s + 17)
    const tail = n === 19 || (text.charCodeAt(s + 19) === 43 && text.charCodeAt(s + 22) === 58 && twoDigits(text, s + 20) === 8 && twoDigits(text, s + 23) === 0)
    if (tail && text.charCodeAt(s + 13) === 58 && text.charCodeAt(s + 16) === 58 && h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && sec >= 0 && sec <= 59) {
      return lastDateSec + h * 3600 + mi * 60 + sec
    }
  }
  const r = secondsAtSlow(text, s, e, month)
  // Only a Beijing-time spelling names the Shanghai date in its first 10 characters.
  if (typeof r === 'number' && (n === 19 || (n === 25 && text.startsWith('+08:00', s + 19)))) {
    lastMonth = month
    lastDate = text.slice(s, s + 11)
    lastDateSec = r - (r % DAY_SEC)
  }
  return r
}

function secondsAtSlow(text: string, s: number, e: number, month: StatementMonth): number | RowProblem {
  const n = e - s
  const beijing = n === 19 || (n === 25 && text.charCodeAt(s + 19) === 43 && text.charCodeAt(s + 22) === 58 && twoDigits(text, s + 20) === 8 && twoDigits(text, s + 23) === 0)
  const sep = text.charCodeAt(s + 10)
  if (!beijing || text.charCodeAt(s + 4) !== 45 || text.charCodeAt(s + 7) !== 45 || (sep !== 84 && sep !== 32) || text.charCodeAt(s + 13) !== 58 || text.charCodeAt(s + 16) !== 58) {
    return secondsIntoMonth(text.slice(s, e), month)
  }
  const y1 = twoDigits(text, s), y2 = twoDigits(text, s + 2), mo = twoDigits(text, s + 5), d = twoDigits(text, s + 8)
  const h = twoDigits(text, s + 11), mi = twoDigits(text, s + 14), sec = twoDigits(text, s + 17)
  if (y1 < 0 || y2 < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return { column: 'time', message: 'fees.statement.row.time' }
  if (y1 * 100 + y2 !== month.year || mo !== month.month) return secondsIntoMonth(text.slice(s, e), month)
  if (d > month.days) return { column: 'time', message: 'fees.statement.row.time' }
  return (d - 1) * DAY_SEC + h * 3600 + mi * 60 + sec
}

/** Fen from digits in place: 1 … 10^12, else -1. */
export function amountAt(text: string, s: number, e: number): number {
  const n = e - s
  if (n < 1 || n > 13) return -1
  let v = 0
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i) - 48
    if (c < 0 || c > 9) return -1
    v = v * 10 + c
  }
  return v >= 1 && v <= MAX_AMOUNT_FEN ? v : -1
}

const BASE62 = new Int8Array(128).fill(-1)
'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'.split('').forEach((c, i) => { BASE62[c.charCodeAt(0)] = i })

/** A terminal id (8 letters or digits) as a number, base 62 (62^8 < 2^53), so lookups make no string; -1 if malformed. */
export function terminalKeyAt(text: string, s: number, e: number): number {
  if (e - s !== 8) return -1
  let v = 0
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i)
    const d = c < 128 ? BASE62[c]! : -1
    if (d < 0) return -1
    v = v * 62 + d
  }
  return v
}

/** A merchant number (15 digits) as a number (below 10^15 < 2^53); -1 if malformed. */
export function merchantKeyAt(text: string, s: number, e: number): number {
  if (e - s !== 15) return -1
  let v = 0
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i) - 48
    if (c < 0 || c > 9) return -1
    v = v * 10 + c
  }
  return v
}

/** Whether `text` has `word` at `s`, by character codes (startsWith is a builtin call per use). */
function wordAt(text: string, s: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) if (text.charCodeAt(s + i) !== word.charCodeAt(i)) return false
  return true
}

/** debit 0, credit 1, qr 2, else -1. */
export function cardAt(text: string, s: number, e: number): number {
  const n = e - s
  if (n === 6) return wordAt(text, s, 'credit') ? 1 : -1
  if (n === 5) return wordAt(text, s, 'debit') ? 0 : -1
  if (n === 2) return wordAt(text, s, 'qr') ? 2 : -1
  return -1
}

export function typeAt(text: string, s: number, e: number): number {
  const n = e - s
  if (n === 4) return wordAt(text, s, 'sale') ? SALE : wordAt(text, s, 'void') ? VOID : -1
  if (n === 6) return wordAt(text, s, 'refund') ? REFUND : -1
  return -1
}

/** T1 0, D0 1, else -1. */
export function settlementAt(text: string, s: number, e: number): number {
  if (e - s !== 2) return -1
  const a = text.charCodeAt(s), b = text.charCodeAt(s + 1)
  return a === 84 && b === 49 ? 0 : a === 68 && b === 48 ? 1 : -1
}

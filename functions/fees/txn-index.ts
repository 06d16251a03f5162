// Every txn_id of a month's file must be unique, and voids and refunds must find their original sale.
// A Map of a million id strings costs ~100 MB, most of a Worker's 128 MB; here each id is kept as a
// 64-bit hash (two 32-bit halves, idHashAt in statement-rows.ts), with what a correction needs about the
// row, in typed arrays: 33 bytes a row. Two different ids share a 64-bit hash with probability ~n²/2^65
// (3·10⁻⁸ for a million rows); such a collision would show as a false duplicate.
//
// While the file streams, rows are only appended: a hash-table probe per row is a cache miss once the
// table outgrows the cache (at a million rows it was a third of the engine's time). `seal()` then finds
// duplicates and the originals of voids and refunds in passes, each with a table for one part of the hash
// space holding ~16k rows at most (256 KB, within the L2 cache): 64 passes at a million rows, 8 at 100,000,
// one for a small file. Rows are first grouped by pass (one more scan, 4 bytes a row), so a pass reads only
// its own rows instead of scanning the whole column.

const PAGE_BITS = 16
const PAGE = 1 << PAGE_BITS
const MASK = PAGE - 1
const DAY_SEC = 86_400
/** Highest share of slots in use: short probes, modest memory. */
const LOAD = 0.6

export const FLAG_SALE = 1
export const FLAG_VOIDED = 2
export const FLAG_REFUNDED = 4
export const FLAG_CAPPED = 8
/** The id was used by an earlier row. */
export const FLAG_DUPLICATE = 16

class Page {
  hi = new Int32Array(PAGE)
  lo = new Int32Array(PAGE)
  amount = new Float64Array(PAGE)
  key = new Int32Array(PAGE)
  terminal = new Int32Array(PAGE)
  sec = new Int32Array(PAGE)
  line = new Int32Array(PAGE)
  flags = new Uint8Array(PAGE)
}

/** One pass's table, open addressing: row + 1 by hash, with the low half beside it to skip most mismatches. */
class SealTable {
  private readonly slots: Int32Array
  private readonly mask: number

  constructor(size: number) {
    this.slots = new Int32Array(size * 2)
    this.mask = size - 1
  }

  clear(): void {
    this.slots.fill(0)
  }

  /** The slot comes from the hash bits below the pass's (the top ones). */
  private slotOf(hi: number, lo: number): number {
    return ((hi >>> 12) ^ Math.imul(lo, 0x9e3779b1)) & this.mask
  }

  /** Adds row `i`; returns the earlier row with the same hash, or -1. */
  add(hi: number, lo: number, i: number, log: TxnLog): number {
    const slots = this.slots, mask = this.mask
    for (let s = this.slotOf(hi, lo); ; s = (s + 1) & mask) {
      const r = slots[2 * s + 1]!
      if (r === 0) { slots[2 * s] = lo; slots[2 * s + 1] = i + 1; return -1 }
      if (slots[2 * s] === lo && log.hi(r - 1) === hi) return r - 1
    }
  }

  /** The row with this hash, or -1. */
  find(hi: number, lo: number, log: TxnLog): number {
    const slots = this.slots, mask = this.mask
    for (let s = this.slotOf(hi, lo); ; s = (s + 1) & mask) {
      const r = slots[2 * s + 1]!
      if (r === 0) return -1
      if (slots[2 * s] === lo && log.hi(r - 1) === hi) return r - 1
    }
  }
}

/** What sealing finds: rows reusing an earlier id (with that earlier row), and each lookup's first row or -1. */
export interface Sealed { duplicates: { index: number; first: number }[]; found: Int32Array }

/** Most rows one pass's table takes (at LOAD: 2^15 slots of 8 bytes). */
const ROWS_PER_PASS = 1 << 14
/** Passes are chosen by the top bits of the hash: at most 2^8 (MAX_ROWS needs 2^7). */
const MAX_PASS_BITS = 8

export class TxnLog {
  private pages: Page[] = []
  private count = 0
  /** Refunded so far, for the few sales that have refunds. */
  readonly refunded = new Map<number, number>()

  get size(): number {
    return this.count
  }

  /**
   * Appends a row: `key` is its statement line (for a correction, its original's), `sec` seconds since
   * the month began, `line` its line in the file. Positional, so the hot path allocates nothing.
   */
  append(hi: number, lo: number, flags: number, amount: number, key: number, terminal: number, sec: number, line: number): number {
    const index = this.count++
    if ((index & MASK) === 0) this.pages.push(new Page())
    const p = this.pages[index >>> PAGE_BITS]!
    const o = index & MASK
    p.hi[o] = hi; p.lo[o] = lo; p.flags[o] = flags; p.amount[o] = amount; p.key[o] = key; p.terminal[o] = terminal; p.sec[o] = sec; p.line[o] = line
    return index
  }

  /**
   * Marks every row whose id an earlier row already had (FLAG_DUPLICATE) and returns them in file order;
   * also finds, for each [hi, lo] in `lookups`, the first row with that id (found[i], or -1).
   */
  seal(lookups: readonly { hi: number; lo: number }[]): Sealed {
    const n = this.count
    let bits = 0
    while (bits < MAX_PASS_BITS && n > ROWS_PER_PASS << bits) bits++
    const passes = 1 << bits
    // The pass of a hash: its top `bits` bits (a shift by 32 would be a shift by 0, hence the mask).
    const shift = 32 - bits, top = bits === 0 ? 0 : -1
    const passOf = (hi: number) => (hi >>> shift) & top
    // Rows grouped by pass, in file order within each (4 bytes a row): a pass then reads only its rows.
    const from = new Int32Array(passes + 1)
    for (let i = 0; i < n; i++) from[passOf(this.pages[i >>> PAGE_BITS]!.hi[i & MASK]!) + 1]! += 1
    let most = 0
    for (let q = 0; q < passes; q++) { most = Math.max(most, from[q + 1]!); from[q + 1] = from[q + 1]! + from[q]! }
    const order = passes === 1 ? null : new Int32Array(n)
    if (order) {
      const next = from.slice(0, passes)
      for (let i = 0; i < n; i++) order[next[passOf(this.pages[i >>> PAGE_BITS]!.hi[i & MASK]!)]!++] = i
    }
    let size = 1 << 10
    while (size * LOAD < most) size *= 2
    const table = new SealTable(size)
    const duplicates: Sealed['duplicates'] = []
    const found = new Int32Array(lookups.length).fill(-1)
    const byPass: number[][] = Array.from({ length: passes }, () => [])
    lookups.forEach((l, i) => byPass[passOf(l.hi)]!.push(i))
    for (let pass = 0; pass < passes; pass++) {
      if (pass > 0) table.clear()
      for (let j = from[pass]!, end = from[pass + 1]!; j < end; j++) {
        const i = order ? order[j]! : j
        const p = this.pages[i >>> PAGE_BITS]!, o = i & MASK
        const first = table.add(p.hi[o]!, p.lo[o]!, i, this)
        if (first >= 0) {
          duplicates.push({ index: i, first })
          p.flags[o]! |= FLAG_DUPLICATE
        }
      }
      for (const k of byPass[pass]!) found[k] = table.find(lookups[k]!.hi, lookups[k]!.lo, this)
    }
    duplicates.sort((a, b) => a.index - b.index)
    return { duplicates, found }
  }

  hi(i: number): number { return this.pages[i >>> PAGE_BITS]!.hi[i & MASK]! }
  lo(i: number): number { return this.pages[i >>> PAGE_BITS]!.lo[i & MASK]! }
  flags(i: number): number { return this.pages[i >>> PAGE_BITS]!.flags[i & MASK]! }
  setFlag(i: number, flag: number): void { this.pages[i >>> PAGE_BITS]!.flags[i & MASK]! |= flag }
  amount(i: number): number { return this.pages[i >>> PAGE_BITS]!.amount[i & MASK]! }
  key(i: number): number { return this.pages[i >>> PAGE_BITS]!.key[i & MASK]! }
  terminal(i: number): number { return this.pages[i >>> PAGE_BITS]!.terminal[i & MASK]! }
  sec(i: number): number { return this.pages[i >>> PAGE_BITS]!.sec[i & MASK]! }
  line(i: number): number { return this.pages[i >>> PAGE_BITS]!.line[i & MASK]! }
  day(i: number): number { return Math.floor(this.sec(i) / DAY_SEC) }
}

// Every txn_id of a month's file must be unique, and voids and refunds must find their original sale.
// A Map of a million id strings costs ~100 MB, most of a Worker's 128 MB; here each id is kept as a
// 64-bit hash (two 32-bit halves, idHashAt in statement-rows.ts), with what a correction needs about the
// row, in typed arrays: 33 bytes a row. Two different ids share a 64-bit hash with probability ~n²/2^65
// (3·10⁻⁸ for a million rows); such a collision would show as a false duplicate.
//
// While the file streams, rows are only appended: a hash-table probe per row is a cache miss once the
// table outgrows the cache (at a million rows it was a third of the engine's time). `seal()` then finds
// duplicates and the originals of voids and refunds in 16 passes over the hash column, each with a small
// table for one sixteenth of the hash space: cache-sized, and well under a megabyte at a million rows.

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

/** What sealing finds: rows reusing an earlier id (with that earlier row), and each lookup's first row or -1. */
export interface Sealed { duplicates: { index: number; first: number }[]; found: Int32Array }

const PASSES = 16

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
    const perPass = new Int32Array(PASSES)
    for (let i = 0; i < n; i++) perPass[this.pages[i >>> PAGE_BITS]!.hi[i & MASK]! >>> 28]! += 1
    let size = 1 << 10
    while (size * LOAD < Math.max(...perPass)) size *= 2
    const slots = new Int32Array(size * 2), mask = size - 1
    const duplicates: Sealed['duplicates'] = []
    const found = new Int32Array(lookups.length).fill(-1)
    const byPass: number[][] = Array.from({ length: PASSES }, () => [])
    lookups.forEach((l, i) => byPass[l.hi >>> 28]!.push(i))
    // The slot comes from the hash bits just below the pass's four.
    const slotOf = (hi: number, lo: number) => ((hi >>> 12) ^ Math.imul(lo, 0x9e3779b1)) & mask
    for (let pass = 0; pass < PASSES; pass++) {
      slots.fill(0)
      for (let i = 0; i < n; i++) {
        const p = this.pages[i >>> PAGE_BITS]!, o = i & MASK, hi = p.hi[o]!
        if (hi >>> 28 !== pass) continue
        const lo = p.lo[o]!
        for (let s = slotOf(hi, lo); ; s = (s + 1) & mask) {
          const r = slots[2 * s + 1]!
          if (r === 0) { slots[2 * s] = lo; slots[2 * s + 1] = i + 1; break }
          if (slots[2 * s] === lo && this.hi(r - 1) === hi) {
            duplicates.push({ index: i, first: r - 1 })
            p.flags[o]! |= FLAG_DUPLICATE
            break
          }
        }
      }
      for (const k of byPass[pass]!) {
        const { hi, lo } = lookups[k]!
        for (let s = slotOf(hi, lo); ; s = (s + 1) & mask) {
          const r = slots[2 * s + 1]!
          if (r === 0) break
          if (slots[2 * s] === lo && this.hi(r - 1) === hi) { found[k] = r - 1; break }
        }
      }
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

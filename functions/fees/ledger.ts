import type { RefundFeeRule } from './adjustment'
import { proportionalPart, roundedFee } from './fast'
import type { Fen, Ppm } from './money'
import { tierFor, type AgentCosts, type PlanVersion } from './plans'

// One statement line: a merchant's transactions of one card type, settlement and plan version. It keeps
// sums only, yet every figure is the exact sum of per-transaction half-up roundings:
//
// - each sale's merchant fee is rounded once (then capped for debit);
// - each agent level k has a per-transaction cost C_k = half-up(amount × its cost rate), or for a capped
//   debit sale C_k = cap − (fixed pay of level k); the bottom level earns fee − C_bottom and every other
//   level earns C_(k+1) − C_k, so on every transaction the shares add up exactly to fee − C_top;
// - an agent's cost rate depends on its tier, known only when the month's volume is: so each line sums
//   C for every cost rate any level on its chain could end up with (a handful), and picks the sums once
//   the tiers are known. Two passes over sums, not over rows, and no rounding after the sums.
//
// A void removes its sale (the same per-transaction values are subtracted). A refund reverses part of
// the fee and of every C_k by the plan's refund-fee rule, each rounded cumulatively per sale (adjustment.ts).
//
// A sale updates a line's sums millions of times; so the numbers a sale reads and writes (rates, candidate
// cost rates, running sums) live in one contiguous block of a shared Float64Array (LineTable), not spread
// over objects and arrays: one or two cache lines per row instead of five.

export interface ChainLevel { agentId: string; level: number; costs: AgentCosts }

// Block layout, in doubles.
const SALES_VOLUME = 0, FEE_UNCAPPED = 1, FEE_CAPPED = 2, D0_FEE = 3, CAPPED = 4, SALES = 5
const RATE = 6, CAP = 7, D0_RATE = 8, D0_FIXED = 9, QUALIFYING = 10, CANDIDATES = 11, FIRST = 12
const PER_PAGE = 1024

/** The blocks of all lines of a statement: block i is `page(i)[base(i) … base(i) + stride)`. */
export class LineTable {
  private readonly pages: Float64Array[] = []
  /** FIRST + two slots (rate, sum) per candidate cost rate a line may have. */
  readonly stride: number

  constructor(maxCandidates: number) {
    this.stride = FIRST + 2 * maxCandidates
  }

  page(i: number): Float64Array {
    const p = Math.floor(i / PER_PAGE)
    while (this.pages.length <= p) this.pages.push(new Float64Array(PER_PAGE * this.stride))
    return this.pages[p]!
  }

  base(i: number): number {
    return (i % PER_PAGE) * this.stride
  }

  /**
   * Whether a sale of `amount` on line `i` is capped: its rounded fee is above the cap, as in quoteFee. A fee
   * that rounds to the cap exactly is a spread sale, so it pays each level its spread, not the fixed pay.
   */
  isCapped(i: number, amount: Fen): boolean {
    const b = this.page(i), o = this.base(i)
    const cap = b[o + CAP]!
    return cap >= 0 && roundedFee(amount, b[o + RATE]!) > cap
  }

  /** A sale of at least this (fen) is a qualifying swipe for terminal activation (Infinity: none). */
  qualifying(i: number): number {
    return this.page(i)[this.base(i) + QUALIFYING]!
  }

  /** Adds a sale to line `i` (sign 1) or takes a voided one out again (sign -1). The hot path. */
  sale(i: number, amount: Fen, capped: boolean, sign: 1 | -1): void {
    const b = this.page(i), o = this.base(i)
    b[o + SALES] = b[o + SALES]! + sign
    b[o + SALES_VOLUME] = b[o + SALES_VOLUME]! + sign * amount
    if (capped) {
      b[o + FEE_CAPPED] = b[o + FEE_CAPPED]! + sign * b[o + CAP]!
      b[o + CAPPED] = b[o + CAPPED]! + sign
    } else {
      b[o + FEE_UNCAPPED] = b[o + FEE_UNCAPPED]! + sign * roundedFee(amount, b[o + RATE]!)
      const n = b[o + CANDIDATES]!, r = o + FIRST, s = r + n
      for (let j = 0; j < n; j++) b[s + j] = b[s + j]! + sign * roundedFee(amount, b[r + j]!)
    }
    const d0 = b[o + D0_RATE]!
    if (d0 >= 0) b[o + D0_FEE] = b[o + D0_FEE]! + sign * (roundedFee(amount, d0) + b[o + D0_FIXED]!)
  }
}

/**
 * What lines of one plan version, card and agent chain share: the candidate cost rates, and for each chain
 * level and tier the index of its rate among them. Shared, because an agency may have many merchants.
 */
export interface LineShape { candidates: Ppm[]; tierIndex: number[][] }

export function lineShape(chain: readonly ChainLevel[], card: 0 | 1 | 2): LineShape {
  const cardName = (['debit', 'credit', 'qr'] as const)[card]
  const candidates: Ppm[] = []
  const tierIndex = chain.map((c) => c.costs.tiers.map((t) => {
    const r = t.rates[cardName]
    let i = candidates.indexOf(r)
    if (i < 0) i = candidates.push(r) - 1
    return i
  }))
  return { candidates, tierIndex }
}

export class StatementLine {
  voids = 0
  refunds = 0
  refundVolume = 0
  /** Reversed Σ (cap − pay_k) on refunds of capped sales, per chain level; made on the first such refund. */
  private cappedReversed: Float64Array | null = null
  readonly rule: RefundFeeRule
  readonly candidates: Ppm[]
  readonly tierIndex: number[][]
  private readonly block: Float64Array
  private readonly base: number

  constructor(
    readonly table: LineTable,
    /** This line's number in the table. */
    readonly id: number,
    /** The merchant's index in the statement (its number is merchantNo). */
    readonly merchant: number,
    readonly merchantNo: string,
    readonly merchantAgent: string,
    readonly card: 0 | 1 | 2,
    readonly settlement: 0 | 1,
    readonly plan: PlanVersion,
    readonly chain: ChainLevel[],
    shape: LineShape,
  ) {
    const terms = plan.terms
    const cardName = (['debit', 'credit', 'qr'] as const)[card]
    this.rule = terms.refund_fee_rule
    const candidates = shape.candidates
    this.candidates = candidates
    this.tierIndex = shape.tierIndex
    this.block = table.page(id)
    this.base = table.base(id)
    const b = this.block, o = this.base
    b[o + RATE] = terms.merchant_rates[cardName]
    b[o + CAP] = card === 0 && terms.debit_cap !== null ? terms.debit_cap : -1
    b[o + D0_RATE] = settlement === 1 && terms.d0 !== null ? terms.d0.rate : -1
    b[o + D0_FIXED] = terms.d0?.fixed ?? 0
    b[o + QUALIFYING] = terms.activation?.first_swipe_min ?? Infinity
    b[o + CANDIDATES] = candidates.length
    candidates.forEach((r, j) => { b[o + FIRST + j] = r })
  }

  private get(field: number): number { return this.block[this.base + field]! }
  private add(field: number, x: number): void { this.block[this.base + field] = this.block[this.base + field]! + x }

  get sales(): number { return this.get(SALES) }
  get salesVolume(): Fen { return this.get(SALES_VOLUME) }
  get feeUncapped(): Fen { return this.get(FEE_UNCAPPED) }
  get feeCapped(): Fen { return this.get(FEE_CAPPED) }
  get d0Fee(): Fen { return this.get(D0_FEE) }
  /** Capped debit sales not voided. */
  get capped(): number { return this.get(CAPPED) }
  get cap(): Fen { return this.get(CAP) }
  get volume(): Fen { return this.salesVolume - this.refundVolume }

  /** A refund of `amount` on a sale of `original` that had `before` refunded already. */
  refund(original: Fen, capped: boolean, before: Fen, amount: Fen): void {
    const after = before + amount
    this.refunds += 1
    this.refundVolume += amount
    if (this.rule === 'none_returned') return
    const back = (whole: Fen) => this.reversed(whole, original, after) - this.reversed(whole, original, before)
    const cap = this.cap
    if (capped) {
      this.add(FEE_CAPPED, -back(cap))
      const reversed = (this.cappedReversed ??= new Float64Array(this.chain.length))
      this.chain.forEach((c, k) => { reversed[k] = reversed[k]! + back(cap - c.costs.capped_debit_pay) })
    } else {
      this.add(FEE_UNCAPPED, -back(roundedFee(original, this.get(RATE))))
      const n = this.candidates.length
      this.candidates.forEach((r, j) => this.add(FIRST + n + j, -back(roundedFee(original, r))))
    }
  }

  /** How much of `whole` has gone back once `done` of `total` is refunded, under the plan's rule. */
  private reversed(whole: Fen, total: Fen, done: Fen): Fen {
    if (this.rule === 'proportional') return proportionalPart(whole, done, total)
    return done === total ? whole : 0
  }

  /**
   * Shares per chain level (top to bottom) once each level's monthly volume is known: `volume[pos[k]]` is
   * the volume of chain level k. Writes the tier reached, the spread part (uncapped transactions) and the
   * fixed-pay part (capped debit ones) of each level into the out arrays; runs once per line, allocation-free.
   */
  shares(volume: Float64Array, pos: Int32Array, tier: Int32Array, spread: Float64Array, cappedPay: Float64Array): void {
    const n = this.chain.length
    for (let k = 0; k < n; k++) {
      const tiers = this.chain[k]!.costs.tiers
      tier[k] = tiers.indexOf(tierFor(tiers, Math.max(0, volume[pos[k]!]!)))
    }
    const cap = this.cap, capped = this.capped, firstSum = FIRST + this.candidates.length
    let below = this.feeUncapped
    let belowCapped = this.feeCapped
    for (let k = n - 1; k >= 0; k--) {
      const own = this.get(firstSum + this.tierIndex[k]![tier[k]!]!)
      spread[k] = below - own
      below = own
      if (cap < 0) { cappedPay[k] = 0; continue }
      const ownCapped = capped * (cap - this.chain[k]!.costs.capped_debit_pay) - (this.cappedReversed?.[k] ?? 0)
      cappedPay[k] = belowCapped - ownCapped
      belowCapped = ownCapped
    }
  }
}

/** Most candidate cost rates any line can have under these plans: all tiers of all cost entries. */
export function maxCandidates(plans: Iterable<readonly PlanVersion[]>): number {
  let max = 1
  for (const versions of plans) {
    for (const v of versions) max = Math.max(max, v.terms.agent_costs.reduce((n, c) => n + c.tiers.length, 0))
  }
  return max
}

// Agent profit-share statement (分润报表) for one agent's subtree and one month, computed from the month's
// transaction file as it streams in: each sale is checked and folded into per-line sums (ledger.ts) and
// per-terminal day counters (activation.ts); every row's id goes into an append-only log (txn-index.ts).
// Nothing holds the rows. When the file ends, the log is sealed: duplicate ids are found and voids and
// refunds are checked against their originals and applied, in file order. Then tiers, shares and rewards.
// Pure: the caller loads the tree, merchants, plans and the terminal ledger, and stores the result.

import { advanceTerminal, TerminalActivity, type RewardEvent, type RuleAt, type TerminalState } from './activation'
import { LineReader, splitCsvLine } from './csv'
import { FeeRuleError } from './errors'
import { AgentTree } from './hierarchy'
import { LineTable, lineShape, maxCandidates, StatementLine, type ChainLevel, type LineShape } from './ledger'
import { formatRate, formatYuan, type Fen } from './money'
import { NumberIndex } from './number-index'
import { costBelowUpper, costsFor, type PlanVersion } from './plans'
import {
  amountAt, CARD_NAMES, cardAt, COLUMNS, dayOf, idHashAt, merchantKeyAt, readHeader, REFUND, SALE, secondsAt,
  SETTLEMENT_NAMES, settlementAt, StatementMonth, terminalKeyAt, typeAt, type Column, type RowProblem,
} from './statement-rows'
import type { AgentShare, LineResult, RowError, StatementContext, StatementOutcome, StatementResult } from './statement-types'
import { FLAG_CAPPED, FLAG_DUPLICATE, FLAG_REFUNDED, FLAG_SALE, FLAG_VOIDED, TxnLog } from './txn-index'

export type { AgentShare, LineResult, RowError, StatementContext, StatementOutcome, StatementResult } from './statement-types'

// Indexes into COLUMNS, for the hot path.
const C_TXN = 0, C_TIME = 1, C_MERCHANT = 2, C_TERMINAL = 3, C_CARD = 4, C_TYPE = 5, C_AMOUNT = 6, C_SETTLEMENT = 7, C_ORIGINAL = 8

interface PendingCorrection {
  /** Its row in the log, and its line in the file. */
  index: number
  line: number
  type: number
  originalId: string
  amount: number
  sec: number
  merchant: number
  card: number
  settlement: number
  /** Terminal key (terminalKeyAt) of the row. */
  terminal: number
}

/**
 * Voids and refunds as they stream in, kept in columns: the row loop makes no object per correction (an
 * object made there makes V8 re-optimize the loop once it decides such objects live long). Amount, time
 * and line are the log's. Objects are made once the file is in, one at a time.
 */
class PendingCorrections {
  count = 0
  /** Per correction: log index, type, original's hash (hi, lo), merchant, card, settlement. */
  private ints = new Int32Array(7 * 256)
  private terminals = new Float64Array(256)
  private readonly originalIds: string[] = []

  add(index: number, type: number, ohi: number, olo: number, originalId: string, merchant: number, card: number, settlement: number, terminal: number): void {
    const k = this.count++
    if (k === this.terminals.length) {
      const ints = new Int32Array(this.ints.length * 2), terminals = new Float64Array(this.terminals.length * 2)
      ints.set(this.ints)
      terminals.set(this.terminals)
      this.ints = ints
      this.terminals = terminals
    }
    const i = 7 * k, a = this.ints
    a[i] = index; a[i + 1] = type; a[i + 2] = ohi; a[i + 3] = olo; a[i + 4] = merchant; a[i + 5] = card; a[i + 6] = settlement
    this.terminals[k] = terminal
    this.originalIds.push(originalId)
  }

  /** The originals' hashes, for TxnLog.seal. */
  originals(): { hi: number; lo: number }[] {
    return Array.from({ length: this.count }, (_, k) => ({ hi: this.ints[7 * k + 2]!, lo: this.ints[7 * k + 3]! }))
  }

  get(k: number, log: TxnLog): PendingCorrection {
    const i = 7 * k, a = this.ints, index = a[i]!
    return {
      index, line: log.line(index), type: a[i + 1]!, originalId: this.originalIds[k]!,
      amount: log.amount(index), sec: log.sec(index), merchant: a[i + 4]!, card: a[i + 5]!, settlement: a[i + 6]!, terminal: this.terminals[k]!,
    }
  }
}

/** More rows than one upload may have (each row keeps 33 bytes until the end; a Worker has 128 MB). */
export class TooManyRows extends Error {
  constructor(readonly limit: number) { super(`more than ${limit} rows`) }
}

export const MAX_ROWS = 1_200_000
export const MAX_ERRORS = 100

const MISSING_PLAN = -2

/**
 * Why `upper` would earn less than nothing on `lower`'s sales (级差 below zero), or null: the same rules as
 * between levels of a stored plan (plans.ts), which an entry for a named agent meets only here, in its chain.
 */
function costFallsBelow(plan: PlanVersion, upper: ChainLevel, lower: ChainLevel, card: 0 | 1 | 2): RowProblem | null {
  const cardName = CARD_NAMES[card]
  const who = { plan_id: plan.plan_id, version: plan.version, agent_id: lower.agentId, level: lower.level, upper_agent_id: upper.agentId }
  const below = costBelowUpper(upper.costs, lower.costs, cardName)
  if (below) {
    return { column: 'merchant_no', message: 'fees.statement.row.cost_below_upper', params: { ...who, card: cardName, cost: formatRate(below.cost), upper: formatRate(below.upper) } }
  }
  const pay = lower.costs.capped_debit_pay, upperPay = upper.costs.capped_debit_pay
  if (card === 0 && plan.terms.debit_cap !== null && pay > upperPay) {
    return { column: 'merchant_no', message: 'fees.statement.row.pay_above_upper', params: { ...who, pay: formatYuan(pay), upper: formatYuan(upperPay) } }
  }
  return null
}

export class StatementBuilder {
  private readonly month: StatementMonth
  private readonly tree: AgentTree
  private readonly reader: LineReader
  private readonly maxErrors: number
  private readonly maxRows: number
  private cols: Record<Column, number> | null = null
  private ncols = 0
  private headerFailed = false

  /** By merchant number read as a number (merchantKeyAt): lookups make no strings. */
  private readonly merchantIndex = new NumberIndex()
  private readonly merchantNo: string[] = []
  private readonly merchantAgent: string[] = []
  /** Per merchant: its chain of agents from the root, its plan (or null: none assigned), and that plan's version per day. */
  private readonly merchantChain: string[][] = []
  private readonly merchantPlan: (string | null)[] = []
  /** Per merchant, its plan's version slot per day of the month (null: no plan, or none of its versions starts by the month's end). */
  private readonly merchantSlots: (Int8Array | null)[] = []
  private readonly versionsInMonth = new Map<string, PlanVersion[]>()
  private readonly slotByDay = new Map<string, Int8Array>()
  private readonly maxSlots: number
  private readonly lineIds: Int32Array
  private readonly lineProblems = new Map<number, RowProblem>()
  private readonly lines: StatementLine[] = []
  private readonly table: LineTable
  /**
   * Chains and shapes by plan version, card and merchant agent (shapeKey): lines of one agent's merchants share
   * them, and share why the plan cannot price them when it cannot.
   */
  private readonly shapes = new Map<number, { chain: ChainLevel[]; shape: LineShape } | { problem: RowProblem }>()
  /** Per merchant: a number for its agent, and the number of its plan's first version in the month (for shapeKey). */
  private readonly merchantAgentNo: number[] = []
  private readonly merchantVersionBase: number[] = []
  private readonly agentCount: number

  private readonly log = new TxnLog()
  /** Voids and refunds, checked against their originals once the whole file is in (see finish). */
  private readonly corrections = new PendingCorrections()
  /** Problems found after the stream (duplicates, corrections), each list in file order. */
  private readonly lateErrors: RowError[][] = [[], []]
  private readonly activity: TerminalActivity
  private readonly errors: RowError[] = []
  private errorCount = 0
  private rowCount = 0
  private sales = 0
  private voids = 0
  private refunds = 0
  /** Σ |amount| of accepted rows: while below 2^53 every running sum here is an exact integer. */
  private gross = 0

  constructor(private readonly ctx: StatementContext) {
    this.month = new StatementMonth(ctx.month)
    this.tree = new AgentTree(ctx.agents)
    this.maxErrors = ctx.maxErrors ?? MAX_ERRORS
    this.maxRows = ctx.maxRows ?? MAX_ROWS
    const rewards = [...ctx.plans.values()].some((vs) => vs.some((v) => v.terms.activation !== null))
    this.activity = new TerminalActivity(this.month.days, rewards || (ctx.priorTerminals?.size ?? 0) > 0)
    this.table = new LineTable(maxCandidates(ctx.plans.values()))
    this.reader = new LineReader((text, start, end, no, quoted) => this.onLine(text, start, end, no, quoted))

    for (const [planId, versions] of ctx.plans) {
      const inMonth = versions.filter((v, i) => v.effective_from <= this.month.last && (versions[i + 1]?.effective_from ?? '9999') > this.month.first)
      const slots = new Int8Array(this.month.days).fill(-1)
      this.month.dates.forEach((day, d) => {
        for (let s = 0; s < inMonth.length; s++) if (inMonth[s]!.effective_from <= day) slots[d] = s
      })
      this.versionsInMonth.set(planId, inMonth)
      this.slotByDay.set(planId, slots)
    }
    this.maxSlots = Math.max(1, ...[...this.versionsInMonth.values()].map((v) => v.length))
    const versionBase = new Map<string, number>()
    let versions = 0
    for (const [planId, inMonth] of this.versionsInMonth) { versionBase.set(planId, versions); versions += inMonth.length }
    const agentNo = new Map<string, number>()
    for (const m of ctx.merchants) {
      const chain = this.tree.chain(ctx.root, m.agent_id)
      if (!chain) continue
      this.merchantIndex.set(Number(m.merchant_no), this.merchantNo.length)
      this.merchantNo.push(m.merchant_no)
      this.merchantAgent.push(m.agent_id)
      this.merchantChain.push(chain)
      const plan = this.tree.planOf(m.agent_id, ctx.assignments)
      // The caller loads only versions that start by the month's end: an assigned plan whose versions all
      // start later is missing from ctx.plans, yet assigned all the same (no version in force, not no plan).
      const priced = plan !== null && this.versionsInMonth.has(plan)
      this.merchantPlan.push(plan)
      this.merchantSlots.push(priced ? this.slotByDay.get(plan)! : null)
      this.merchantVersionBase.push(priced ? versionBase.get(plan)! : -1)
      if (!agentNo.has(m.agent_id)) agentNo.set(m.agent_id, agentNo.size)
      this.merchantAgentNo.push(agentNo.get(m.agent_id)!)
    }
    this.agentCount = agentNo.size
    this.lineIds = new Int32Array(this.merchantNo.length * 6 * this.maxSlots).fill(-1)
  }

  /** Feed decoded text of the file, in chunks of any size. */
  push(text: string): void {
    this.reader.push(text)
  }

  private fail(line: number, p: RowProblem): void {
    this.errorCount += 1
    if (this.errors.length < this.maxErrors) this.errors.push({ line, column: p.column, message: p.message, ...(p.params ? { params: p.params } : {}) })
  }

  private onLine(text: string, start: number, end: number, no: number, quoted: boolean): void {
    if (this.cols === null) return this.onHeader(text.slice(start, end), no)
    if (start === end || (end - start < 16 && text.slice(start, end).trim() === '')) return
    this.rowCount += 1
    if (this.rowCount > this.maxRows) throw new TooManyRows(this.maxRows)
    this.lineNo = no
    let problem: RowProblem | null
    if (quoted) {
      // Rare: rebuild the line without quotes. A value that needed quoting (a comma or quote inside) is
      // never valid in a column we read, so it becomes a character every column refuses.
      const fields = splitCsvLine(text.slice(start, end))
      const line = fields && fields.map((f) => (/[,"]/.test(f) ? '\u0000' : f)).join(',')
      problem = line === null ? { column: 'row', message: 'fees.statement.row.quotes' } : this.row(line, 0, line.length)
    } else {
      problem = this.row(text, start, end)
    }
    if (problem) this.fail(no, problem)
  }

  private onHeader(line: string, no: number): void {
    if (this.headerFailed) return
    if (line.trim() === '') return this.fail(no, { column: 'header', message: 'fees.statement.header_missing', params: { columns: COLUMNS.join(', ') } })
    const fields = splitCsvLine(line)
    const header = fields ? readHeader(fields) : [{ column: 'header', message: 'fees.statement.row.quotes' } as RowProblem]
    if (Array.isArray(header)) {
      this.headerFailed = true
      for (const p of header) this.fail(no, p)
      return
    }
    this.cols = header
    this.ncols = Math.max(...Object.values(header)) + 1
    this.fieldStart = new Int32Array(this.ncols)
    this.fieldEnd = new Int32Array(this.ncols)
    this.at = Int32Array.from(COLUMNS.map((c) => header[c]))
  }

  /** A field of the current row as a string: only for messages and first sightings. */
  private field(text: string, column: number): string {
    return text.slice(this.fieldStart[this.at[column]!]!, this.fieldEnd[this.at[column]!]!)
  }

  private fieldStart = new Int32Array(0)
  private fieldEnd = new Int32Array(0)
  /** Position in the line of each of COLUMNS. */
  private at = new Int32Array(COLUMNS.length)
  private readonly hash = new Int32Array(2)
  /** Line number of the row being read. */
  private lineNo = 0

  /**
   * Checks one row, read in place in `text` between `start` and `end`, and folds it in if it is good;
   * otherwise returns why it is bad, having folded in nothing. The hot path: no allocation but the
   * merchant and terminal strings it looks up.
   */
  private row(text: string, start: number, end: number): RowProblem | null {
    const fs = this.fieldStart, fe = this.fieldEnd, n = this.ncols
    let p = start
    for (let k = 0; k < n; k++) {
      if (p > end) return { column: 'row', message: 'fees.statement.row.columns', params: { expected: n, found: k } }
      fs[k] = p
      let comma = text.indexOf(',', p)
      if (comma < 0 || comma > end) comma = end
      fe[k] = comma
      p = comma + 1
    }
    const at = this.at
    const h = this.hash
    if (!idHashAt(text, fs[at[C_TXN]!]!, fe[at[C_TXN]!]!, h)) return { column: 'txn_id', message: 'fees.statement.row.txn_id' }
    const hi = h[0]!, lo = h[1]!
    const sec = secondsAt(text, fs[at[C_TIME]!]!, fe[at[C_TIME]!]!, this.month)
    if (typeof sec !== 'number') return sec
    const mKey = merchantKeyAt(text, fs[at[C_MERCHANT]!]!, fe[at[C_MERCHANT]!]!)
    const m = mKey < 0 ? -1 : this.merchantIndex.get(mKey)
    if (m < 0) {
      return mKey >= 0
        ? { column: 'merchant_no', message: 'fees.statement.row.merchant_outside', params: { merchant_no: this.field(text, C_MERCHANT), agent_id: this.ctx.root } }
        : { column: 'merchant_no', message: 'fees.statement.row.merchant_no' }
    }
    const tKey = terminalKeyAt(text, fs[at[C_TERMINAL]!]!, fe[at[C_TERMINAL]!]!)
    if (tKey < 0) return { column: 'terminal_id', message: 'fees.statement.row.terminal_id' }
    const card = cardAt(text, fs[at[C_CARD]!]!, fe[at[C_CARD]!]!)
    if (card < 0) return { column: 'card', message: 'fees.statement.row.card' }
    const type = typeAt(text, fs[at[C_TYPE]!]!, fe[at[C_TYPE]!]!)
    if (type < 0) return { column: 'type', message: 'fees.statement.row.type' }
    const amount = amountAt(text, fs[at[C_AMOUNT]!]!, fe[at[C_AMOUNT]!]!)
    if (amount < 0) return { column: 'amount', message: 'fees.statement.row.amount' }
    const settlement = settlementAt(text, fs[at[C_SETTLEMENT]!]!, fe[at[C_SETTLEMENT]!]!)
    if (settlement < 0) return { column: 'settlement', message: 'fees.statement.row.settlement' }
    const os = fs[at[C_ORIGINAL]!]!, oe = fe[at[C_ORIGINAL]!]!
    if (type === SALE && oe > os) return { column: 'original_txn_id', message: 'fees.statement.row.original_on_sale' }
    if (type !== SALE && oe === os) return { column: 'original_txn_id', message: 'fees.statement.row.original_required' }
    const known = this.activity.find(tKey)
    if (known >= 0 && this.activity.merchant[known] !== m) {
      return { column: 'terminal_id', message: 'fees.statement.row.terminal_other_merchant', params: { terminal_id: this.field(text, C_TERMINAL), merchant_no: this.merchantNo[this.activity.merchant[known]!]! } }
    }
    const day = dayOf(sec)

    if (type === SALE) {
      const key = this.lineFor(m, card as 0 | 1 | 2, settlement as 0 | 1, day)
      if (typeof key !== 'number') return key
      const table = this.table
      const t = known >= 0 ? known : this.activity.add(tKey, this.field(text, C_TERMINAL), m)
      const capped = table.isCapped(key, amount)
      table.sale(key, amount, capped, 1)
      this.activity.sale(t, day, amount, amount >= table.qualifying(key), 1)
      this.log.append(hi, lo, FLAG_SALE | (capped ? FLAG_CAPPED : 0), amount, key, t, sec, this.lineNo)
      this.sales += 1
      this.gross += amount
      return null
    }

    if (!idHashAt(text, os, oe, h)) return { column: 'original_txn_id', message: 'fees.statement.row.txn_id' }
    const index = this.log.append(hi, lo, 0, amount, -1, known, sec, this.lineNo)
    this.corrections.add(index, type, h[0]!, h[1]!, this.field(text, C_ORIGINAL), m, card, settlement, tKey)
    return null
  }

  /**
   * Once the file is in: rows reusing an earlier row's id are bad (and a sale among them is taken out
   * again), then voids and refunds are checked against their originals and applied, in file order, with
   * exactly the checks a row-by-row pass would make (the original must come earlier in the file).
   */
  private settle(): void {
    const { duplicates, found } = this.log.seal(this.corrections.originals())
    for (const { index: i, first } of duplicates) {
      this.failLate(0, { line: this.log.line(i), column: 'txn_id', message: 'fees.statement.row.duplicate', params: { line: this.log.line(first) } })
      const flags = this.log.flags(i)
      if (flags & FLAG_SALE) {
        const key = this.log.key(i), amount = this.log.amount(i), day = this.log.day(i)
        this.table.sale(key, amount, (flags & FLAG_CAPPED) !== 0, -1)
        this.activity.sale(this.log.terminal(i), day, amount, amount >= this.table.qualifying(key), -1)
        this.sales -= 1
        this.gross -= amount
      }
    }
    for (let k = 0; k < this.corrections.count; k++) {
      const c = this.corrections.get(k, this.log)
      if (this.log.flags(c.index) & FLAG_DUPLICATE) continue
      const problem = this.correct(c, found[k]!)
      if (problem) this.failLate(1, { line: c.line, column: problem.column, message: problem.message, ...(problem.params ? { params: problem.params } : {}) })
    }
  }

  /** Checks and applies one void or refund; `o` is the first row with its original's id, or -1. */
  private correct(c: PendingCorrection, o: number): RowProblem | null {
    const log = this.log
    const txn_id = c.originalId
    if (o < 0 || o > c.index) return { column: 'original_txn_id', message: 'fees.statement.row.original_missing', params: { txn_id } }
    const flags = log.flags(o)
    if (!(flags & FLAG_SALE)) return { column: 'original_txn_id', message: 'fees.statement.row.original_not_sale', params: { txn_id } }
    if (flags & FLAG_VOIDED) return { column: 'original_txn_id', message: 'fees.statement.row.original_voided', params: { txn_id } }
    const key = log.key(o)
    const line = this.lines[key]!
    const mismatch: Column | null = line.merchant !== c.merchant ? 'merchant_no' : line.card !== c.card ? 'card' : line.settlement !== c.settlement ? 'settlement' : null
    if (mismatch) return { column: mismatch, message: 'fees.statement.row.original_mismatch', params: { txn_id } }
    if (c.sec < log.sec(o)) return { column: 'time', message: 'fees.statement.row.before_original', params: { txn_id } }
    const originalAmount = log.amount(o)
    const capped = (flags & FLAG_CAPPED) !== 0
    const t = log.terminal(o)
    const day = dayOf(c.sec)

    if (c.type === REFUND) {
      const before = log.refunded.get(o) ?? 0
      if (before + c.amount > originalAmount) return { column: 'amount', message: 'fees.statement.row.over_refund', params: { txn_id, remaining: originalAmount - before } }
      line.refund(originalAmount, capped, before, c.amount)
      log.refunded.set(o, before + c.amount)
      log.setFlag(o, FLAG_REFUNDED)
      this.activity.refund(t, day, c.amount)
      this.refunds += 1
      this.gross += c.amount
      return null
    }

    // 撤销: same terminal, same business day, full amount, not after a refund, never for D0 (already paid out).
    if (this.activity.find(c.terminal) !== t) return { column: 'terminal_id', message: 'fees.statement.row.original_mismatch', params: { txn_id } }
    if (c.amount !== originalAmount) return { column: 'amount', message: 'fees.statement.row.void_amount', params: { txn_id, amount: originalAmount } }
    if (c.settlement === 1) return { column: 'settlement', message: 'fees.statement.row.void_d0' }
    if (day !== log.day(o)) return { column: 'time', message: 'fees.statement.row.void_other_day', params: { txn_id } }
    if (flags & FLAG_REFUNDED) return { column: 'original_txn_id', message: 'fees.statement.row.void_after_refund', params: { txn_id } }
    line.voids += 1
    this.table.sale(key, originalAmount, capped, -1)
    this.activity.sale(t, log.day(o), originalAmount, originalAmount >= this.table.qualifying(key), -1)
    log.setFlag(o, FLAG_VOIDED)
    this.voids += 1
    this.gross += c.amount
    return null
  }

  private failLate(list: number, e: RowError): void {
    this.errorCount += 1
    const l = this.lateErrors[list]!
    if (l.length < this.maxErrors) l.push(e)
  }

  /** The statement line of a sale, made on first use; a problem when the plan leaves it unpriced. */
  private lineFor(m: number, card: 0 | 1 | 2, settlement: 0 | 1, day: number): number | RowProblem {
    const planId = this.merchantPlan[m]!
    if (planId === null) {
      return { column: 'merchant_no', message: 'fees.statement.row.no_plan', params: { merchant_no: this.merchantNo[m]!, agent_id: this.merchantAgent[m]! } }
    }
    const slot = this.merchantSlots[m]?.[day] ?? -1
    if (slot < 0) return { column: 'time', message: 'fees.statement.row.no_plan_version', params: { plan_id: planId, date: this.month.dates[day]! } }
    const at = (m * 6 + card * 2 + settlement) * this.maxSlots + slot
    const id = this.lineIds[at]!
    if (id >= 0) return id
    if (id === MISSING_PLAN) return this.lineProblems.get(at)!
    const plan = this.versionsInMonth.get(planId)![slot]!
    const shapeKey = ((this.merchantVersionBase[m]! + slot) * 3 + card) * this.agentCount + this.merchantAgentNo[m]!
    let known = this.shapes.get(shapeKey)
    if (!known) {
      known = this.chainFor(this.merchantChain[m]!, plan, card)
      this.shapes.set(shapeKey, known)
    }
    if ('problem' in known) {
      this.lineIds[at] = MISSING_PLAN
      this.lineProblems.set(at, known.problem)
      return known.problem
    }
    this.lines.push(new StatementLine(this.table, this.lines.length, m, this.merchantNo[m]!, this.merchantAgent[m]!, card, settlement, plan, known.chain, known.shape))
    this.lineIds[at] = this.lines.length - 1
    return this.lines.length - 1
  }

  /** The costs of each agent from the root down to a merchant's agent under `plan`, or why they cannot price a sale. */
  private chainFor(agents: readonly string[], plan: PlanVersion, card: 0 | 1 | 2): { chain: ChainLevel[]; shape: LineShape } | { problem: RowProblem } {
    const chain: ChainLevel[] = []
    for (const agentId of agents) {
      const level = this.tree.level(agentId)
      const costs = costsFor(plan.terms, agentId, level)
      if (!costs) return { problem: { column: 'merchant_no', message: 'fees.statement.row.no_costs', params: { plan_id: plan.plan_id, version: plan.version, agent_id: agentId, level } } }
      const lower: ChainLevel = { agentId, level, costs }
      const upper = chain[chain.length - 1]
      const problem = upper && costFallsBelow(plan, upper, lower, card)
      if (problem) return { problem }
      chain.push(lower)
    }
    return { chain, shape: lineShape(chain, card) }
  }

  /** Ends the file and computes the statement, or lists why the file is refused. */
  finish(): StatementOutcome {
    this.reader.end()
    if (this.cols === null && !this.headerFailed) this.fail(1, { column: 'header', message: 'fees.statement.empty' })
    if (this.cols !== null) {
      this.settle()
      // Each list is in line order and holds its first maxErrors: together they hold the first maxErrors.
      this.errors.push(...this.lateErrors.flat())
      this.errors.sort((a, b) => a.line - b.line)
      this.errors.length = Math.min(this.errors.length, this.maxErrors)
    }
    if (this.headerFailed || this.cols === null || (this.errorCount > 0 && !this.ctx.skipInvalid)) {
      return { ok: false, errors: this.errors, error_count: this.errorCount }
    }
    if (this.gross > Number.MAX_SAFE_INTEGER) throw new FeeRuleError([{ path: 'body', message: 'fees.statement.too_large' }])
    return { ok: true, statement: this.compute() }
  }

  private compute(): StatementResult {
    const agentIds = this.tree.subtree(this.ctx.root)
    const agentPos = new Map(agentIds.map((id, i) => [id, i]))
    const volume = new Float64Array(agentIds.length)
    // Chain levels by position in agentIds, once per line rather than a Map lookup per use.
    const chainPos = this.lines.map((line) => {
      const pos = new Int32Array(line.chain.length)
      for (let k = 0; k < pos.length; k++) pos[k] = agentPos.get(line.chain[k]!.agentId)!
      return pos
    })
    this.lines.forEach((line, i) => {
      for (const a of chainPos[i]!) volume[a] = volume[a]! + line.volume
    })

    const shares: AgentShare[] = agentIds.map((id, i) => ({
      agent_id: id, parent_agent_id: this.tree.parentOf(id), level: this.tree.level(id), volume: volume[i]!, costs: [],
      spread_profit: 0, capped_count: 0, capped_pay: 0, rewards: 0, reward_count: 0, clawbacks: 0, clawback_count: 0, total: 0,
    }))
    const costsSeen: Set<PlanVersion>[] = agentIds.map(() => new Set())
    const versionsUsed = new Set<PlanVersion>()
    const lineResults: LineResult[] = []
    // Lines come out by merchant number, card (debit, credit, QR), T1 before D0, then plan version: the
    // order of the line table once merchants are taken in number order, so nothing needs sorting.
    const merchantOrder = this.merchantNo.map((_, m) => m).sort((a, b) => (this.merchantNo[a]! < this.merchantNo[b]! ? -1 : 1))
    const levels = this.lines.reduce((n, l) => Math.max(n, l.chain.length), 1)
    const tierOut = new Int32Array(levels), spreadOut = new Float64Array(levels), cappedOut = new Float64Array(levels)
    for (const m of merchantOrder) {
      const base = m * 6 * this.maxSlots
      for (let j = 0; j < 6 * this.maxSlots; j++) {
        const id = this.lineIds[base + j]!
        if (id < 0) continue
        const line = this.lines[id]!
        const pos = chainPos[id]!
        versionsUsed.add(line.plan)
        line.shares(volume, pos, tierOut, spreadOut, cappedOut)
        const lineShares: { agent_id: string; profit: Fen }[] = []
        let profit = 0
        for (let k = 0; k < line.chain.length; k++) {
          const c = line.chain[k]!
          const a = shares[pos[k]!]!
          a.spread_profit += spreadOut[k]!
          a.capped_pay += cappedOut[k]!
          a.capped_count += line.capped
          const seen = costsSeen[pos[k]!]!
          if (!seen.has(line.plan)) {
            seen.add(line.plan)
            const tier = c.costs.tiers[tierOut[k]!]!
            a.costs.push({
              plan_id: line.plan.plan_id, version: line.plan.version, tier_from_volume: tier.from_volume,
              cost_rates: { debit: formatRate(tier.rates.debit), credit: formatRate(tier.rates.credit), qr: formatRate(tier.rates.qr) },
              capped_debit_pay: c.costs.capped_debit_pay,
            })
          }
          const p = spreadOut[k]! + cappedOut[k]!
          lineShares.push({ agent_id: c.agentId, profit: p })
          profit += p
        }
        lineResults.push({
          merchant_no: line.merchantNo, agent_id: line.merchantAgent, card: CARD_NAMES[line.card], settlement: SETTLEMENT_NAMES[line.settlement],
          plan_id: line.plan.plan_id, plan_version: line.plan.version, sales: line.sales, voids: line.voids, refunds: line.refunds,
          sales_volume: line.salesVolume, refund_volume: line.refundVolume, volume: line.volume, merchant_fee: line.feeUncapped + line.feeCapped,
          d0_fee: line.d0Fee, capped: line.capped, profit, shares: lineShares,
        })
      }
    }

    const { states, events, counts } = this.advanceTerminals(versionsUsed)
    for (const e of events) {
      const a = shares[agentPos.get(e.agent_id) ?? -1]
      if (!a) continue
      if (e.kind === 'reward') { a.rewards += e.amount; a.reward_count += 1 } else { a.clawbacks += e.amount; a.clawback_count += 1 }
    }
    for (const a of shares) {
      a.costs.sort((x, y) => (x.plan_id < y.plan_id ? -1 : x.plan_id > y.plan_id ? 1 : x.version - y.version))
      a.total = a.spread_profit + a.capped_pay + a.rewards - a.clawbacks
    }
    const totals = { sales_volume: 0, refund_volume: 0, volume: 0, merchant_fee: 0, d0_fee: 0, spread_profit: 0, capped_pay: 0, rewards: 0, clawbacks: 0, profit: 0 }
    for (const l of lineResults) {
      totals.sales_volume += l.sales_volume; totals.refund_volume += l.refund_volume; totals.volume += l.volume
      totals.merchant_fee += l.merchant_fee; totals.d0_fee += l.d0_fee
    }
    for (const a of shares) {
      totals.spread_profit += a.spread_profit; totals.capped_pay += a.capped_pay; totals.rewards += a.rewards; totals.clawbacks += a.clawbacks; totals.profit += a.total
    }
    return {
      month: this.ctx.month,
      agent_id: this.ctx.root,
      rounding: 'per_transaction',
      plan_versions: [...versionsUsed].map((v) => ({ plan_id: v.plan_id, version: v.version, effective_from: v.effective_from }))
        .sort((a, b) => (a.plan_id < b.plan_id ? -1 : a.plan_id > b.plan_id ? 1 : a.version - b.version)),
      rows: { total: this.rowCount, sales: this.sales, voids: this.voids, refunds: this.refunds, skipped: this.errorCount },
      totals,
      agents: shares,
      terminals: counts,
      lines: lineResults,
      skipped_rows: this.errors,
      terminal_states: states,
      rewards: events,
    }
  }

  /** Activation rewards and claw-backs: every terminal seen this month and every one still open from before. */
  private advanceTerminals(versionsUsed: Set<PlanVersion>) {
    const prior = this.ctx.priorTerminals ?? new Map<string, TerminalState>()
    const states: TerminalState[] = []
    const events: RewardEvent[] = []
    const counts = { activated: 0, clawed_back: 0, kept: 0, expired: 0 }
    const ruleFor = (t: number) => (day: number): RuleAt | null => {
      const m = this.activity.merchant[t]!
      const planId = this.merchantPlan[m]!
      if (planId === null) return null
      const slot = this.merchantSlots[m]?.[day] ?? -1
      const plan = slot < 0 ? undefined : this.versionsInMonth.get(planId)![slot]
      if (!plan?.terms.activation) return null
      versionsUsed.add(plan)
      return { rule: plan.terms.activation, plan_id: plan.plan_id, plan_version: plan.version, agent_id: this.merchantAgent[m]!, merchant_no: this.merchantNo[m]! }
    }
    const visit = (id: string, t: number | undefined) => {
      const before = prior.get(id)
      const r = advanceTerminal(id, before, this.month, this.activity, t, t === undefined ? () => null : ruleFor(t))
      if (r.state && r.changed) states.push(r.state)
      events.push(...r.events)
      if (r.state && r.state.status !== before?.status) {
        if (r.events.some((e) => e.kind === 'reward')) counts.activated += 1
        if (r.state.status === 'clawed_back') counts.clawed_back += 1
        if (r.state.status === 'kept') counts.kept += 1
        if (r.state.status === 'expired') counts.expired += 1
      }
    }
    this.activity.ids.forEach((id, t) => visit(id, t))
    for (const [id, s] of prior) {
      if (this.activity.findId(id) >= 0) continue
      if (s.status === 'pending' || s.status === 'activated') visit(id, undefined)
    }
    states.sort((a, b) => (a.terminal_id < b.terminal_id ? -1 : 1))
    return { states, events, counts }
  }
}

/** Computes a statement from a whole file held as a string (tests, small uploads). */
export function statementFromText(ctx: StatementContext, csv: string): StatementOutcome {
  const b = new StatementBuilder(ctx)
  b.push(csv)
  return b.finish()
}

/** More bytes than an upload may have. */
export class TooManyBytes extends Error {
  constructor(readonly limit: number) { super(`more than ${limit} bytes`) }
}

/** Not UTF-8. */
export class NotUtf8 extends Error {}

/** Computes a statement from a byte stream (a request body), decoding UTF-8 as it goes. */
export async function statementFromStream(ctx: StatementContext, body: ReadableStream<Uint8Array>, maxBytes = Infinity): Promise<StatementOutcome> {
  const b = new StatementBuilder(ctx)
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })
  const reader = body.getReader()
  let bytes = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      bytes += value.byteLength
      if (bytes > maxBytes) throw new TooManyBytes(maxBytes)
      let text: string
      try {
        text = decoder.decode(value, { stream: true })
      } catch {
        throw new NotUtf8('not UTF-8')
      }
      b.push(text)
    }
    try {
      b.push(decoder.decode())
    } catch {
      throw new NotUtf8('not UTF-8')
    }
  } catch (err) {
    await reader.cancel().catch(() => {})
    throw err
  }
  return b.finish()
}

import type { Fen } from './money'
import type { ActivationRule } from './plans'
import { NumberIndex } from './number-index'
import { terminalKeyAt, type StatementMonth } from './statement-rows'

// Terminal activation rewards (激活返现) and claw-backs, from monthly uploads.
//
// Windows are counted in whole Asia/Shanghai days, the day of the event included: the activation window
// runs `within_days` days from the terminal's first sale, the claw-back window `within_days` days from the
// day it activated. A file covers one month, so the state of each terminal is carried from statement to
// statement (the latest state from an earlier month of the same agent's statements):
//
// - the first sale ever seen for a terminal (in this or an earlier statement) starts its window; a
//   terminal whose sales began before the first statement we have is treated as new;
// - within the window it activates on the first day that has a sale of at least `first_swipe_min` (judged
//   by the plan version in force that day), or on the day its net volume since the first sale reaches
//   `volume_min`; the reward is paid in that month's statement to the merchant's agent, once;
// - the claw-back is decided in the statement of the month in which its window ends (or, if that month
//   had no statement, the next one), from the net volume from the activation day to the window's end;
// - a window that ends without activation leaves the terminal expired (废机): no reward, ever;
// - volumes are net: voided sales never count, refunds count against the day they happen.
// A month missing from the statements only delays decisions; its transactions are simply not seen.

export type TerminalStatus = 'pending' | 'activated' | 'kept' | 'clawed_back' | 'expired'

export interface TerminalState {
  terminal_id: string
  merchant_no: string
  /** The agent the reward goes to (and is clawed back from): the merchant's agent at the first sale. */
  agent_id: string
  plan_id: string
  plan_version: number
  status: TerminalStatus
  first_sale_on: string
  activation_until: string
  first_swipe_min: Fen | null
  volume_min: Fen | null
  reward: Fen
  volume_to_activate: Fen
  activated_on: string | null
  /** Claw-back rule fixed at the first sale (null: none); its window ends on clawback_until once activated. */
  clawback_days: number | null
  clawback_below: Fen | null
  clawback_until: string | null
  volume_since_activation: Fen
}

export interface RewardEvent { terminal_id: string; agent_id: string; kind: 'reward' | 'clawback'; amount: Fen; on: string }

const PAGE = 1024
const EMPTY = new Float64Array(0)

/**
 * Per terminal and day of the month: sales not voided, qualifying sales not voided, net volume. The three
 * counters of a terminal-day sit side by side in one array, so a row touches one cache line for them.
 */
export class TerminalActivity {
  readonly ids: string[] = []
  readonly merchant: number[] = []
  /** By terminal key (terminalKeyAt), so the hot path makes no strings. */
  private readonly index = new NumberIndex()
  private readonly pages: Float64Array[] = []

  /** `counting` false: no plan pays activation rewards, so only the terminals themselves are kept (no per-day counters). */
  constructor(private readonly days: number, private readonly counting = true) {}

  /** Adds a terminal first seen (with a sale) at merchant `merchant`; returns its index. */
  add(key: number, id: string, merchant: number): number {
    const t = this.ids.length
    this.ids.push(id)
    this.merchant.push(merchant)
    this.index.set(key, t)
    if (t % PAGE === 0) this.pages.push(this.counting ? new Float64Array(PAGE * this.days * 3) : EMPTY)
    return t
  }

  private at(t: number, day: number): number {
    return ((t % PAGE) * this.days + day) * 3
  }

  sale(t: number, day: number, amount: Fen, qualifying: boolean, sign: 1 | -1): void {
    if (!this.counting) return
    const p = this.pages[Math.floor(t / PAGE)]!, i = this.at(t, day)
    p[i] = p[i]! + sign
    if (qualifying) p[i + 1] = p[i + 1]! + sign
    p[i + 2] = p[i + 2]! + sign * amount
  }

  refund(t: number, day: number, amount: Fen): void {
    if (!this.counting) return
    const p = this.pages[Math.floor(t / PAGE)]!, i = this.at(t, day) + 2
    p[i] = p[i]! - amount
  }

  sales(t: number, day: number): number { return this.counting ? this.pages[Math.floor(t / PAGE)]![this.at(t, day)]! : 0 }
  qualifying(t: number, day: number): number { return this.counting ? this.pages[Math.floor(t / PAGE)]![this.at(t, day) + 1]! : 0 }
  volume(t: number, day: number): number { return this.counting ? this.pages[Math.floor(t / PAGE)]![this.at(t, day) + 2]! : 0 }

  /** Index of a terminal seen this month, or -1. */
  find(key: number): number { return this.index.get(key) }

  /** The same by id, off the hot path. */
  findId(id: string): number {
    const key = terminalKey(id)
    return key < 0 ? -1 : this.index.get(key)
  }
}

/** 'YYYY-MM-DD' plus n days, by integer arithmetic (it runs per terminal; Date parsing is slow). */
export function addDays(day: string, n: number): string {
  let d = daysFromCivil(Number(day.slice(0, 4)), Number(day.slice(5, 7)), Number(day.slice(8, 10))) + n
  // civil-from-days (H. Hinnant), proleptic Gregorian.
  d += 719468
  const era = Math.floor(d / 146097)
  const doe = d - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const dd = doy - Math.floor((153 * mp + 2) / 5) + 1
  const mm = mp < 10 ? mp + 3 : mp - 9
  const yy = yoe + era * 400 + (mm <= 2 ? 1 : 0)
  return `${yy}-${mm < 10 ? '0' : ''}${mm}-${dd < 10 ? '0' : ''}${dd}`
}

function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

function terminalKey(id: string): number {
  return terminalKeyAt(id, 0, id.length)
}

/** What the terminal's plan says on the day of its first sale; null when the plan has no activation reward. */
export interface RuleAt { rule: ActivationRule; plan_id: string; plan_version: number; agent_id: string; merchant_no: string }

/**
 * Advances one terminal by a month. `activity` is its index in this month's activity (or undefined),
 * `ruleOn(day)` the rule for it on a day of the month. Returns the new state (null: not tracked) and
 * whether it changed, with the reward or claw-back it causes.
 */
export function advanceTerminal(
  id: string, prior: TerminalState | undefined, month: StatementMonth, activity: TerminalActivity, t: number | undefined,
  ruleOn: (day: number) => RuleAt | null,
): { state: TerminalState | null; changed: boolean; events: RewardEvent[] } {
  const events: RewardEvent[] = []
  if (prior && (prior.status === 'kept' || prior.status === 'clawed_back' || prior.status === 'expired')) return { state: prior, changed: false, events }
  const vol = (d: number) => (t === undefined ? 0 : activity.volume(t, d))
  let s: TerminalState
  if (prior) {
    s = { ...prior }
  } else {
    if (t === undefined) return { state: null, changed: false, events }
    let first = -1
    for (let d = 0; d < month.days; d++) if (activity.sales(t, d) > 0) { first = d; break }
    if (first < 0) return { state: null, changed: false, events }
    const at = ruleOn(first)
    if (!at) return { state: null, changed: false, events }
    const day = month.dates[first]!
    s = {
      terminal_id: id, merchant_no: at.merchant_no, agent_id: at.agent_id, plan_id: at.plan_id, plan_version: at.plan_version,
      status: 'pending', first_sale_on: day, activation_until: addDays(day, at.rule.within_days - 1),
      first_swipe_min: at.rule.first_swipe_min, volume_min: at.rule.volume_min, reward: at.rule.reward, volume_to_activate: 0,
      activated_on: null, clawback_days: at.rule.clawback?.within_days ?? null, clawback_below: at.rule.clawback?.volume_below ?? null,
      clawback_until: null, volume_since_activation: 0,
    }
  }
  // A window that began before this month is scanned from the 1st. One that ended before it (no statement
  // for the month it ended in) covers no day of this month, so its last index is -1, not the 1st.
  const firstIndex = (date: string) => (date < month.first ? 0 : date > month.last ? month.days : Number(date.slice(8, 10)) - 1)
  const lastIndex = (date: string) => (date < month.first ? -1 : date > month.last ? month.days - 1 : Number(date.slice(8, 10)) - 1)

  if (s.status === 'pending') {
    const to = lastIndex(s.activation_until)
    for (let d = firstIndex(s.first_sale_on); d <= to; d++) {
      s.volume_to_activate += vol(d)
      const bySwipe = s.first_swipe_min !== null && t !== undefined && activity.qualifying(t, d) > 0
      const byVolume = s.volume_min !== null && s.volume_to_activate >= s.volume_min
      if (bySwipe || byVolume) {
        const on = month.dates[d]!
        s.activated_on = on
        s.status = 'activated'
        s.clawback_until = s.clawback_days !== null ? addDays(on, s.clawback_days - 1) : null
        events.push({ terminal_id: id, agent_id: s.agent_id, kind: 'reward', amount: s.reward, on })
        break
      }
    }
    if (s.status === 'pending' && s.activation_until <= month.last) s.status = 'expired'
  }
  if (s.status === 'activated') {
    if (s.clawback_until === null) {
      s.status = 'kept'
    } else {
      const to = lastIndex(s.clawback_until)
      for (let d = firstIndex(s.activated_on!); d <= to; d++) s.volume_since_activation += vol(d)
      if (s.clawback_until <= month.last) {
        if (s.volume_since_activation < s.clawback_below!) {
          s.status = 'clawed_back'
          events.push({ terminal_id: id, agent_id: s.agent_id, kind: 'clawback', amount: s.reward, on: s.clawback_until })
        } else {
          s.status = 'kept'
        }
      }
    }
  }
  const changed = !prior || t !== undefined || s.status !== prior.status
  return { state: s, changed, events }
}

import type { RewardEvent, TerminalState } from './activation'
import type { FeesKey, Params } from './errors'
import type { AgentNode } from './hierarchy'
import type { Fen } from './money'
import type { PlanVersion } from './plans'
import type { Column } from './statement-rows'

// What the statement engine takes and gives back (statement.ts computes, store.ts keeps, routes show).

export interface StatementContext {
  month: string
  /** The agent whose subtree the statement covers. */
  root: string
  /** Every agent (levels count from the top, above the root too). */
  agents: readonly AgentNode[]
  /** agent_id -> plan_id, where assigned; others use their nearest ancestor's. */
  assignments: ReadonlyMap<string, string>
  /** The merchants of the root's subtree. */
  merchants: readonly { merchant_no: string; agent_id: string }[]
  /** Versions of the plans involved, each list ascending by effective_from. */
  plans: ReadonlyMap<string, readonly PlanVersion[]>
  /** Latest terminal states from this agent's statements of earlier months. */
  priorTerminals?: ReadonlyMap<string, TerminalState>
  skipInvalid?: boolean
  maxErrors?: number
  maxRows?: number
}

export interface RowError { line: number; column: Column | 'row' | 'header' | null; message: FeesKey; params?: Params }

export interface AgentShare {
  agent_id: string
  parent_agent_id: string | null
  level: number
  volume: Fen
  costs: { plan_id: string; version: number; tier_from_volume: Fen; cost_rates: { debit: string; credit: string; qr: string }; capped_debit_pay: Fen }[]
  spread_profit: Fen
  capped_count: number
  capped_pay: Fen
  rewards: Fen
  reward_count: number
  clawbacks: Fen
  clawback_count: number
  total: Fen
}

export interface LineResult {
  merchant_no: string
  agent_id: string
  card: string
  settlement: string
  plan_id: string
  plan_version: number
  sales: number
  voids: number
  refunds: number
  sales_volume: Fen
  refund_volume: Fen
  volume: Fen
  merchant_fee: Fen
  d0_fee: Fen
  capped: number
  profit: Fen
  shares: { agent_id: string; profit: Fen }[]
}

export interface StatementResult {
  month: string
  agent_id: string
  rounding: 'per_transaction'
  plan_versions: { plan_id: string; version: number; effective_from: string }[]
  rows: { total: number; sales: number; voids: number; refunds: number; skipped: number }
  totals: {
    sales_volume: Fen; refund_volume: Fen; volume: Fen; merchant_fee: Fen; d0_fee: Fen
    spread_profit: Fen; capped_pay: Fen; rewards: Fen; clawbacks: Fen; profit: Fen
  }
  agents: AgentShare[]
  terminals: { activated: number; clawed_back: number; kept: number; expired: number }
  lines: LineResult[]
  skipped_rows: RowError[]
  /** Terminal states that changed: the ledger rows to store with the statement. */
  terminal_states: TerminalState[]
  rewards: RewardEvent[]
}

export type StatementOutcome =
  | { ok: true; statement: StatementResult }
  | { ok: false; errors: RowError[]; error_count: number }

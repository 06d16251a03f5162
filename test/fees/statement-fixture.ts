import { bodyOf, termsFromInput, type PlanInput, type PlanVersion } from '../../functions/fees/plans'
import { parseRate } from '../../functions/fees/money'
import { statementFromText, type StatementContext, type StatementResult } from '../../functions/fees/statement'

// A small agency for engine tests: TOP (level 1) above SUB (level 2); merchant M_SUB under SUB and
// M_TOP directly under TOP; both on plan "std".

export const M_SUB = '898330158120001'
export const M_TOP = '898330158120002'
export const HEADER = 'txn_id,time,merchant_no,terminal_id,card,type,amount,settlement,original_txn_id'

const r = parseRate

/** Credit 0.6 %, debit 0.5 % capped at 20 yuan, QR 0.38 %; D0 +0.05 % + 2 yuan; TOP 0.50 % (0.495 % from 1亿), SUB 0.52 %. */
export function planInput(over: Partial<PlanInput> = {}): PlanInput {
  return {
    merchant_rates: { credit: r('0.6%'), debit: r('0.5%'), qr: r('0.38%') },
    debit_cap: 2000,
    d0: { rate: r('0.05%'), fixed: 200 },
    refund_fee_rule: 'none_returned',
    agent_costs: [
      { level: 1, tiers: [{ from_volume: 0, cost_rate: r('0.50%'), debit_cost_rate: r('0.45%'), qr_cost_rate: r('0.28%') }, { from_volume: 10_000_000_000, cost_rate: r('0.495%'), debit_cost_rate: r('0.445%'), qr_cost_rate: r('0.275%') }], capped_debit_pay: 300 },
      { level: 2, tiers: [{ from_volume: 0, cost_rate: r('0.52%'), debit_cost_rate: r('0.47%'), qr_cost_rate: r('0.30%') }], capped_debit_pay: 250 },
    ],
    ...over,
  }
}

export function version(input: PlanInput, effective_from = '2026-01-01', v = 1, plan_id = 'std'): PlanVersion {
  const terms = termsFromInput(input)
  return { plan_id, version: v, effective_from, name: `plan ${plan_id} v${v}`, terms, body: bodyOf(`plan ${plan_id} v${v}`, terms), created_at: '2026-01-01T00:00:00Z' }
}

export function context(over: Partial<StatementContext> = {}): StatementContext {
  return {
    month: '2026-11',
    root: 'TOP',
    agents: [{ agent_id: 'TOP', parent_agent_id: null }, { agent_id: 'SUB', parent_agent_id: 'TOP' }, { agent_id: 'OTHER', parent_agent_id: null }],
    assignments: new Map([['TOP', 'std']]),
    merchants: [{ merchant_no: M_SUB, agent_id: 'SUB' }, { merchant_no: M_TOP, agent_id: 'TOP' }],
    plans: new Map([['std', [version(planInput())]]]),
    ...over,
  }
}

export interface Txn { id: string; time?: string; merchant?: string; terminal?: string; card?: string; type?: string; amount: number | string; settlement?: string; original?: string }

export function csv(rows: Txn[], header = HEADER): string {
  return [header, ...rows.map((t) => [
    t.id, t.time ?? '2026-11-20T14:30:00+08:00', t.merchant ?? M_SUB, t.terminal ?? 'XH000001', t.card ?? 'credit', t.type ?? 'sale', t.amount, t.settlement ?? 'T1', t.original ?? '',
  ].join(','))].join('\n') + '\n'
}

/** The statement, failing the test if the file was refused. */
export function statement(rows: Txn[] | string, over: Partial<StatementContext> = {}): StatementResult {
  const out = statementFromText(context(over), typeof rows === 'string' ? rows : csv(rows))
  if (!out.ok) throw new Error(`refused: ${JSON.stringify(out.errors)}`)
  return out.statement
}

export function share(s: StatementResult, agent: string) {
  return s.agents.find((a) => a.agent_id === agent)!
}

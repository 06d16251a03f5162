import { FeeRuleError, type RuleViolation } from './errors'
import { formatRate, halfUp, PPM, type Fen, type Ppm } from './money'

// 级差 multi-level spread: the bottom agent (nearest the merchant) earns merchant rate − own cost; each
// agent above earns its own cost's gap to the cost of the agent below it. Costs never fall going down.

export interface AgentCost { id: string; cost_rate: Ppm }
export interface Share { id: string; spread_rate: string; profit: Fen }
export interface ProfitShare { volume: Fen; total: Fen; shares: Share[] }

/**
 * Shares of `volume` for agents ordered top (nearest the acquirer) to bottom (nearest the merchant).
 * Each profit is volume × spread rounded half-up once. `total` is the sum of the rounded shares, so a
 * statement always adds up to what is paid out; it can differ from half-up(volume × (merchant − top
 * cost)) by at most floor(levels / 2) fen (each rounding moves a share by at most half a fen).
 */
export function shareProfit(volume: Fen, merchantRate: Ppm, agents: readonly AgentCost[]): ProfitShare {
  const violations: RuleViolation[] = []
  const seen = new Set<string>()
  agents.forEach((a, i) => {
    if (seen.has(a.id)) violations.push({ path: `agents.${i}.id`, message: 'fees.duplicate_agent', params: { id: a.id } })
    seen.add(a.id)
    const above = agents[i - 1]
    if (above && a.cost_rate < above.cost_rate) {
      violations.push({ path: `agents.${i}.cost_rate`, message: 'fees.cost_below_upper', params: { id: a.id, cost: formatRate(a.cost_rate), upper_id: above.id, upper: formatRate(above.cost_rate) } })
    }
    if (a.cost_rate > merchantRate) {
      violations.push({ path: `agents.${i}.cost_rate`, message: 'fees.cost_above_merchant', params: { id: a.id, cost: formatRate(a.cost_rate), merchant: formatRate(merchantRate) } })
    }
  })
  if (violations.length) throw new FeeRuleError(violations)

  const shares = agents.map((a, i) => {
    const below = agents[i + 1]?.cost_rate ?? merchantRate
    const spread = below - a.cost_rate
    return { id: a.id, spread_rate: formatRate(spread), profit: Number(halfUp(BigInt(volume) * BigInt(spread), PPM)) }
  })
  return { volume, total: shares.reduce((sum, s) => sum + s.profit, 0), shares }
}

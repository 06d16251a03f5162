import { FeeRuleError, type RuleViolation } from './errors'
import { roundedFee } from './fast'
import { formatRate, type Fen, type Ppm } from './money'

// 级差 multi-level spread: the bottom agent (nearest the merchant) earns merchant rate − own cost; each
// agent above earns its own cost's gap to the cost of the agent below it. Costs never fall going down.

export interface AgentCost { id: string; cost_rate: Ppm }
export interface Share { id: string; spread_rate: string; profit: Fen }
export interface ProfitShare { volume: Fen; total: Fen; shares: Share[] }

/**
 * Shares of `volume` for agents ordered top (nearest the acquirer) to bottom (nearest the merchant), as the
 * statement engine (ledger.ts) computes them for one transaction: the merchant fee F = half-up(volume ×
 * merchant rate) and each level's cost C_k = half-up(volume × cost_k) are rounded once each; the bottom
 * agent earns F − C_bottom and every other level C_(k+1) − C_k. So the shares add up exactly to the channel
 * total F − C_top (rounding each spread on its own could pay out a fen per level more than the channel
 * earns), and each share is ≥ 0 because costs do not fall going down and half-up keeps that order.
 * `spread_rate` is the rate gap; a profit can differ from half-up(volume × spread_rate) by a fen.
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

  // Rounded as the ledger rounds them (fast.ts, exact, with BigInt beyond 2^53).
  const fee = roundedFee(volume, merchantRate)
  const costs = agents.map((a) => roundedFee(volume, a.cost_rate))
  const shares = agents.map((a, i) => {
    const below = agents[i + 1]
    const spread = (below?.cost_rate ?? merchantRate) - a.cost_rate
    return { id: a.id, spread_rate: formatRate(spread), profit: (below ? costs[i + 1]! : fee) - costs[i]! }
  })
  return { volume, total: costs.length ? fee - costs[0]! : 0, shares }
}

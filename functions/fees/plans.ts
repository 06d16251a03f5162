import type { RefundFeeRule } from './adjustment'
import type { RuleViolation } from './errors'
import { formatRate, formatYuan, parseRate, type Fen, type Ppm } from './money'
import type { Card, Pricing } from './quote'

// A rate plan (费率方案/政策) is data, never constants in code: what merchants pay per card, the debit cap,
// D0 pricing, the refund-fee rule, what each agent level costs (阶梯 by monthly volume), the fixed pay per
// capped debit transaction, and the terminal activation reward with its claw-back. Plans are versioned by
// effective date; a version is immutable once stored, and statements keep the versions they used.

export const CARDS: readonly Card[] = ['debit', 'credit', 'qr']

/** One volume tier: from this monthly volume (fen) up, the agent's cost rate per card. */
export interface CostTier { from_volume: Fen; rates: Record<Card, Ppm> }

/** The costs of one agent level (1 = top, nearest the acquirer) or of one named agent (overrides its level). */
export interface AgentCosts {
  level: number | null
  agent_id: string | null
  tiers: CostTier[]
  /** Paid to this level per capped debit transaction instead of a spread (级差: each level keeps pay − pay below). */
  capped_debit_pay: Fen
}

export interface ActivationRule {
  /** Paid to the agent that owns the merchant, once per terminal. */
  reward: Fen
  /** A single sale of at least this many fen within the window activates the terminal. */
  first_swipe_min: Fen | null
  /** Or: net volume of at least this many fen within the window. */
  volume_min: Fen | null
  /** The activation window, in Asia/Shanghai days from the terminal's first sale (that day included). */
  within_days: number
  /** Reward taken back if the net volume in `within_days` days from activation stays below `volume_below`. */
  clawback: { volume_below: Fen; within_days: number } | null
}

export interface PlanTerms {
  merchant_rates: Record<Card, Ppm>
  debit_cap: Fen | null
  d0: { rate: Ppm; fixed: Fen } | null
  refund_fee_rule: RefundFeeRule
  agent_costs: AgentCosts[]
  activation: ActivationRule | null
}

/** One stored version of a plan. `body` is the validated request body as stored (rates as strings). */
export interface PlanVersion {
  plan_id: string
  version: number
  effective_from: string
  name: string
  terms: PlanTerms
  body: Record<string, unknown>
  created_at: string
}

/** The version in force on `day` (YYYY-MM-DD): the latest effective_from not after it. `versions` ascend. */
export function versionOn<T extends { effective_from: string }>(versions: readonly T[], day: string): T | undefined {
  let found: T | undefined
  for (const v of versions) {
    if (v.effective_from <= day) found = v
    else break
  }
  return found
}

/** What a quote takes from a plan for one card: the plan wins over any rate fields in the request. */
export function pricingFor(terms: PlanTerms, card: Card): Omit<Pricing, 'amount' | 'card' | 'settlement'> {
  return {
    merchant_rate: terms.merchant_rates[card],
    ...(card === 'debit' && terms.debit_cap !== null ? { debit_cap: terms.debit_cap } : {}),
    ...(terms.d0 ? { d0_rate: terms.d0.rate, d0_fixed: terms.d0.fixed } : {}),
  }
}

/** The cost entry of an agent at `level`: its own entry if the plan names it, else its level's. */
export function costsFor(terms: PlanTerms, agentId: string, level: number): AgentCosts | undefined {
  return terms.agent_costs.find((c) => c.agent_id === agentId) ?? terms.agent_costs.find((c) => c.level === level)
}

/**
 * The tier for a monthly volume. The tier reached applies to the whole month's volume (全额阶梯), not only
 * to the part above the threshold: that is how the tiered cost tables in the domain notes read, and it
 * keeps one cost rate per agent, card and plan version for the month. A net-negative month counts as 0.
 */
export function tierFor(tiers: readonly CostTier[], volume: Fen): CostTier {
  let found = tiers[0]!
  for (const t of tiers) if (t.from_volume <= volume) found = t
  return found
}

/**
 * Where `lower` (one level down the chain) could cost less than `upper` on `card`, leaving `upper` a spread
 * below zero: each level's tier follows its own volume, so every combination must hold. Tiers never cost
 * more as volume rises (planViolations), so a level's first tier is its highest cost and its last its lowest.
 */
export function costBelowUpper(upper: AgentCosts, lower: AgentCosts, card: Card): { cost: Ppm; upper: Ppm } | null {
  const highest = upper.tiers[0]!.rates[card]
  const lowest = lower.tiers[lower.tiers.length - 1]!.rates[card]
  return lowest < highest ? { cost: lowest, upper: highest } : null
}

/**
 * Rules that make a plan's numbers consistent; zod has checked the shapes. Costs must not fall going down the
 * levels whatever the volumes (so the lowest cost of a level is at least the highest of the level above), a
 * tier may not cost more than the tier below it, no cost may exceed the merchant rate, and fixed pay per
 * capped debit transaction may not rise going down nor exceed the cap. Per-agent entries are checked
 * against the merchant rate only: where they sit in the tree is known when a statement is computed, which
 * checks them against their neighbours there (statement.ts costFallsBelow).
 */
export function planViolations(t: PlanTerms): RuleViolation[] {
  const out: RuleViolation[] = []
  t.agent_costs.forEach((c, i) => {
    c.tiers.forEach((tier, j) => {
      const path = `agent_costs.${i}.tiers.${j}`
      if (j === 0 && tier.from_volume !== 0) out.push({ path: `${path}.from_volume`, message: 'fees.plan.first_tier_zero' })
      const prev = c.tiers[j - 1]
      if (prev && tier.from_volume <= prev.from_volume) out.push({ path: `${path}.from_volume`, message: 'fees.plan.tiers_ascending' })
      for (const card of CARDS) {
        if (prev && tier.rates[card] > prev.rates[card]) {
          out.push({ path: `${path}.${card}`, message: 'fees.plan.tier_cost_rises', params: { card, cost: formatRate(tier.rates[card]), previous: formatRate(prev.rates[card]) } })
        }
        if (tier.rates[card] > t.merchant_rates[card]) {
          out.push({ path: `${path}.${card}`, message: 'fees.plan.cost_above_merchant', params: { card, cost: formatRate(tier.rates[card]), merchant: formatRate(t.merchant_rates[card]) } })
        }
      }
    })
    if (c.capped_debit_pay > 0 && t.debit_cap === null) out.push({ path: `agent_costs.${i}.capped_debit_pay`, message: 'fees.plan.pay_without_cap' })
    if (t.debit_cap !== null && c.capped_debit_pay > t.debit_cap) {
      out.push({ path: `agent_costs.${i}.capped_debit_pay`, message: 'fees.plan.pay_above_cap', params: { pay: formatYuan(c.capped_debit_pay), cap: formatYuan(t.debit_cap) } })
    }
  })
  const seenLevels = new Map<number, number>()
  const seenAgents = new Map<string, number>()
  t.agent_costs.forEach((c, i) => {
    if (c.level !== null) {
      if (seenLevels.has(c.level)) out.push({ path: `agent_costs.${i}.level`, message: 'fees.plan.duplicate_level', params: { level: c.level } })
      seenLevels.set(c.level, i)
    }
    if (c.agent_id !== null) {
      if (seenAgents.has(c.agent_id)) out.push({ path: `agent_costs.${i}.agent_id`, message: 'fees.plan.duplicate_agent', params: { agent_id: c.agent_id } })
      seenAgents.set(c.agent_id, i)
    }
  })
  for (const [level, i] of seenLevels) {
    const upperIndex = seenLevels.get(level - 1)
    if (upperIndex === undefined) continue
    const upper = t.agent_costs[upperIndex]!
    const lower = t.agent_costs[i]!
    for (const card of CARDS) {
      const below = costBelowUpper(upper, lower, card)
      if (below) {
        out.push({ path: `agent_costs.${i}.tiers`, message: 'fees.plan.level_cost_below_upper', params: { card, level, cost: formatRate(below.cost), upper: formatRate(below.upper) } })
      }
    }
    if (lower.capped_debit_pay > upper.capped_debit_pay) {
      out.push({ path: `agent_costs.${i}.capped_debit_pay`, message: 'fees.plan.pay_rises', params: { level, pay: formatYuan(lower.capped_debit_pay), upper: formatYuan(upper.capped_debit_pay) } })
    }
  }
  if (t.activation && t.activation.first_swipe_min === null && t.activation.volume_min === null) {
    out.push({ path: 'activation', message: 'fees.plan.activation_needs_rule' })
  }
  return out
}

/** A plan as the API takes it, after zod has parsed rates to ppm. */
export interface PlanInput {
  merchant_rates: Record<Card, Ppm>
  debit_cap?: Fen
  d0?: { rate: Ppm; fixed: Fen }
  refund_fee_rule?: RefundFeeRule
  agent_costs: { level?: number; agent_id?: string; tiers: { from_volume: Fen; cost_rate: Ppm; debit_cost_rate?: Ppm; qr_cost_rate?: Ppm }[]; capped_debit_pay?: Fen }[]
  activation?: { reward: Fen; first_swipe_min?: Fen; volume_min?: Fen; within_days: number; clawback?: { volume_below: Fen; within_days: number } }
}

export function termsFromInput(p: PlanInput): PlanTerms {
  return {
    merchant_rates: { ...p.merchant_rates },
    debit_cap: p.debit_cap ?? null,
    d0: p.d0 ? { ...p.d0 } : null,
    refund_fee_rule: p.refund_fee_rule ?? 'none_returned',
    agent_costs: p.agent_costs.map((c) => ({
      level: c.level ?? null,
      agent_id: c.agent_id ?? null,
      tiers: c.tiers.map((t) => ({ from_volume: t.from_volume, rates: { credit: t.cost_rate, debit: t.debit_cost_rate ?? t.cost_rate, qr: t.qr_cost_rate ?? t.cost_rate } })),
      capped_debit_pay: c.capped_debit_pay ?? 0,
    })),
    activation: p.activation
      ? { reward: p.activation.reward, first_swipe_min: p.activation.first_swipe_min ?? null, volume_min: p.activation.volume_min ?? null, within_days: p.activation.within_days, clawback: p.activation.clawback ?? null }
      : null,
  }
}

/** The stored and shown form of a plan: rates as percent strings, defaults written out, nothing else. */
export function bodyOf(name: string, t: PlanTerms): Record<string, unknown> {
  return {
    name,
    merchant_rates: { debit: formatRate(t.merchant_rates.debit), credit: formatRate(t.merchant_rates.credit), qr: formatRate(t.merchant_rates.qr) },
    ...(t.debit_cap !== null ? { debit_cap: t.debit_cap } : {}),
    ...(t.d0 ? { d0: { rate: formatRate(t.d0.rate), fixed: t.d0.fixed } } : {}),
    refund_fee_rule: t.refund_fee_rule,
    agent_costs: t.agent_costs.map((c) => ({
      ...(c.level !== null ? { level: c.level } : {}),
      ...(c.agent_id !== null ? { agent_id: c.agent_id } : {}),
      tiers: c.tiers.map((tier) => ({
        from_volume: tier.from_volume, cost_rate: formatRate(tier.rates.credit),
        debit_cost_rate: formatRate(tier.rates.debit), qr_cost_rate: formatRate(tier.rates.qr),
      })),
      capped_debit_pay: c.capped_debit_pay,
    })),
    ...(t.activation
      ? {
          activation: {
            reward: t.activation.reward,
            ...(t.activation.first_swipe_min !== null ? { first_swipe_min: t.activation.first_swipe_min } : {}),
            ...(t.activation.volume_min !== null ? { volume_min: t.activation.volume_min } : {}),
            within_days: t.activation.within_days,
            ...(t.activation.clawback ? { clawback: t.activation.clawback } : {}),
          },
        }
      : {}),
  }
}

interface StoredBody {
  merchant_rates: Record<Card, string>
  debit_cap?: Fen
  d0?: { rate: string; fixed: Fen }
  refund_fee_rule: RefundFeeRule
  agent_costs: { level?: number; agent_id?: string; tiers: { from_volume: Fen; cost_rate: string; debit_cost_rate: string; qr_cost_rate: string }[]; capped_debit_pay: Fen }[]
  activation?: PlanInput['activation']
}

/** Back from the stored form (validated when it was written). */
export function termsFromBody(body: Record<string, unknown>): PlanTerms {
  const b = body as unknown as StoredBody
  return termsFromInput({
    merchant_rates: { debit: parseRate(b.merchant_rates.debit), credit: parseRate(b.merchant_rates.credit), qr: parseRate(b.merchant_rates.qr) },
    debit_cap: b.debit_cap,
    d0: b.d0 ? { rate: parseRate(b.d0.rate), fixed: b.d0.fixed } : undefined,
    refund_fee_rule: b.refund_fee_rule,
    agent_costs: b.agent_costs.map((c) => ({
      level: c.level, agent_id: c.agent_id, capped_debit_pay: c.capped_debit_pay,
      tiers: c.tiers.map((t) => ({ from_volume: t.from_volume, cost_rate: parseRate(t.cost_rate), debit_cost_rate: parseRate(t.debit_cost_rate), qr_cost_rate: parseRate(t.qr_cost_rate) })),
    })),
    activation: b.activation,
  })
}

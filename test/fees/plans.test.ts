import { describe, expect, it } from 'vitest'
import { parseRate } from '../../functions/fees/money'
import { bodyOf, costsFor, planViolations, pricingFor, termsFromBody, termsFromInput, tierFor, versionOn } from '../../functions/fees/plans'
import { planInput } from './statement-fixture'

const r = parseRate

describe('rate plan terms', () => {
  it('round-trips through the stored form', () => {
    const terms = termsFromInput(planInput({ activation: { reward: 8000, volume_min: 500_000, within_days: 30, clawback: { volume_below: 1_000_000, within_days: 90 } } }))
    const body = bodyOf('标准', terms)
    expect(body).toMatchObject({ name: '标准', merchant_rates: { debit: '0.5%', credit: '0.6%', qr: '0.38%' }, debit_cap: 2000, d0: { rate: '0.05%', fixed: 200 }, refund_fee_rule: 'none_returned' })
    expect(termsFromBody(JSON.parse(JSON.stringify(body)))).toEqual(terms)
  })

  it('defaults debit and QR costs to the cost rate, and the refund rule to none_returned', () => {
    const terms = termsFromInput({ merchant_rates: { debit: 5000, credit: 6000, qr: 3800 }, agent_costs: [{ level: 1, tiers: [{ from_volume: 0, cost_rate: 3000 }] }] })
    expect(terms.agent_costs[0]!.tiers[0]!.rates).toEqual({ debit: 3000, credit: 3000, qr: 3000 })
    expect(terms).toMatchObject({ refund_fee_rule: 'none_returned', debit_cap: null, d0: null, activation: null })
  })

  it('gives the quote the plan’s rate for the card, the cap only for debit, and D0 pricing', () => {
    const terms = termsFromInput(planInput())
    expect(pricingFor(terms, 'debit')).toEqual({ merchant_rate: 5000, debit_cap: 2000, d0_rate: 500, d0_fixed: 200 })
    expect(pricingFor(terms, 'qr')).toEqual({ merchant_rate: 3800, d0_rate: 500, d0_fixed: 200 })
  })

  it('picks the version in force: the latest effective_from not after the day', () => {
    const vs = [{ effective_from: '2026-01-01', v: 1 }, { effective_from: '2026-11-15', v: 2 }]
    expect(versionOn(vs, '2025-12-31')).toBeUndefined()
    expect(versionOn(vs, '2026-11-14')?.v).toBe(1)
    expect(versionOn(vs, '2026-11-15')?.v).toBe(2)
  })

  it('applies the tier reached to the whole volume', () => {
    const tiers = termsFromInput(planInput()).agent_costs[0]!.tiers
    expect(tierFor(tiers, 0).rates.credit).toBe(5000)
    expect(tierFor(tiers, 9_999_999_999).rates.credit).toBe(5000)
    expect(tierFor(tiers, 10_000_000_000).rates.credit).toBe(4950)
  })

  it('finds an agent’s own costs before its level’s', () => {
    const input = planInput()
    input.agent_costs.push({ agent_id: 'AG-X', tiers: [{ from_volume: 0, cost_rate: r('0.53%') }] })
    const terms = termsFromInput(input)
    expect(costsFor(terms, 'AG-X', 2)!.tiers[0]!.rates.credit).toBe(5300)
    expect(costsFor(terms, 'AG-Y', 2)!.tiers[0]!.rates.credit).toBe(5200)
    expect(costsFor(terms, 'AG-Y', 3)).toBeUndefined()
  })
})

describe('planViolations', () => {
  it('accepts the demo plan', () => {
    expect(planViolations(termsFromInput(planInput()))).toEqual([])
  })

  it.each([
    ['a first tier above 0', (p: ReturnType<typeof planInput>) => { p.agent_costs[0]!.tiers[0]!.from_volume = 1 }, 'agent_costs.0.tiers.0.from_volume', 'fees.plan.first_tier_zero'],
    ['tiers out of order', (p: ReturnType<typeof planInput>) => { p.agent_costs[0]!.tiers[1]!.from_volume = 0 }, 'agent_costs.0.tiers.1.from_volume', 'fees.plan.tiers_ascending'],
    ['a tier costing more', (p: ReturnType<typeof planInput>) => { p.agent_costs[0]!.tiers[1]!.cost_rate = r('0.51%') }, 'agent_costs.0.tiers.1.credit', 'fees.plan.tier_cost_rises'],
    ['a cost above the merchant rate', (p: ReturnType<typeof planInput>) => { p.agent_costs[1]!.tiers[0]!.qr_cost_rate = r('0.39%') }, 'agent_costs.1.tiers.0.qr', 'fees.plan.cost_above_merchant'],
    ['a level below costing less', (p: ReturnType<typeof planInput>) => { p.agent_costs[1]!.tiers[0]!.cost_rate = r('0.499%') }, 'agent_costs.1.tiers', 'fees.plan.level_cost_below_upper'],
    ['pay rising going down', (p: ReturnType<typeof planInput>) => { p.agent_costs[1]!.capped_debit_pay = 301 }, 'agent_costs.1.capped_debit_pay', 'fees.plan.pay_rises'],
    ['pay above the cap', (p: ReturnType<typeof planInput>) => { p.agent_costs[0]!.capped_debit_pay = 2001; p.agent_costs[1]!.capped_debit_pay = 2001 }, 'agent_costs.0.capped_debit_pay', 'fees.plan.pay_above_cap'],
    ['pay without a cap', (p: ReturnType<typeof planInput>) => { p.debit_cap = undefined }, 'agent_costs.0.capped_debit_pay', 'fees.plan.pay_without_cap'],
    ['a level twice', (p: ReturnType<typeof planInput>) => { p.agent_costs[1]!.level = 1 }, 'agent_costs.1.level', 'fees.plan.duplicate_level'],
    ['activation without a rule', (p: ReturnType<typeof planInput>) => { p.activation = { reward: 1, within_days: 3 } }, 'activation', 'fees.plan.activation_needs_rule'],
  ])('refuses %s', (_, change, path, message) => {
    const p = planInput()
    change(p)
    expect(planViolations(termsFromInput(p))).toContainEqual(expect.objectContaining({ path, message }))
  })
})

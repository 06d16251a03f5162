import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import demoPlan from '../../scripts/lib/demo-plan.json'
import { admin, call, problem, uniq } from '../helpers'

// Needs functions/app.ts to mount ratePlanRoutes at /api/v1 (see the fees issue note).

function newPlan(over: Record<string, unknown> = {}) {
  return { ...demoPlan, plan_id: `plan-${uniq(8)}`, effective_from: '2026-01-01', ...over }
}

let client = 0
function quote(json: unknown, headers: Record<string, string> = {}) {
  client += 1
  return call('/api/v1/fees/quote', { method: 'POST', json, headers: { 'cf-connecting-ip': `198.18.${Math.floor(client / 250)}.${client % 250}`, ...headers } })
}

describe('POST /api/v1/admin/rate-plans', () => {
  it('stores version 1 with rates as strings and defaults written out', async () => {
    const p = newPlan()
    const res = await admin('/api/v1/admin/rate-plans', p)
    expect(res.status).toBe(201)
    const body = await res.json() as Record<string, unknown>
    expect(body).toMatchObject({
      plan_id: p.plan_id, version: 1, effective_from: '2026-01-01', name: demoPlan.name,
      merchant_rates: { credit: '0.6%', debit: '0.5%', qr: '0.38%' }, debit_cap: 2000, d0: { rate: '0.05%', fixed: 200 }, refund_fee_rule: 'none_returned',
    })
    expect((body.agent_costs as { tiers: unknown[] }[])[0]!.tiers[1]).toEqual({ from_volume: 10_000_000_000, cost_rate: '0.495%', debit_cost_rate: '0.445%', qr_cost_rate: '0.275%' })
    expect(res.headers.get('location')).toBe(`/api/v1/rate-plans/${p.plan_id}?on=2026-01-01`)
  })

  it('adds later versions and refuses one that does not start after the last', async () => {
    const p = newPlan()
    expect((await admin('/api/v1/admin/rate-plans', p)).status).toBe(201)
    const v2 = await admin('/api/v1/admin/rate-plans', { ...p, effective_from: '2026-11-15', merchant_rates: { ...demoPlan.merchant_rates, credit: '0.63%' } })
    expect(await v2.json()).toMatchObject({ version: 2, effective_from: '2026-11-15' })
    for (const effective_from of ['2026-11-15', '2026-06-01']) {
      const body = await problem(await admin('/api/v1/admin/rate-plans', { ...p, effective_from }))
      expect(body.status).toBe(409)
      expect(body.detail).toBe(`方案 ${p.plan_id} 已有 2026-11-15 生效的版本；新版本的生效日必须晚于它（已有版本不能修改）`)
    }
    const on = async (date: string) => (await (await admin(`/api/v1/rate-plans/${p.plan_id}?on=${date}`)).json()) as { version: number; merchant_rates: { credit: string } }
    expect(await on('2026-11-14')).toMatchObject({ version: 1, merchant_rates: { credit: '0.6%' } })
    expect(await on('2026-11-15')).toMatchObject({ version: 2, merchant_rates: { credit: '0.63%' } })
  })

  it('400 naming bad fields, in English when asked', async () => {
    const bad = newPlan({ merchant_rates: { debit: '0.5%', credit: '0.6', qr: '0.38%' }, agent_costs: [{ level: 1, agent_id: 'AG-X', tiers: [{ from_volume: 0, cost_rate: '0.5%' }] }] })
    const body = await problem(await call('/api/v1/admin/rate-plans', { method: 'POST', json: bad, headers: { authorization: (await import('../helpers')).ADMIN.authorization, 'accept-language': 'en' } }))
    expect(body.status).toBe(400)
    expect(body.errors).toEqual(expect.arrayContaining([
      { path: 'merchant_rates.credit', message: 'A rate is a percentage such as 0.6%' },
      { path: 'agent_costs.0.level', message: 'Each cost entry names either a level (agent level) or an agent_id, not both' },
    ]))
  })

  it('422 when the numbers do not fit together', async () => {
    const p = newPlan()
    p.agent_costs = [p.agent_costs[0]!, { ...p.agent_costs[1]!, tiers: [{ from_volume: 0, cost_rate: '0.49%' }] as typeof p.agent_costs[0]['tiers'] }]
    const body = await problem(await admin('/api/v1/admin/rate-plans', p))
    expect(body.status).toBe(422)
    expect(body.errors).toContainEqual({ path: 'agent_costs.1.tiers', message: '第 2 级的 credit 最低成本 0.49% 低于上一级的最高成本 0.5%：成本自上而下不能降低' })
  })

  it('keeps stored versions immutable even to SQL (a statement names the versions it used)', async () => {
    await admin('/api/v1/admin/rate-plans', newPlan())
    await expect(env.DB.prepare("UPDATE rate_plans SET name = 'changed'").run()).rejects.toThrow(/immutable/)
    await expect(env.DB.prepare('DELETE FROM rate_plans').run()).rejects.toThrow(/immutable/)
  })

  it('is for admins only', async () => {
    expect((await call('/api/v1/admin/rate-plans', { method: 'POST', json: newPlan() })).status).toBe(401)
    expect((await call('/api/v1/rate-plans/std-2026')).status).toBe(401)
  })
})

describe('GET /api/v1/rate-plans/{plan_id}', () => {
  it('404 for an unknown plan and for a date before its first version', async () => {
    const unknown = await problem(await admin('/api/v1/rate-plans/no-such-plan'))
    expect(unknown.status).toBe(404)
    const p = newPlan({ effective_from: '2026-06-01' })
    await admin('/api/v1/admin/rate-plans', p)
    const early = await problem(await admin(`/api/v1/rate-plans/${p.plan_id}?on=2026-05-31`))
    expect(early).toMatchObject({ status: 404, detail: `费率方案 ${p.plan_id} 在 2026-05-31 没有生效的版本（最早版本 2026-06-01 生效）` })
  })
})

describe('PUT /api/v1/admin/agents/{agent_id}/rate-plan', () => {
  it('assigns a stored plan to an existing agent', async () => {
    const p = newPlan()
    await admin('/api/v1/admin/rate-plans', p)
    const agent = `AG-${uniq(6)}`
    await admin('/api/v1/admin/agents', { agent_id: agent, name: '测试代理' })
    const res = await call(`/api/v1/admin/agents/${agent}/rate-plan`, { method: 'PUT', json: { plan_id: p.plan_id }, headers: (await import('../helpers')).ADMIN })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ agent_id: agent, plan_id: p.plan_id })
    const unknownPlan = await call(`/api/v1/admin/agents/${agent}/rate-plan`, { method: 'PUT', json: { plan_id: 'nope-plan' }, headers: (await import('../helpers')).ADMIN })
    expect(unknownPlan.status).toBe(422)
    const unknownAgent = await call('/api/v1/admin/agents/AG-NOBODY/rate-plan', { method: 'PUT', json: { plan_id: p.plan_id }, headers: (await import('../helpers')).ADMIN })
    expect(unknownAgent.status).toBe(404)
  })
})

describe('POST /api/v1/fees/quote with a plan', () => {
  it('takes the rate, cap and D0 pricing from the plan version in force on the date', async () => {
    const p = newPlan()
    await admin('/api/v1/admin/rate-plans', p)
    const credit = await quote({ amount: 1_000_000, card: 'credit', plan_id: p.plan_id, date: '2026-11-20' })
    expect(credit.status).toBe(200)
    const body = await credit.json() as { merchant_fee: number; explanation: string[] }
    expect(body.merchant_fee).toBe(6000)
    expect(body.explanation[0]).toBe(`费率取自费率方案 ${p.plan_id} 第 1 版（2026-01-01 起生效）；请求中的费率、封顶和 D0 字段不再使用。`)
    const debit = await (await quote({ amount: 1_000_000, card: 'debit', settlement: 'D0', plan_id: p.plan_id, date: '2026-11-20' })).json()
    expect(debit).toMatchObject({ merchant_fee: 2000, cap_applied: true, d0_fee: 500 + 200 })
  })

  it('lets the plan win over rate fields in the request', async () => {
    const p = newPlan()
    await admin('/api/v1/admin/rate-plans', p)
    const res = await quote({ amount: 1_000_000, card: 'credit', merchant_rate: '1%', plan_id: p.plan_id, date: '2026-11-20' })
    expect(await res.json()).toMatchObject({ merchant_fee: 6000 })
  })

  it('422 on the date when the plan has no version in force yet', async () => {
    const p = newPlan({ effective_from: '2026-12-01' })
    await admin('/api/v1/admin/rate-plans', p)
    const body = await problem(await quote({ amount: 100, card: 'credit', plan_id: p.plan_id, date: '2026-11-20' }))
    expect(body).toMatchObject({ status: 422, errors: [{ path: 'date', message: `费率方案 ${p.plan_id} 在 2026-11-20 没有生效的版本（最早版本 2026-12-01 生效）` }] })
  })

  it('still needs a merchant rate without a plan', async () => {
    const body = await problem(await quote({ amount: 100, card: 'credit' }))
    expect(body).toMatchObject({ status: 400, errors: [{ path: 'merchant_rate', message: '必填' }] })
  })
})

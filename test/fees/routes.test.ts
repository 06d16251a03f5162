import { describe, expect, it } from 'vitest'
import demoPlan from '../../scripts/lib/demo-plan.json'
import { admin, call, problem, uniq } from '../helpers'

let client = 0
/** Each request from its own client address, so the quote limit only bites where a test wants it to. */
function post(path: string, json: unknown, headers: Record<string, string> = {}) {
  client += 1
  return call(`/api/v1/fees/${path}`, { method: 'POST', json, headers: { 'cf-connecting-ip': `198.51.${Math.floor(client / 250)}.${client % 250}`, ...headers } })
}

const credit = { amount: 1_000_000, card: 'credit', merchant_rate: '0.6%', date: '2026-11-20' }

describe('POST /api/v1/fees/quote', () => {
  it('quotes 10,000 yuan credit at 0.6% with a zh-CN explanation', async () => {
    const res = await post('quote', credit)
    expect(res.status).toBe(200)
    const body = await res.json() as { explanation: string[] }
    expect(body).toMatchObject({
      amount: 1_000_000, merchant_fee: 6000, d0_fee: 0, total_fee: 6000, net_settlement: 994_000, effective_rate: '0.6000%', cap_applied: false,
      breakdown: { issuer_fee: 4500, network_fee: 325, acquirer_fee: 1175 }, schedule: 'ndrc-2016-557',
    })
    expect(body.explanation[0]).toBe('商户手续费：10,000.00 元 × 0.6% = 60.00 元')
  })

  it('explains in English on request', async () => {
    const body = await (await post('quote', { ...credit, amount: 23_000, merchant_rate: '0.55%' }, { 'accept-language': 'en' })).json() as { merchant_fee: number; explanation: string[] }
    expect(body.merchant_fee).toBe(127)
    expect(body.explanation[0]).toBe('Merchant fee: 230.00 yuan × 0.55% = 1.265 yuan, rounded half-up to 1.27 yuan')
  })

  it('defaults the date to today and answers QR without a breakdown', async () => {
    const res = await post('quote', { amount: 1000, card: 'qr', merchant_rate: '0.38%' })
    expect(await res.json()).toMatchObject({ merchant_fee: 4, breakdown: null, schedule: null })
    const today = await (await post('quote', { amount: 1000, card: 'debit', merchant_rate: '0.5%' })).json() as { schedule: string }
    expect(today.schedule).toBe('ndrc-2016-557')
  })

  it('applies D0, caps and merchant classes', async () => {
    const res = await post('quote', { amount: 1_000_000, card: 'debit', merchant_rate: '0.5%', debit_cap: 2500, settlement: 'D0', d0_rate: '0.05%', d0_fixed: 200, merchant_class: 'nonprofit', date: '2026-11-20' })
    expect(await res.json()).toMatchObject({ merchant_fee: 2500, cap_applied: true, d0_fee: 700, total_fee: 3200, breakdown: { issuer_fee: 0, network_fee: 0, acquirer_fee: 2500 }, schedule: 'ndrc-2016-557-nonprofit' })
  })

  it.each([
    ['merchant_rate', 'abc', '费率应写成百分数，如 0.6%'],
    ['merchant_rate', '0.00001%', '费率最多 4 位小数（精确到 0.0001%）'],
    ['merchant_rate', '101%', '费率应在 0% 到 100% 之间'],
    ['merchant_rate', 0.6, '类型不正确，应为string'],
    ['amount', 0, '不能小于 1'],
    ['amount', -1, '不能小于 1'],
    ['amount', 1.5, '必须是整数'],
    ['amount', 1_000_000_000_001, '不能大于 1000000000000'],
    ['amount', '100', '类型不正确，应为number'],
    ['card', 'amex', '取值无效，可选：debit, credit, qr'],
    ['debit_cap', -1, '不能小于 0'],
    ['d0_rate', '5', '费率应写成百分数，如 0.6%'],
    ['date', '2026-02-30', '日期应为 YYYY-MM-DD'],
    ['settlement', 'T0', '取值无效，可选：T1, D0'],
  ])('400 naming %s for %j', async (field, value, message) => {
    const res = await post('quote', { ...credit, [field]: value })
    expect(res.status).toBe(400)
    expect((await problem(res)).errors).toEqual([{ path: field, message }])
  })

  it('names every bad field at once, in English when asked', async () => {
    const res = await post('quote', { amount: 0, card: 'credit', merchant_rate: '0.00001%', extra: 1 }, { 'accept-language': 'en' })
    const body = await problem(res)
    expect(body.status).toBe(400)
    expect(Object.fromEntries(body.errors!.map((e) => [e.path, e.message]))).toEqual({
      amount: 'Must be at least 1', merchant_rate: 'A rate has at most 4 decimals (0.0001 %)', extra: 'Unknown field',
    })
  })

  it('422 for a plan id that is not stored', async () => {
    const body = await problem(await post('quote', { ...credit, plan_id: 'plan_basic' }))
    expect(body.status).toBe(422)
    expect(body.errors).toEqual([{ path: 'plan_id', message: '费率方案 plan_basic 不存在' }])
  })

  it('422 for a card sale before the 2016 reform, but QR still quotes', async () => {
    const body = await problem(await post('quote', { ...credit, date: '2015-01-01' }, { 'accept-language': 'en' }))
    expect(body.status).toBe(422)
    expect(body.errors).toEqual([{ path: 'date', message: '2015-01-01 is before the 2016-09-06 card-fee reform; there is no issuer/network fee schedule for it' }])
    expect((await post('quote', { ...credit, card: 'qr', date: '2015-01-01' })).status).toBe(200)
  })

  it('limits each client to 120 quotes a minute, then 429 with Retry-After', async () => {
    const headers = { 'cf-connecting-ip': '203.0.113.7' }
    // The limiter counts in fixed one-minute windows: start in a fresh one so the count is exact.
    const msLeft = 60_000 - (Date.now() % 60_000)
    if (msLeft < 5000) await new Promise((r) => setTimeout(r, msLeft + 100))
    const statuses = []
    for (let i = 0; i < 121; i++) statuses.push((await call('/api/v1/fees/quote', { method: 'POST', json: credit, headers })).status)
    expect(statuses.slice(0, 120).every((s) => s === 200)).toBe(true)
    const res = await call('/api/v1/fees/quote', { method: 'POST', json: credit, headers })
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('60')
    expect((await problem(res)).detail).toBe('试算过于频繁，请 60 秒后再试。')
    // Another client is unaffected.
    expect((await post('quote', credit)).status).toBe(200)
  })

  it('counts a mistyped quote once against the budget, like any other', async () => {
    const headers = { 'cf-connecting-ip': '203.0.113.8' }
    const msLeft = 60_000 - (Date.now() % 60_000)
    if (msLeft < 5000) await new Promise((r) => setTimeout(r, msLeft + 100))
    const statuses = []
    for (let i = 0; i < 60; i++) statuses.push((await call('/api/v1/fees/quote', { method: 'POST', json: { ...credit, merchant_rate: '0.6' }, headers })).status)
    for (let i = 0; i < 60; i++) statuses.push((await call('/api/v1/fees/quote', { method: 'POST', json: credit, headers })).status)
    expect(statuses.slice(0, 60).every((s) => s === 400)).toBe(true)
    expect(statuses.slice(60).every((s) => s === 200)).toBe(true)
    expect((await call('/api/v1/fees/quote', { method: 'POST', json: credit, headers })).status).toBe(429)
  })

  it('405 for GET', async () => {
    const res = await call('/api/v1/fees/quote')
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toBe('POST')
  })
})

describe('POST /api/v1/fees/adjustment', () => {
  const original = { amount: 23_000, card: 'credit', merchant_rate: '0.55%', occurred_at: '2026-11-19T20:15:00+08:00', batch_settled: true }

  it('answers a refused void with 200, the reason and what a full refund does instead', async () => {
    const res = await post('adjustment', { original, correction: { type: 'void', at: '2026-11-20T09:00:00+08:00' } })
    expect(res.status).toBe(200)
    const body = await res.json() as { explanation: string[] }
    expect(body).toMatchObject({
      action: 'refund', void_allowed: false, void_refusal: { code: 'batch_settled', message: '不能撤销：该批次已结算。' },
      original_fee: 127, amount_back: 23_000, fee_reversed: 0, fee_lost: 127, remaining_refundable: 0,
    })
    expect(body.explanation).toContain('改做退货：退回剩余可退的 230.00 元，结果如下。')
  })

  it('voids on the same day before settlement, in English', async () => {
    const res = await post('adjustment', { original: { ...original, batch_settled: false }, correction: { type: 'void', at: '2026-11-19T22:00:00+08:00' } }, { 'accept-language': 'en' })
    const body = await res.json() as { explanation: string[]; void_refusal?: unknown }
    expect(body).toMatchObject({ action: 'void', void_allowed: true, amount_back: 23_000, fee_reversed: 127, fee_lost: 0 })
    expect(body.void_refusal).toBeUndefined()
    expect(body.explanation[1]).toMatch(/^Void: same day, same batch/)
  })

  it('returns the fee pro rata when the plan says so', async () => {
    const res = await post('adjustment', { original, correction: { type: 'refund', amount: 10_000, at: '2026-11-21T02:00:00Z' }, refund_fee_rule: 'proportional' })
    expect(await res.json()).toMatchObject({ amount_back: 10_000, fee_reversed: 55, fee_lost: 72, remaining_refundable: 13_000 })
  })

  it('422 for a partial void and for refunds above the original', async () => {
    const partial = await problem(await post('adjustment', { original, correction: { type: 'void', amount: 100, at: '2026-11-20T09:00:00+08:00' } }))
    expect(partial.status).toBe(422)
    expect(partial.errors).toEqual([{ path: 'correction.amount', message: '撤销只能针对全额 230.00 元；部分金额请做退货' }])
    const over = await problem(await post('adjustment', { original: { ...original, refunded_so_far: 20_000 }, correction: { type: 'refund', amount: 5000, at: '2026-11-21T10:00:00+08:00' } }, { 'accept-language': 'en' }))
    expect(over.status).toBe(422)
    expect(over.errors).toEqual([{ path: 'correction.amount', message: 'Refunds cannot add up to more than the original amount: at most 30.00 yuan is left' }])
  })

  it('400 naming nested fields', async () => {
    const res = await post('adjustment', { original: { ...original, merchant_rate: '0.55', occurred_at: '2026-11-19 20:15' }, correction: { type: 'refund', amount: 0, at: '2026-11-21T10:00:00' } })
    const body = await problem(res)
    expect(body.status).toBe(400)
    expect(body.errors!.map((e) => e.path).sort()).toEqual(['correction.amount', 'correction.at', 'original.merchant_rate', 'original.occurred_at'])
    expect(body.errors!.find((e) => e.path === 'correction.at')?.message).toBe('时间应为带时区的 ISO 8601 格式，如 2026-11-20T14:30:00+08:00')
  })
})

describe('POST /api/v1/fees/adjustment: D0 and rate plans', () => {
  const d0Sale = { amount: 1_000_000, card: 'credit', merchant_rate: '0.6%', settlement: 'D0', d0_rate: '0.05%', d0_fixed: 200, occurred_at: '2026-11-20T10:00:00+08:00', batch_settled: false }
  const nextDay = '2026-11-21T10:00:00+08:00'

  /** Stores the demo plan (credit 0.6 %, debit 0.5 % capped at 20 yuan, D0 +0.05 % + 2 yuan) under a new id. */
  async function storedPlan(over: Record<string, unknown> = {}) {
    const plan = { ...demoPlan, plan_id: `adj-${uniq(8)}`, effective_from: '2026-01-01', ...over }
    expect((await admin('/api/v1/admin/rate-plans', plan)).status).toBe(201)
    return plan.plan_id
  }

  it('counts the 7.00 yuan D0 surcharge as lost when a full refund returns the 60.00 yuan fee', async () => {
    const res = await post('adjustment', { original: d0Sale, correction: { type: 'refund', at: '2026-11-20T11:00:00+08:00' }, refund_fee_rule: 'full' }, { 'accept-language': 'en' })
    expect(res.status).toBe(200)
    const body = await res.json() as { explanation: string[] }
    expect(body).toMatchObject({
      action: 'refund', void_allowed: false, void_refusal: { code: 'instant_settlement' }, refund_fee_rule: 'full',
      original_fee: 6000, original_d0_fee: 700, amount_back: 1_000_000, fee_reversed: 6000, fee_lost: 700, remaining_refundable: 0,
    })
    expect(body.explanation.at(-1)).toMatch(/^Fees the merchant paid on this sale and will not get back: 7\.00 yuan/)
  })

  it('prices a refund from the plan in force on the sale’s day, the plan’s proportional rule winning over the request', async () => {
    const planId = await storedPlan({ refund_fee_rule: 'proportional' })
    const original = { amount: 1_000_000, card: 'credit', merchant_rate: '1%', plan_id: planId, occurred_at: '2026-11-20T10:00:00+08:00', batch_settled: true }
    const res = await post('adjustment', { original, correction: { type: 'refund', amount: 400_000, at: nextDay }, refund_fee_rule: 'none_returned' })
    expect(res.status).toBe(200)
    const body = await res.json() as { explanation: string[] }
    // 0.6 % from the plan, not the 1 % sent: fee 60.00, 40 % refunded gives back 24.00.
    expect(body).toMatchObject({ refund_fee_rule: 'proportional', original_fee: 6000, original_d0_fee: 0, amount_back: 400_000, fee_reversed: 2400, fee_lost: 3600, remaining_refundable: 600_000 })
    expect(body.explanation[0]).toBe(`费率和退货手续费规则取自费率方案 ${planId} 第 1 版（2026-01-01 起生效，适用于交易日 2026-11-20）；请求中的费率、封顶、D0 字段和 refund_fee_rule 不再使用。`)
  })

  it('takes the debit cap and D0 pricing from the plan, not from the request', async () => {
    const planId = await storedPlan()
    const original = { amount: 1_000_000, card: 'debit', plan_id: planId, settlement: 'D0', d0_rate: '1%', d0_fixed: 0, debit_cap: 9999, occurred_at: '2026-11-20T10:00:00+08:00', batch_settled: false }
    const body = await (await post('adjustment', { original, correction: { type: 'refund', at: nextDay } })).json()
    expect(body).toMatchObject({ refund_fee_rule: 'none_returned', original_fee: 2000, original_d0_fee: 700, fee_reversed: 0, fee_lost: 2700 })
  })

  it('422 naming original.plan_id for an unknown plan', async () => {
    const original = { amount: 1000, card: 'credit', plan_id: 'no-such-plan', occurred_at: '2026-11-20T10:00:00+08:00', batch_settled: true }
    const body = await problem(await post('adjustment', { original, correction: { type: 'refund', at: nextDay } }))
    expect(body).toMatchObject({ status: 422, errors: [{ path: 'original.plan_id', message: '费率方案 no-such-plan 不存在' }] })
  })

  it('422 naming the date when no version is in force on the sale’s Beijing day, which is not the UTC day', async () => {
    const planId = await storedPlan({ effective_from: '2026-12-01' })
    const original = { amount: 1000, card: 'credit', plan_id: planId, occurred_at: '2026-11-30T15:59:00Z', batch_settled: true }
    const body = await problem(await post('adjustment', { original, correction: { type: 'refund', at: '2026-12-02T10:00:00+08:00' } }, { 'accept-language': 'en' }))
    expect(body).toMatchObject({ status: 422, errors: [{ path: 'original.occurred_at', message: `Rate plan ${planId} has no version in force on 2026-11-30 (the first starts on 2026-12-01)` }] })
    // 16:00 UTC is midnight in Beijing: 2026-12-01, the plan's first day.
    const inForce = await post('adjustment', { original: { ...original, occurred_at: '2026-11-30T16:00:00Z' }, correction: { type: 'refund', at: '2026-12-02T10:00:00+08:00' } })
    expect(inForce.status).toBe(200)
  })

  it('400 naming original.merchant_rate when neither a rate nor a plan is given', async () => {
    const original = { amount: 1000, card: 'credit', occurred_at: '2026-11-20T10:00:00+08:00', batch_settled: true }
    const body = await problem(await post('adjustment', { original, correction: { type: 'refund', at: nextDay } }))
    expect(body).toMatchObject({ status: 400, errors: [{ path: 'original.merchant_rate', message: '必填' }] })
  })
})

describe('POST /api/v1/fees/profit-share', () => {
  const tree = { volume: 1_000_000, merchant_rate: '0.6%', agents: [{ id: 'A', cost_rate: '0.50%' }, { id: 'B', cost_rate: '0.52%' }] }

  it('shares 10,000 yuan at 0.6%: A 2.00, B 8.00', async () => {
    const res = await post('profit-share', tree)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ volume: 1_000_000, total: 1000, shares: [{ id: 'A', spread_rate: '0.02%', profit: 200 }, { id: 'B', spread_rate: '0.08%', profit: 800 }] })
  })

  it('pays out no more than the channel earns: 50 yuan over 0.58%/0.59% gives A 0.01, B 0, total 0.01', async () => {
    const res = await post('profit-share', { volume: 5000, merchant_rate: '0.6%', agents: [{ id: 'A', cost_rate: '0.58%' }, { id: 'B', cost_rate: '0.59%' }] })
    expect(await res.json()).toEqual({ volume: 5000, total: 1, shares: [{ id: 'A', spread_rate: '0.01%', profit: 1 }, { id: 'B', spread_rate: '0.01%', profit: 0 }] })
  })

  it('422 naming the level whose cost falls below the one above', async () => {
    const body = await problem(await post('profit-share', { ...tree, agents: [{ id: 'A', cost_rate: '0.52%' }, { id: 'B', cost_rate: '0.50%' }] }, { 'accept-language': 'en' }))
    expect(body.status).toBe(422)
    expect(body.errors).toEqual([{ path: 'agents.1.cost_rate', message: 'Cost rate 0.5% of B is below the 0.52% of A above it: costs must not decrease going down' }])
  })

  it('422 for a cost above the merchant rate', async () => {
    const body = await problem(await post('profit-share', { ...tree, agents: [{ id: 'A', cost_rate: '0.61%' }] }))
    expect(body.errors).toEqual([{ path: 'agents.0.cost_rate', message: 'A 的成本费率 0.61% 高于商户费率 0.6%' }])
  })

  it.each([
    ['no agents', { ...tree, agents: [] }, 'agents'],
    ['eleven agents', { ...tree, agents: Array.from({ length: 11 }, (_, i) => ({ id: `L${i}`, cost_rate: '0.5%' })) }, 'agents'],
    ['a bad cost rate', { ...tree, agents: [{ id: 'A', cost_rate: 'half' }] }, 'agents.0.cost_rate'],
    ['a fractional volume', { ...tree, volume: 0.5 }, 'volume'],
  ])('400 for %s', async (_, body, path) => {
    const res = await post('profit-share', body)
    expect(res.status).toBe(400)
    expect((await problem(res)).errors!.map((e) => e.path)).toEqual([path])
  })
})

describe('OpenAPI', () => {
  it('documents the three fee routes with rates as strings', async () => {
    const doc = await (await call('/api/v1/openapi.json')).json() as { paths: Record<string, unknown>; components: { schemas: Record<string, { properties: Record<string, { type?: string }> }> } }
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/fees/quote', '/api/v1/fees/adjustment', '/api/v1/fees/profit-share']))
    expect(doc.components.schemas.FeeQuoteRequest!.properties.merchant_rate!.type).toBe('string')
  })
})

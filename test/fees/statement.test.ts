import { describe, expect, it } from 'vitest'
import { parseRate } from '../../functions/fees/money'
import { statementFromText } from '../../functions/fees/statement'
import { context, csv, HEADER, M_SUB, M_TOP, planInput, share, statement, version, type Txn } from './statement-fixture'

const r = parseRate

describe('statement engine: fees and 级差 shares', () => {
  it('shares 10,000 yuan credit at 0.6 %: SUB (0.52 %) 8.00, TOP (0.50 %) 2.00', () => {
    const s = statement([{ id: 'S1', amount: 1_000_000 }])
    expect(s.lines).toEqual([expect.objectContaining({
      merchant_no: M_SUB, agent_id: 'SUB', card: 'credit', settlement: 'T1', plan_id: 'std', plan_version: 1,
      sales: 1, sales_volume: 1_000_000, volume: 1_000_000, merchant_fee: 6000, profit: 1000,
      shares: [{ agent_id: 'TOP', profit: 200 }, { agent_id: 'SUB', profit: 800 }],
    })])
    expect(share(s, 'SUB')).toMatchObject({ level: 2, volume: 1_000_000, spread_profit: 800, total: 800 })
    expect(share(s, 'TOP')).toMatchObject({ level: 1, volume: 1_000_000, spread_profit: 200, total: 200 })
    expect(s.totals).toMatchObject({ merchant_fee: 6000, profit: 1000, volume: 1_000_000 })
    expect(s.rounding).toBe('per_transaction')
    expect(s.plan_versions).toEqual([{ plan_id: 'std', version: 1, effective_from: '2026-01-01' }])
  })

  it('gives a merchant directly under TOP the whole spread to TOP', () => {
    const s = statement([{ id: 'S1', merchant: M_TOP, terminal: 'XT000001', amount: 1_000_000 }])
    expect(s.lines[0]!.shares).toEqual([{ agent_id: 'TOP', profit: 1000 }])
  })

  it('shows a sub-agent only its own subtree and share', () => {
    const s = statement([{ id: 'S1', amount: 1_000_000 }], { root: 'SUB' })
    expect(s.agents.map((a) => a.agent_id)).toEqual(['SUB'])
    expect(s.lines[0]!.shares).toEqual([{ agent_id: 'SUB', profit: 800 }])
    expect(s.totals.profit).toBe(800)
  })

  it('refuses rows of merchants outside the subtree', () => {
    const out = statementFromText(context({ root: 'SUB' }), csv([{ id: 'S1', merchant: M_TOP, amount: 100 }]))
    expect(out).toMatchObject({ ok: false, error_count: 1, errors: [{ line: 2, column: 'merchant_no', message: 'fees.statement.row.merchant_outside' }] })
  })

  it('rounds per transaction, not per statement: 100 QR sales of 10 yuan at 0.38 % cost 4 fen each', () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ id: `Q${i}`, card: 'qr', amount: 1000 }))
    const s = statement(rows)
    // Per transaction: fee 3.8 -> 4 fen, SUB cost 0.30 % = 3 fen, TOP cost 0.28 % = 2.8 -> 3 fen.
    expect(s.lines[0]).toMatchObject({ merchant_fee: 400, shares: [{ agent_id: 'TOP', profit: 0 }, { agent_id: 'SUB', profit: 100 }] })
    // Per statement it would have been 380 fen of fees, SUB 80 and TOP 20.
    expect(Math.round(100_000 * 0.0038)).toBe(380)
  })

  it('adds the D0 surcharge per transaction (0.05 % + 2 yuan) and keeps it out of the shares', () => {
    const s = statement([{ id: 'S1', amount: 1_000_000, settlement: 'D0' }, { id: 'S2', amount: 1001, settlement: 'D0' }])
    expect(s.lines[0]).toMatchObject({ settlement: 'D0', d0_fee: 500 + 200 + 1 + 200, merchant_fee: 6000 + 6, profit: 1000 + 1 })
  })

  it('caps debit at 20 yuan and pays fixed amounts per capped transaction: SUB 2.50, TOP 0.50', () => {
    const s = statement([{ id: 'D1', card: 'debit', amount: 50_000_000 }, { id: 'D2', card: 'debit', amount: 100_000 }])
    const line = s.lines[0]!
    // 500,000 yuan × 0.5 % = 2,500 yuan, capped to 20; 1,000 yuan × 0.5 % = 5 yuan, uncapped.
    expect(line).toMatchObject({ card: 'debit', capped: 1, merchant_fee: 2000 + 500 })
    // Uncapped: SUB 0.47 % -> 470, TOP 0.45 % -> 450: SUB 30, TOP 20. Capped: SUB 250, TOP 50.
    expect(line.shares).toEqual([{ agent_id: 'TOP', profit: 50 + 20 }, { agent_id: 'SUB', profit: 250 + 30 }])
    expect(share(s, 'SUB')).toMatchObject({ capped_count: 1, capped_pay: 250, spread_profit: 30 })
    expect(share(s, 'TOP')).toMatchObject({ capped_count: 1, capped_pay: 50, spread_profit: 20 })
  })

  it('does not cap at exactly the cap: 4,000 yuan debit is 20.00 either way', () => {
    const s = statement([{ id: 'D1', card: 'debit', amount: 400_000 }])
    expect(s.lines[0]).toMatchObject({ capped: 0, merchant_fee: 2000 })
  })

  it('does not cap a fee that rounds to the cap: 4,000.99 yuan debit pays spreads, 4,001.00 the fixed pay', () => {
    // 4,000.99 × 0.5 % = 20.00495 -> 20.00, the cap itself: SUB 0.47 % -> 18.80, TOP 0.45 % -> 18.00, so SUB 1.20, TOP 0.80.
    // 4,001.00 × 0.5 % = 20.005 -> 20.01, above the cap: capped, SUB 2.50, TOP 0.50.
    const s = statement([{ id: 'D1', card: 'debit', amount: 400_099 }, { id: 'D2', card: 'debit', amount: 400_100 }])
    expect(s.lines[0]).toMatchObject({ capped: 1, merchant_fee: 2000 + 2000, shares: [{ agent_id: 'TOP', profit: 80 + 50 }, { agent_id: 'SUB', profit: 120 + 250 }] })
    expect(share(s, 'SUB')).toMatchObject({ capped_count: 1, capped_pay: 250, spread_profit: 120 })
  })
})

describe('statement engine: voids and refunds', () => {
  it('a void makes the sale disappear: no fee, no volume, no share', () => {
    const s = statement([
      { id: 'S1', amount: 1_000_000 },
      { id: 'S2', amount: 50_000 },
      { id: 'V1', type: 'void', amount: 1_000_000, original: 'S1', time: '2026-11-20T18:00:00+08:00' },
    ])
    expect(s.lines[0]).toMatchObject({ sales: 1, voids: 1, sales_volume: 50_000, merchant_fee: 300, profit: 50 })
    expect(s.rows).toEqual({ total: 3, sales: 2, voids: 1, refunds: 0, skipped: 0 })
  })

  it('keeps every correction of a busy month: 700 sales, 400 refunds, 300 voids, and one bad void reported', () => {
    const rows: Txn[] = []
    for (let i = 0; i < 700; i++) rows.push({ id: `S${i}`, amount: 10_000 + i, terminal: i % 2 ? 'XH000001' : 'XH000002' })
    for (let i = 0; i < 400; i++) rows.push({ id: `R${i}`, type: 'refund', amount: 1_000, original: `S${i}`, terminal: i % 2 ? 'XH000001' : 'XH000002', time: '2026-11-20T15:00:00+08:00' })
    for (let i = 400; i < 700; i++) rows.push({ id: `V${i}`, type: 'void', amount: 10_000 + i, original: `S${i}`, terminal: i % 2 ? 'XH000001' : 'XH000002', time: '2026-11-20T16:00:00+08:00' })
    const s = statement(rows)
    expect(s.rows).toEqual({ total: 1400, sales: 700, voids: 300, refunds: 400, skipped: 0 })
    // Left: sales 0–399 (10,000 + i fen each), less 1,000 fen refunded from each.
    expect(s.lines[0]).toMatchObject({ sales: 400, voids: 300, refunds: 400, sales_volume: 400 * 10_000 + (399 * 400) / 2, refund_volume: 400_000 })

    // The last correction names the wrong amount: it alone is refused, with its own line and the original's id.
    const bad = statementFromText(context(), csv([...rows.slice(0, -1), { ...rows.at(-1)!, amount: 5 }]))
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.errors).toEqual([{ line: 1401, column: 'amount', message: 'fees.statement.row.void_amount', params: { txn_id: 'S699', amount: 10_699 } }])
  })

  it('a refund is negative volume; under none_returned the fee and shares stay', () => {
    const s = statement([{ id: 'S1', amount: 1_000_000 }, { id: 'R1', type: 'refund', amount: 400_000, original: 'S1', time: '2026-11-25T10:00:00+08:00' }])
    expect(s.lines[0]).toMatchObject({ refunds: 1, sales_volume: 1_000_000, refund_volume: 400_000, volume: 600_000, merchant_fee: 6000, profit: 1000 })
  })

  it('proportional: 40 % refunded gives back 40 % of the fee and of every cost', () => {
    const plans = new Map([['std', [version(planInput({ refund_fee_rule: 'proportional' }))]]])
    const s = statement([{ id: 'S1', amount: 1_000_000 }, { id: 'R1', type: 'refund', amount: 400_000, original: 'S1', time: '2026-11-25T10:00:00+08:00' }], { plans })
    // Fee 6000 -> 2400 back; SUB cost 5200 -> 2080 back; TOP cost 5000 -> 2000 back.
    expect(s.lines[0]).toMatchObject({ merchant_fee: 3600, shares: [{ agent_id: 'TOP', profit: 120 }, { agent_id: 'SUB', profit: 480 }] })
  })

  it('proportional partial refunds add up to the whole fee when everything is refunded', () => {
    const plans = new Map([['std', [version(planInput({ refund_fee_rule: 'proportional' }))]]])
    const parts = [333, 333, 334]
    const s = statement([{ id: 'S1', amount: 1000, card: 'qr' }, ...parts.map((a, i) => ({ id: `R${i}`, type: 'refund', card: 'qr', amount: a, original: 'S1' }))], { plans })
    expect(s.lines[0]).toMatchObject({ volume: 0, merchant_fee: 0, profit: 0 })
  })

  it('full: nothing back on a partial refund, everything once the amount is complete', () => {
    const plans = new Map([['std', [version(planInput({ refund_fee_rule: 'full' }))]]])
    const partial = statement([{ id: 'S1', amount: 1_000_000 }, { id: 'R1', type: 'refund', amount: 400_000, original: 'S1' }], { plans })
    expect(partial.lines[0]).toMatchObject({ merchant_fee: 6000, profit: 1000 })
    const complete = statement([{ id: 'S1', amount: 1_000_000 }, { id: 'R1', type: 'refund', amount: 400_000, original: 'S1' }, { id: 'R2', type: 'refund', amount: 600_000, original: 'S1' }], { plans })
    expect(complete.lines[0]).toMatchObject({ merchant_fee: 0, profit: 0, refunds: 2 })
  })

  it('full refund of a capped debit sale gives back the cap and the fixed pay', () => {
    const plans = new Map([['std', [version(planInput({ refund_fee_rule: 'full' }))]]])
    const s = statement([{ id: 'D1', card: 'debit', amount: 1_000_000 }, { id: 'R1', type: 'refund', card: 'debit', amount: 1_000_000, original: 'D1' }], { plans })
    expect(s.lines[0]).toMatchObject({ capped: 1, merchant_fee: 0, profit: 0 })
  })

  it('refunds count against the tier volume', () => {
    const big = Array.from({ length: 10 }, (_, i) => ({ id: `B${i}`, amount: 1_000_000_000 }))
    const crossed = statement(big)
    expect(share(crossed, 'TOP').costs[0]).toMatchObject({ tier_from_volume: 10_000_000_000 })
    const back = statement([...big, { id: 'R1', type: 'refund', amount: 1, original: 'B0' }])
    expect(share(back, 'TOP').costs[0]).toMatchObject({ tier_from_volume: 0, cost_rates: { credit: '0.5%', debit: '0.45%', qr: '0.28%' } })
  })
})

describe('statement engine: volume tiers (阶梯)', () => {
  it('1亿 of monthly volume moves TOP to 0.495 % for the whole month; SUB has one tier', () => {
    // Ten sales of 1,000万 yuan: 1亿 exactly, the second tier's threshold.
    const rows = Array.from({ length: 10 }, (_, i) => ({ id: `B${i}`, amount: 1_000_000_000 }))
    const s = statement(rows)
    // Per sale: fee 6,000,000; SUB cost 0.52 % = 5,200,000; TOP cost 0.495 % = 4,950,000.
    expect(s.lines[0]!.shares).toEqual([{ agent_id: 'TOP', profit: 2_500_000 }, { agent_id: 'SUB', profit: 8_000_000 }])
    expect(share(s, 'TOP').costs).toEqual([{ plan_id: 'std', version: 1, tier_from_volume: 10_000_000_000, cost_rates: { debit: '0.445%', credit: '0.495%', qr: '0.275%' }, capped_debit_pay: 300 }])
    // One fen less stays in the first tier for all of it.
    const below = statement([...rows.slice(0, 9), { id: 'B9', amount: 999_999_999 }])
    expect(share(below, 'TOP').costs[0]!.tier_from_volume).toBe(0)
    expect(share(below, 'TOP').spread_profit).toBe(10 * 200_000)
  })

  it('counts the subtree: merchants of SUB lift TOP’s tier for TOP’s own merchants too', () => {
    const rows = [...Array.from({ length: 10 }, (_, i) => ({ id: `B${i}`, amount: 1_000_000_000 })), { id: 'T1', merchant: M_TOP, terminal: 'XT000001', amount: 1_000_000 }]
    const s = statement(rows)
    expect(s.lines.find((l) => l.merchant_no === M_TOP)!.shares).toEqual([{ agent_id: 'TOP', profit: 6000 - 4950 }])
    expect(share(s, 'SUB').volume).toBe(10_000_000_000)
    expect(share(s, 'TOP').volume).toBe(10_001_000_000)
  })

  it('refuses a named agent’s costs below its parent’s: the parent would lose on every sale', () => {
    const input = planInput()
    // SUB's own entry (0.45 %) is below TOP's 0.50 %: on 10,000 yuan credit TOP would get −5.00.
    input.agent_costs.push({ agent_id: 'SUB', tiers: [{ from_volume: 0, cost_rate: r('0.45%'), debit_cost_rate: r('0.40%'), qr_cost_rate: r('0.25%') }], capped_debit_pay: 250 })
    const plans = new Map([['std', [version(input)]]])
    const rows = [{ id: 'S1', amount: 1_000_000 }, { id: 'S2', card: 'debit', amount: 1_000_000 }, { id: 'S3', amount: 1_000_000 }, { id: 'T1', merchant: M_TOP, terminal: 'XT000001', amount: 1_000_000 }]
    const out = statementFromText(context({ plans }), csv(rows))
    expect(out).toMatchObject({ ok: false, error_count: 3, errors: [
      { line: 2, column: 'merchant_no', message: 'fees.statement.row.cost_below_upper', params: { plan_id: 'std', version: 1, agent_id: 'SUB', level: 2, upper_agent_id: 'TOP', card: 'credit', cost: '0.45%', upper: '0.5%' } },
      { line: 3, message: 'fees.statement.row.cost_below_upper', params: { agent_id: 'SUB', card: 'debit', cost: '0.4%', upper: '0.45%' } },
      { line: 4, message: 'fees.statement.row.cost_below_upper' },
    ] })
    // TOP's own merchants are priced; so are SUB's in SUB's own statement, where no agent above it is shown.
    expect(statement([{ id: 'T1', merchant: M_TOP, terminal: 'XT000001', amount: 1_000_000 }], { plans }).lines[0]!.shares).toEqual([{ agent_id: 'TOP', profit: 1000 }])
    expect(statement([{ id: 'S1', amount: 1_000_000 }], { plans, root: 'SUB' }).lines[0]!.shares).toEqual([{ agent_id: 'SUB', profit: 1500 }])
  })

  it('refuses a named agent’s cost that only some tier of its parent is above (tiers move independently)', () => {
    const input = planInput()
    // 0.497 % is above TOP's 0.495 % from 1亿, but below its 0.50 % under 1亿.
    input.agent_costs.push({ agent_id: 'SUB', tiers: [{ from_volume: 0, cost_rate: r('0.497%'), debit_cost_rate: r('0.47%'), qr_cost_rate: r('0.30%') }], capped_debit_pay: 250 })
    const out = statementFromText(context({ plans: new Map([['std', [version(input)]]]) }), csv([{ id: 'S1', amount: 1_000_000 }]))
    expect(out).toMatchObject({ ok: false, errors: [{ message: 'fees.statement.row.cost_below_upper', params: { card: 'credit', cost: '0.497%', upper: '0.5%' } }] })
  })

  it('refuses a named agent’s capped debit pay above its parent’s, on debit rows only', () => {
    const input = planInput()
    // SUB's 5.00 per capped sale is above TOP's 3.00: TOP would get −2.00 on each.
    input.agent_costs.push({ agent_id: 'SUB', tiers: [{ from_volume: 0, cost_rate: r('0.52%'), debit_cost_rate: r('0.47%'), qr_cost_rate: r('0.30%') }], capped_debit_pay: 500 })
    const out = statementFromText(context({ plans: new Map([['std', [version(input)]]]) }), csv([{ id: 'S1', amount: 1_000_000 }, { id: 'D1', card: 'debit', amount: 1_000_000 }]))
    expect(out).toMatchObject({ ok: false, error_count: 1, errors: [
      { line: 3, column: 'merchant_no', message: 'fees.statement.row.pay_above_upper', params: { plan_id: 'std', version: 1, agent_id: 'SUB', level: 2, upper_agent_id: 'TOP', pay: '5.00', upper: '3.00' } },
    ] })
  })

  it('uses a named agent’s own costs before its level’s', () => {
    const input = planInput()
    input.agent_costs.push({ agent_id: 'SUB', tiers: [{ from_volume: 0, cost_rate: r('0.55%') }], capped_debit_pay: 200 })
    const s = statement([{ id: 'S1', amount: 1_000_000 }], { plans: new Map([['std', [version(input)]]]) })
    expect(s.lines[0]!.shares).toEqual([{ agent_id: 'TOP', profit: 500 }, { agent_id: 'SUB', profit: 500 }])
  })
})

describe('statement engine: plan versions', () => {
  it('prices each sale with the version in force on its day; the lines keep the version', () => {
    const v2 = version(planInput({ merchant_rates: { credit: r('0.63%'), debit: r('0.5%'), qr: r('0.38%') } }), '2026-11-15', 2)
    const plans = new Map([['std', [version(planInput()), v2]]])
    const s = statement([{ id: 'A', amount: 1_000_000, time: '2026-11-14T23:59:59+08:00' }, { id: 'B', amount: 1_000_000, time: '2026-11-15T00:00:00+08:00' }], { plans })
    expect(s.lines.map((l) => [l.plan_version, l.merchant_fee])).toEqual([[1, 6000], [2, 6300]])
    expect(s.plan_versions.map((v) => v.version)).toEqual([1, 2])
  })

  it('reads the business day in Asia/Shanghai: 16:30Z on the 14th is the 15th in Beijing', () => {
    const v2 = version(planInput({ merchant_rates: { credit: r('0.63%'), debit: r('0.5%'), qr: r('0.38%') } }), '2026-11-15', 2)
    const s = statement([{ id: 'A', amount: 1_000_000, time: '2026-11-14T16:30:00Z' }], { plans: new Map([['std', [version(planInput()), v2]]]) })
    expect(s.lines[0]!.plan_version).toBe(2)
  })

  it('refuses sales before the plan’s first version and merchants whose agents have no plan', () => {
    const late = new Map([['std', [version(planInput(), '2026-11-10')]]])
    const out = statementFromText(context({ plans: late }), csv([{ id: 'A', amount: 100, time: '2026-11-09T10:00:00+08:00' }]))
    expect(out).toMatchObject({ ok: false, errors: [{ line: 2, column: 'time', message: 'fees.statement.row.no_plan_version', params: { plan_id: 'std', date: '2026-11-09' } }] })
    const none = statementFromText(context({ assignments: new Map() }), csv([{ id: 'A', amount: 100 }]))
    expect(none).toMatchObject({ ok: false, errors: [{ message: 'fees.statement.row.no_plan', params: { agent_id: 'SUB' } }] })
  })

  it('says a plan whose versions all start after the month has no version in force, not that there is no plan', () => {
    // The route loads only versions that start by the month's end, so such a plan is missing from the context.
    for (const plans of [new Map(), new Map([['std', [version(planInput(), '2026-12-01')]]])]) {
      const out = statementFromText(context({ plans }), csv([{ id: 'A', amount: 100 }]))
      expect(out).toMatchObject({ ok: false, errors: [{ line: 2, column: 'time', message: 'fees.statement.row.no_plan_version', params: { plan_id: 'std', date: '2026-11-20' } }] })
    }
  })

  it('refuses a plan without costs for an agent of the chain', () => {
    const input = planInput()
    input.agent_costs = input.agent_costs.filter((c) => c.level === 1)
    const out = statementFromText(context({ plans: new Map([['std', [version(input)]]]) }), csv([{ id: 'A', amount: 100 }, { id: 'B', merchant: M_TOP, terminal: 'XT000001', amount: 100 }]))
    expect(out).toMatchObject({ ok: false, error_count: 1, errors: [{ line: 2, message: 'fees.statement.row.no_costs', params: { agent_id: 'SUB', level: 2 } }] })
  })

  it('a sub-agent’s own plan prices its merchants', () => {
    const own = version(planInput({ merchant_rates: { credit: r('0.7%'), debit: r('0.5%'), qr: r('0.38%') } }), '2026-01-01', 1, 'sub-plan')
    const s = statement([{ id: 'A', amount: 1_000_000 }], {
      assignments: new Map([['TOP', 'std'], ['SUB', 'sub-plan']]),
      plans: new Map([['std', [version(planInput())]], ['sub-plan', [own]]]),
    })
    expect(s.lines[0]).toMatchObject({ plan_id: 'sub-plan', merchant_fee: 7000, shares: [{ agent_id: 'TOP', profit: 200 }, { agent_id: 'SUB', profit: 1800 }] })
  })
})

describe('statement engine: the file', () => {
  it('tolerates a BOM, CRLF, quoted fields, columns in another order, extra columns and blank lines', () => {
    const text = '\ufeffamount,TXN_ID,time,merchant_no,terminal_id,card,type,settlement,original_txn_id,note\r\n'
      + `"1000000",S1,2026-11-20 14:30:00,${M_SUB},XH000001,credit,sale,T1,,"a ""quoted"", note"\r\n\r\n`
    const s = statement(text)
    expect(s.lines[0]).toMatchObject({ merchant_fee: 6000 })
  })

  it('gives the same statement whatever the chunking of the stream', async () => {
    const text = csv(Array.from({ length: 50 }, (_, i) => ({ id: `S${i}`, amount: 1000 + i * 37, card: (['credit', 'debit', 'qr'] as const)[i % 3] })))
    const whole = statement(text)
    const { StatementBuilder } = await import('../../functions/fees/statement')
    for (const size of [1, 7, 64]) {
      const b = new StatementBuilder(context())
      for (let i = 0; i < text.length; i += size) b.push(text.slice(i, i + size))
      const out = b.finish()
      expect(out.ok && out.statement.lines).toEqual(whole.lines)
    }
  })

  it('refuses an empty file and a header without the columns', () => {
    expect(statementFromText(context(), '')).toMatchObject({ ok: false, errors: [{ line: 1, column: 'header', message: 'fees.statement.empty' }] })
    expect(statementFromText(context(), 'txn_id,time,amount\n')).toMatchObject({
      ok: false, errors: [{ line: 1, column: 'header', message: 'fees.statement.header_missing', params: { columns: 'merchant_no, terminal_id, card, type, settlement, original_txn_id' } }],
    })
  })

  it.each([
    ['a short row', 'S1,2026-11-20T14:30:00+08:00,898330158120001', 'row', 'fees.statement.row.columns'],
    ['bad quotes', `S1,"2026-11-20,${M_SUB},XH000001,credit,sale,100,T1,`, 'row', 'fees.statement.row.quotes'],
    ['a bad txn id', `S 1,2026-11-20T14:30:00+08:00,${M_SUB},XH000001,credit,sale,100,T1,`, 'txn_id', 'fees.statement.row.txn_id'],
    ['a bad time', `S1,20/11/2026,${M_SUB},XH000001,credit,sale,100,T1,`, 'time', 'fees.statement.row.time'],
    ['a 31st of November', `S1,2026-11-31T10:00:00+08:00,${M_SUB},XH000001,credit,sale,100,T1,`, 'time', 'fees.statement.row.time'],
    ['another month', `S1,2026-10-31T23:59:59+08:00,${M_SUB},XH000001,credit,sale,100,T1,`, 'time', 'fees.statement.row.outside_month'],
    ['Beijing December', `S1,2026-11-30T16:00:00Z,${M_SUB},XH000001,credit,sale,100,T1,`, 'time', 'fees.statement.row.outside_month'],
    ['a bad merchant no', 'S1,2026-11-20T14:30:00+08:00,8983301581,XH000001,credit,sale,100,T1,', 'merchant_no', 'fees.statement.row.merchant_no'],
    ['an unknown merchant', 'S1,2026-11-20T14:30:00+08:00,898330158129999,XH000001,credit,sale,100,T1,', 'merchant_no', 'fees.statement.row.merchant_outside'],
    ['a bad terminal', `S1,2026-11-20T14:30:00+08:00,${M_SUB},XH01,credit,sale,100,T1,`, 'terminal_id', 'fees.statement.row.terminal_id'],
    ['a bad card', `S1,2026-11-20T14:30:00+08:00,${M_SUB},XH000001,amex,sale,100,T1,`, 'card', 'fees.statement.row.card'],
    ['a bad type', `S1,2026-11-20T14:30:00+08:00,${M_SUB},XH000001,credit,reversal,100,T1,`, 'type', 'fees.statement.row.type'],
    ['a yuan amount', `S1,2026-11-20T14:30:00+08:00,${M_SUB},XH000001,credit,sale,1.00,T1,`, 'amount', 'fees.statement.row.amount'],
    ['a zero amount', `S1,2026-11-20T14:30:00+08:00,${M_SUB},XH000001,credit,sale,0,T1,`, 'amount', 'fees.statement.row.amount'],
    ['a negative amount', `S1,2026-11-20T14:30:00+08:00,${M_SUB},XH000001,credit,refund,-100,T1,X`, 'amount', 'fees.statement.row.amount'],
    ['too large an amount', `S1,2026-11-20T14:30:00+08:00,${M_SUB},XH000001,credit,sale,1000000000001,T1,`, 'amount', 'fees.statement.row.amount'],
    ['a bad settlement', `S1,2026-11-20T14:30:00+08:00,${M_SUB},XH000001,credit,sale,100,T0,`, 'settlement', 'fees.statement.row.settlement'],
    ['a sale with an original', `S1,2026-11-20T14:30:00+08:00,${M_SUB},XH000001,credit,sale,100,T1,S0`, 'original_txn_id', 'fees.statement.row.original_on_sale'],
    ['a refund without one', `S1,2026-11-20T14:30:00+08:00,${M_SUB},XH000001,credit,refund,100,T1,`, 'original_txn_id', 'fees.statement.row.original_required'],
    ['a refund of nothing', `S1,2026-11-20T14:30:00+08:00,${M_SUB},XH000001,credit,refund,100,T1,NOPE`, 'original_txn_id', 'fees.statement.row.original_missing'],
  ])('refuses %s', (_, row, column, message) => {
    const out = statementFromText(context(), `${HEADER}\n${row}\n`)
    expect(out).toMatchObject({ ok: false, error_count: 1, errors: [{ line: 2, column, message }] })
  })

  it.each([
    ['a duplicate txn id', [{ id: 'S1', amount: 100 }, { id: 'S1', amount: 100 }], 'txn_id', 'fees.statement.row.duplicate'],
    ['a refund reusing its sale’s id', [{ id: 'S1', amount: 100 }, { id: 'S1', type: 'refund', amount: 10, original: 'S1' }], 'txn_id', 'fees.statement.row.duplicate'],
    ['a terminal of another merchant', [{ id: 'S1', amount: 100 }, { id: 'S2', amount: 100, merchant: M_TOP }], 'terminal_id', 'fees.statement.row.terminal_other_merchant'],
    ['a refund before its sale', [{ id: 'S1', amount: 100 }, { id: 'R1', type: 'refund', amount: 50, original: 'S1', time: '2026-11-20T14:00:00+08:00' }], 'time', 'fees.statement.row.before_original'],
    ['an over-refund', [{ id: 'S1', amount: 100 }, { id: 'R1', type: 'refund', amount: 60, original: 'S1' }, { id: 'R2', type: 'refund', amount: 41, original: 'S1' }], 'amount', 'fees.statement.row.over_refund'],
    ['a refund of a refund', [{ id: 'S1', amount: 100 }, { id: 'R1', type: 'refund', amount: 60, original: 'S1' }, { id: 'R2', type: 'refund', amount: 1, original: 'R1' }], 'original_txn_id', 'fees.statement.row.original_not_sale'],
    ['a refund of a voided sale', [{ id: 'S1', amount: 100 }, { id: 'V1', type: 'void', amount: 100, original: 'S1' }, { id: 'R1', type: 'refund', amount: 1, original: 'S1' }], 'original_txn_id', 'fees.statement.row.original_voided'],
    ['a refund for another card', [{ id: 'S1', amount: 100 }, { id: 'R1', type: 'refund', card: 'debit', amount: 1, original: 'S1' }], 'card', 'fees.statement.row.original_mismatch'],
    ['a partial void', [{ id: 'S1', amount: 100 }, { id: 'V1', type: 'void', amount: 99, original: 'S1' }], 'amount', 'fees.statement.row.void_amount'],
    ['a void the next day', [{ id: 'S1', amount: 100 }, { id: 'V1', type: 'void', amount: 100, original: 'S1', time: '2026-11-21T00:00:01+08:00' }], 'time', 'fees.statement.row.void_other_day'],
    ['a void of a D0 sale', [{ id: 'S1', amount: 100, settlement: 'D0' }, { id: 'V1', type: 'void', amount: 100, original: 'S1', settlement: 'D0' }], 'settlement', 'fees.statement.row.void_d0'],
    ['a void after a refund', [{ id: 'S1', amount: 100 }, { id: 'R1', type: 'refund', amount: 10, original: 'S1' }, { id: 'V1', type: 'void', amount: 100, original: 'S1' }], 'original_txn_id', 'fees.statement.row.void_after_refund'],
    ['a void on another terminal', [{ id: 'S1', amount: 100 }, { id: 'V1', type: 'void', amount: 100, original: 'S1', terminal: 'XH000002' }], 'terminal_id', 'fees.statement.row.original_mismatch'],
    ['a second void', [{ id: 'S1', amount: 100 }, { id: 'V1', type: 'void', amount: 100, original: 'S1' }, { id: 'V2', type: 'void', amount: 100, original: 'S1' }], 'original_txn_id', 'fees.statement.row.original_voided'],
  ])('refuses %s, naming the line', (_, rows, column, message) => {
    const out = statementFromText(context(), csv(rows))
    expect(out).toMatchObject({ ok: false, error_count: 1, errors: [{ line: rows.length + 1, column, message }] })
  })

  it('wants originals before their voids and refunds in the file, and names the first line of a reused id', () => {
    const late = statementFromText(context(), csv([{ id: 'R1', type: 'refund', amount: 50, original: 'S1' }, { id: 'S1', amount: 100 }]))
    expect(late).toMatchObject({ ok: false, error_count: 1, errors: [{ line: 2, column: 'original_txn_id', message: 'fees.statement.row.original_missing', params: { txn_id: 'S1' } }] })
    const dup = statementFromText(context(), csv([{ id: 'S1', amount: 100 }, { id: 'S2', amount: 100 }, { id: 'S1', amount: 7 }]))
    expect(dup).toMatchObject({ ok: false, errors: [{ line: 4, column: 'txn_id', message: 'fees.statement.row.duplicate', params: { line: 2 } }] })
  })

  it('keeps bad rows of every kind in line order, and leaves a skipped duplicate sale out of the sums', () => {
    const rows = [{ id: 'S1', amount: 1_000_000 }, { id: 'S1', amount: 500_000 }, { id: 'X', amount: 'bad' }, { id: 'R1', type: 'refund', amount: 1, original: 'NOPE' }]
    const refused = statementFromText(context(), csv(rows))
    expect(!refused.ok && refused.errors.map((e) => [e.line, e.message])).toEqual([
      [3, 'fees.statement.row.duplicate'], [4, 'fees.statement.row.amount'], [5, 'fees.statement.row.original_missing'],
    ])
    const kept = statement(csv(rows), { skipInvalid: true })
    expect(kept.lines[0]).toMatchObject({ sales: 1, sales_volume: 1_000_000, merchant_fee: 6000 })
    expect(kept.rows).toMatchObject({ total: 4, sales: 1, skipped: 3 })
  })

  it('lists the first 100 bad rows and counts them all; skip_invalid keeps the good ones', () => {
    const rows = [{ id: 'OK', amount: 1_000_000 }, ...Array.from({ length: 150 }, (_, i) => ({ id: `B${i}`, amount: 'x' }))]
    const refused = statementFromText(context(), csv(rows))
    expect(refused).toMatchObject({ ok: false, error_count: 150 })
    expect(!refused.ok && refused.errors.length).toBe(100)
    expect(!refused.ok && refused.errors[0]).toEqual({ line: 3, column: 'amount', message: 'fees.statement.row.amount' })
    const kept = statement(csv(rows), { skipInvalid: true })
    expect(kept.rows).toMatchObject({ total: 151, sales: 1, skipped: 150 })
    expect(kept.skipped_rows).toHaveLength(100)
    expect(kept.totals.profit).toBe(1000)
  })

  it('refuses a line longer than 64 KiB (a file without line breaks is not a transaction file)', async () => {
    const { LineTooLong } = await import('../../functions/fees/csv')
    expect(() => statementFromText(context(), `${HEADER}\n${'x'.repeat(70_000)}`)).toThrow(LineTooLong)
  })

  it('stops at the row limit', async () => {
    const { TooManyRows } = await import('../../functions/fees/statement')
    expect(() => statementFromText(context({ maxRows: 2 }), csv([{ id: 'A', amount: 1 }, { id: 'B', amount: 1 }, { id: 'C', amount: 1 }]))).toThrow(TooManyRows)
  })
})

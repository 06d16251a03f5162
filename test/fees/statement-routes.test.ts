import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import demoPlan from '../../scripts/lib/demo-plan.json'
import { ADMIN, admin, call, problem, uniq } from '../helpers'

// Needs functions/app.ts to mount statementRoutes at /api/v1/statements with text/csv allowed there
// (see the fees issue note).

const HEADER = 'txn_id,time,merchant_no,terminal_id,card,type,amount,settlement,original_txn_id'

interface World { top: string; sub: string; mSub: string; mTop: string; planId: string; topCookie: string; subCookie: string }
let w: World

async function agentSession(agentId: string): Promise<string> {
  const person = await (await admin('/api/v1/admin/people', { role: 'agent', staff_no: '01', name: '代理', agent_id: agentId })).json() as { access_code: string }
  const res = await call('/api/v1/auth/sign-in', { method: 'POST', json: { agent_id: agentId, staff_no: '01', access_code: person.access_code } })
  if (res.status !== 200) throw new Error(`sign-in ${res.status} ${await res.text()}`)
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!
}

beforeAll(async () => {
  const id = uniq(6)
  const top = `TOP-${id}`, sub = `SUB-${id}`, planId = `plan-${id}`
  await admin('/api/v1/admin/agents', { agent_id: top, name: '一级代理' })
  await admin('/api/v1/admin/agents', { agent_id: sub, name: '二级代理', parent_agent_id: top })
  const mSub = `898${uniq(12)}`, mTop = `898${uniq(12)}`
  await admin('/api/v1/admin/merchants', { merchant_no: mSub, name: '西湖便利店', agent_id: sub })
  await admin('/api/v1/admin/merchants', { merchant_no: mTop, name: '=HYPERLINK("x")', agent_id: top })
  expect((await admin('/api/v1/admin/rate-plans', { ...demoPlan, plan_id: planId })).status).toBe(201)
  expect((await call(`/api/v1/admin/agents/${top}/rate-plan`, { method: 'PUT', json: { plan_id: planId }, headers: ADMIN })).status).toBe(200)
  w = { top, sub, mSub, mTop, planId, topCookie: await agentSession(top), subCookie: await agentSession(sub) }
})

function rows(lines: string[]): string {
  return [HEADER, ...lines].join('\n') + '\n'
}

function upload(query: string, body: BodyInit, headers: Record<string, string>) {
  return call(`/api/v1/statements?${query}`, { method: 'POST', body, headers: { 'content-type': 'text/csv; charset=utf-8', ...headers } })
}

const asTop = () => ({ cookie: w.topCookie })
const asSub = () => ({ cookie: w.subCookie })

function seedFile() {
  return rows([
    `S1,2026-11-20T14:30:00+08:00,${w.mSub},XH000001,credit,sale,1000000,T1,`,
    `S2,2026-11-20T15:00:00+08:00,${w.mSub},XH000001,debit,sale,10000000,T1,`,
    `S3,2026-11-20T16:00:00+08:00,${w.mSub},XH000001,qr,sale,1000,T1,`,
    `V3,2026-11-20T16:05:00+08:00,${w.mSub},XH000001,qr,void,1000,T1,S3`,
    `S4,2026-11-21T09:00:00+08:00,${w.mTop},XT000001,credit,sale,500000,D0,`,
    `R1,2026-11-25T10:00:00+08:00,${w.mSub},XH000001,credit,refund,200000,T1,S1`,
  ])
}

async function statementCount(agentId: string): Promise<number> {
  const row = await env.DB.prepare('SELECT count(*) AS n FROM statements WHERE agent_id = ?1').bind(agentId).first<{ n: number }>()
  return row!.n
}

describe('POST /api/v1/statements', () => {
  it('computes and stores the top agent’s statement: fees, 级差 shares, capped debit pay, D0, void and refund', async () => {
    const res = await upload('month=2026-11', '\ufeff' + seedFile(), asTop())
    expect(res.status).toBe(201)
    const body = await res.json() as { id: string; agents: { agent_id: string; total: number }[]; [k: string]: unknown }
    expect(body.id).toMatch(/^stm_[0-9a-z]+$/)
    expect(res.headers.get('location')).toBe(`/api/v1/statements/${body.id}`)
    expect(body).toMatchObject({
      agent_id: w.top, month: '2026-11', rows: { total: 6, sales: 4, voids: 1, refunds: 1, skipped: 0 },
      plan_versions: [{ plan_id: w.planId, version: 1, effective_from: '2026-01-01' }],
      totals: {
        // credit 6000 + debit capped 2000 + TOP's D0 credit 3000; D0 500000 × 0.05 % + 2 yuan = 450.
        merchant_fee: 6000 + 2000 + 3000, d0_fee: 450, sales_volume: 1_000_000 + 10_000_000 + 500_000, refund_volume: 200_000,
        // credit: SUB 800 + TOP 200; capped debit: SUB 2.50 + TOP 0.50; TOP's own merchant: 3000 − 2500;
        // and the demo plan's 80-yuan activation reward for each of the two terminals (first sale ≥ 500 yuan).
        profit: 1000 + 300 + 500 + 16_000, capped_pay: 300, rewards: 16_000,
      },
      terminals: { activated: 2 },
      // The QR line stays, with its void and nothing else.
      line_count: 4,
      rounding: { code: 'per_transaction' },
    })
    expect((body.rounding as { rule: string }).rule).toMatch(/^逐笔四舍五入/)
    expect(body.agents.map((a) => [a.agent_id, a.total])).toEqual([[w.top, 200 + 50 + 500 + 8000], [w.sub, 800 + 250 + 8000]])
  })

  it('lets a sub-agent compute its own subtree, and refuses it anyone above', async () => {
    const own = await upload('month=2026-11', rows([`S1,2026-11-20T14:30:00+08:00,${w.mSub},XH000001,credit,sale,1000000,T1,`]), asSub())
    expect(own.status).toBe(201)
    expect(await own.json()).toMatchObject({ agent_id: w.sub, agents: [{ agent_id: w.sub, spread_profit: 800, rewards: 8000, total: 8800 }], totals: { profit: 8800 } })
    const above = await problem(await upload(`month=2026-11&agent_id=${w.top}`, rows([]), asSub()))
    expect(above.status).toBe(403)
    const other = await problem(await upload('month=2026-11', rows([`S1,2026-11-20T14:30:00+08:00,${w.mTop},XT000001,credit,sale,100,T1,`]), asSub()))
    expect(other.errors).toEqual([{ path: '2.merchant_no', message: `商户 ${w.mTop} 不在代理商 ${w.sub} 名下` }])
  })

  it('lets the top agent and admins compute a sub-agent’s statement; admins must say whose', async () => {
    expect((await upload(`month=2026-11&agent_id=${w.sub}`, rows([]), asTop())).status).toBe(201)
    expect((await upload(`month=2026-11&agent_id=${w.sub}`, rows([]), ADMIN)).status).toBe(201)
    const noAgent = await problem(await upload('month=2026-11', rows([]), ADMIN))
    expect(noAgent).toMatchObject({ status: 400, errors: [{ path: 'agent_id', message: '管理员须用 agent_id 指定代理商' }] })
  })

  it('refuses a file with a bad row, stores nothing, and lists lines and reasons in English on request', async () => {
    const before = await statementCount(w.top)
    const file = rows([
      `S1,2026-11-20T14:30:00+08:00,${w.mSub},XH000001,credit,sale,1000000,T1,`,
      `S2,2026-11-20T14:31:00+08:00,${w.mSub},XH000001,credit,sale,12.50,T1,`,
      `S1,2026-11-20T14:32:00+08:00,${w.mSub},XH000001,credit,sale,100,T1,`,
      `R1,2026-11-21T14:30:00+08:00,${w.mSub},XH000001,credit,refund,2000000,T1,S1`,
    ])
    const body = await problem(await upload('month=2026-11', file, { ...asTop(), 'accept-language': 'en' }))
    expect(body).toMatchObject({ status: 400, error_count: 3 })
    expect(body.detail).toMatch(/^3 row\(s\) are wrong and nothing was stored/)
    expect(body.errors).toEqual([
      { path: '3.amount', message: 'Amount is a positive whole number of fen, at most 10^12 (voids and refunds too)' },
      { path: '4.txn_id', message: 'Same transaction id as line 2' },
      { path: '5.amount', message: 'Refunds exceed original transaction S1: at most 1000000 fen is left' },
    ])
    expect(await statementCount(w.top)).toBe(before)
  })

  it('with skip_invalid=true stores the good rows and lists the skipped ones', async () => {
    const res = await upload('month=2026-11&skip_invalid=true', rows([
      `S1,2026-11-20T14:30:00+08:00,${w.mSub},XH000001,credit,sale,1000000,T1,`,
      `S2,2026-12-01T00:00:00+08:00,${w.mSub},XH000001,credit,sale,100,T1,`,
    ]), asTop())
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({
      rows: { total: 2, sales: 1, skipped: 1 }, totals: { spread_profit: 1000 },
      skipped_rows: [{ line: 3, column: 'time', message: '交易日（北京时间）不在 2026-11 月内' }],
    })
  })

  it.each([
    ['a bad month', 'month=2026-13', 400],
    ['no month', '', 400],
  ])('400 for %s', async (_, query, status) => {
    expect((await upload(query, rows([]), asTop())).status).toBe(status)
  })

  it('415 for a JSON body, 400 for a body that is not UTF-8, 401 without a session', async () => {
    expect((await call('/api/v1/statements?month=2026-11', { method: 'POST', json: {}, headers: asTop() })).status).toBe(415)
    const gbk = new Uint8Array([...new TextEncoder().encode(HEADER + '\n'), 0xc9, 0xcc, 0xbb, 0xa7, 0x0a])
    const notUtf8 = await problem(await upload('month=2026-11', gbk, asTop()))
    expect(notUtf8.errors).toEqual([{ path: '(body)', message: '文件不是 UTF-8 编码；请另存为“CSV UTF-8”后再上传' }])
    expect((await upload('month=2026-11', rows([]), {})).status).toBe(401)
    const long = await problem(await upload('month=2026-11', `${HEADER}\n${'x'.repeat(70_000)}`, asTop()))
    expect(long).toMatchObject({ status: 400, errors: [{ path: '2.row' }] })
  })

  it('streams a chunked upload of 20,000 rows', async () => {
    const n = 20_000
    const enc = new TextEncoder()
    let i = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (i === 0) controller.enqueue(enc.encode(HEADER + '\n'))
        if (i >= n) return controller.close()
        const chunk: string[] = []
        for (let k = 0; k < 1000 && i < n; k++, i++) chunk.push(`B${i},2026-11-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00+08:00,${w.mSub},XH${String(i % 50).padStart(6, '0')},credit,sale,${1000 + (i % 997)},T1,`)
        controller.enqueue(enc.encode(chunk.join('\n') + '\n'))
      },
    })
    const res = await call('/api/v1/statements?month=2026-11', { method: 'POST', body: stream, headers: { 'content-type': 'text/csv', ...asTop() }, duplex: 'half' } as RequestInit)
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ rows: { total: n, sales: n } })
  })
})

describe('GET /api/v1/statements/{id} and {id}.csv', () => {
  let id: string
  beforeAll(async () => {
    id = ((await (await upload('month=2026-11', seedFile(), asTop())).json()) as { id: string }).id
  })

  it('returns the stored statement with its lines', async () => {
    const res = await call(`/api/v1/statements/${id}`, { headers: asTop() })
    expect(res.status).toBe(200)
    const body = await res.json() as { lines: unknown[] }
    expect(body.lines).toHaveLength(4)
    expect(body.lines[0]).toMatchObject({ card: 'debit', merchant_fee: 2000, capped: 1, shares: [{ agent_id: w.top, profit: 50 }, { agent_id: w.sub, profit: 250 }] })
    expect(body.lines[1]).toMatchObject({ card: 'credit', merchant_fee: 6000, refunds: 1, volume: 800_000 })
    expect(body.lines[2]).toMatchObject({ card: 'qr', sales: 0, voids: 1, volume: 0, merchant_fee: 0 })
  })

  it('serves the lines as CSV for Excel: BOM, Chinese headers, yuan, filename', async () => {
    const res = await call(`/api/v1/statements/${id}.csv`, { headers: asTop() })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="statement-2026-11-${w.top}.csv"`)
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = new TextDecoder().decode(bytes).split('\r\n')
    expect(lines[0]).toBe('商户号,所属代理商,卡类型,结算方式,费率方案,消费笔数,撤销笔数,退货笔数,消费金额(元),退货金额(元),净交易额(元),商户手续费(元),D0手续费(元),封顶笔数,分润合计(元),本代理商分润(元)')
    expect(lines).toContain(`\t${w.mSub},${w.sub},贷记卡,T1,${w.planId} v1,1,0,1,10000.00,2000.00,8000.00,60.00,0.00,0,10.00,2.00`)
    const en = new TextDecoder().decode(await (await call(`/api/v1/statements/${id}.csv`, { headers: { ...asTop(), 'accept-language': 'en' } })).arrayBuffer())
    expect(en.split('\r\n')[0]).toMatch(/^Merchant no\.,Agent,Card,/)
  })

  it('shows a sub-agent its own statements only; someone else’s is 404', async () => {
    expect((await call(`/api/v1/statements/${id}`, { headers: asSub() })).status).toBe(404)
    expect((await call(`/api/v1/statements/${id}.csv`, { headers: asSub() })).status).toBe(404)
    const own = ((await (await upload('month=2026-11', rows([]), asSub())).json()) as { id: string }).id
    expect((await call(`/api/v1/statements/${own}`, { headers: asTop() })).status).toBe(200)
    expect((await call(`/api/v1/statements/${own}`, { headers: asSub() })).status).toBe(200)
    expect((await call('/api/v1/statements/stm_nothing', { headers: ADMIN })).status).toBe(404)
    expect((await call('/api/v1/statements/stm_nothing.csv', { headers: ADMIN })).status).toBe(404)
  })

  it('is unchanged by a later plan version', async () => {
    const before = await (await call(`/api/v1/statements/${id}`, { headers: ADMIN })).json()
    const v2 = await admin('/api/v1/admin/rate-plans', { ...demoPlan, plan_id: w.planId, effective_from: '2026-11-10', merchant_rates: { credit: '0.7%', debit: '0.6%', qr: '0.5%' } })
    expect(v2.status).toBe(201)
    expect(await (await call(`/api/v1/statements/${id}`, { headers: ADMIN })).json()).toEqual(before)
    // A statement computed now uses the new version from the 10th.
    const now = await (await upload('month=2026-11', seedFile(), asTop())).json() as { plan_versions: unknown[]; totals: { merchant_fee: number } }
    expect(now.plan_versions).toEqual([{ plan_id: w.planId, version: 2, effective_from: '2026-11-10' }])
    expect(now.totals.merchant_fee).toBe(7000 + 2000 + 3500)
  })

  it('documents the statement routes', async () => {
    const doc = await (await call('/api/v1/openapi.json')).json() as { paths: Record<string, unknown> }
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/statements', '/api/v1/statements/{id}', '/api/v1/statements/{id}.csv', '/api/v1/admin/rate-plans', '/api/v1/rate-plans/{plan_id}']))
  })
})

describe('activation rewards across monthly statements', () => {
  it('pays in the month of activation and claws back in the month the window ends', async () => {
    const id = uniq(6)
    const agent = `ACT-${id}`, merchant = `898${uniq(12)}`, planId = `act-${id}`
    await admin('/api/v1/admin/agents', { agent_id: agent, name: '激活测试' })
    await admin('/api/v1/admin/merchants', { merchant_no: merchant, name: '测试', agent_id: agent })
    await admin('/api/v1/admin/rate-plans', { ...demoPlan, plan_id: planId, activation: { reward: 8000, first_swipe_min: 50_000, within_days: 30, clawback: { volume_below: 1_000_000, within_days: 15 } } })
    await call(`/api/v1/admin/agents/${agent}/rate-plan`, { method: 'PUT', json: { plan_id: planId }, headers: ADMIN })
    const nov = await (await upload(`month=2026-11&agent_id=${agent}`, rows([`A,2026-11-25T10:00:00+08:00,${merchant},AC000001,credit,sale,50000,T1,`]), ADMIN)).json()
    expect(nov).toMatchObject({ terminals: { activated: 1 }, agents: [{ agent_id: agent, rewards: 8000 }] })
    const dec = await (await upload(`month=2026-12&agent_id=${agent}`, rows([]), ADMIN)).json()
    expect(dec).toMatchObject({ terminals: { clawed_back: 1 }, agents: [{ agent_id: agent, rewards: 0, clawbacks: 8000, total: -8000 }] })
    // Uploading December again starts from November's state again, not from the first December statement.
    const again = await (await upload(`month=2026-12&agent_id=${agent}`, rows([`B,2026-12-02T10:00:00+08:00,${merchant},AC000001,credit,sale,1000000,T1,`]), ADMIN)).json()
    expect(again).toMatchObject({ terminals: { clawed_back: 0, kept: 1 }, agents: [{ agent_id: agent, clawbacks: 0 }] })
  })
})

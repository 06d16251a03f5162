import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { call, makeMerchant, problem, signed, signIn, type Fixture } from '../helpers'

/** A Luhn-valid card number built at run time (no real-looking PAN sits in the source). */
function pan(prefix: string, length = 16): string {
  let digits = prefix
  while (digits.length < length - 1) digits += String((digits.length * 7) % 10)
  for (let check = 0; check < 10; check++) {
    const candidate = digits + check
    let sum = 0
    for (let i = candidate.length - 1, dbl = false; i >= 0; i--, dbl = !dbl) {
      let d = Number(candidate[i])
      if (dbl) { d *= 2; if (d > 9) d -= 9 }
      sum += d
    }
    if (sum % 10 === 0) return candidate
  }
  throw new Error('unreachable')
}

let shop: Fixture
let other: Fixture
let manager: string
let staff: string
beforeAll(async () => {
  shop = await makeMerchant()
  other = await makeMerchant()
  manager = await signIn(shop.merchantNo, shop.manager.staffNo, shop.manager.code)
  staff = await signIn(shop.merchantNo, shop.staff.staffNo, shop.staff.code)
})

function report(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'wrong_card', occurred_at: new Date(Date.now() - 60_000).toISOString().replace('Z', '+00:00'), amount: 12_800,
    card: { bin: '622202', last4: '4321' }, card_type: 'debit', settlement: 'T1', batch_settled: false,
    terminal_id: shop.terminal.id, trace_no: '000123', batch_no: '000042', ...overrides,
  }
}

function fromTerminal(body: unknown, key = crypto.randomUUID(), terminal = shop.terminal, lang = 'zh-CN') {
  return signed(terminal, '/api/v1/incidents', { body: JSON.stringify(body), headers: { 'idempotency-key': key, 'accept-language': lang } })
}

describe('intake from a signed terminal', () => {
  it('answers 201 with void guidance for a same-day wrong card, in the cashier’s language', async () => {
    const res = await fromTerminal(report(), undefined, undefined, 'en')
    expect(res.status).toBe(201)
    const body = (await res.json()) as { id: string; status: string; guidance: { action: string; steps: string[]; deadline: string } }
    expect(body.id).toMatch(/^inc_/)
    expect(body.status).toBe('reported')
    expect(body.guidance.action).toBe('void')
    expect(body.guidance.steps.join(' ')).toMatch(/supervisor password/i)
    expect(Date.parse(body.guidance.deadline)).toBeGreaterThan(Date.now())
  })

  it('answers refund when the batch is settled, and wait_for_reversal for a declined-but-debited sale', async () => {
    const refund = (await (await fromTerminal(report({ batch_settled: true }))).json()) as { guidance: { action: string; steps: string[] } }
    expect(refund.guidance.action).toBe('refund')
    expect(refund.guidance.steps.join('')).toMatch(/原卡/)
    const wait = (await (await fromTerminal(report({ kind: 'declined_but_debited' }))).json()) as { guidance: { action: string } }
    expect(wait.guidance.action).toBe('wait_for_reversal')
  })

  it('gives the fee effect when the merchant rate is known', async () => {
    const res = await fromTerminal(report({ card_type: 'credit', amount: 1_000_000, merchant_rate: '0.6%' }))
    const body = (await res.json()) as { fee_effect: { correction: string; amount_back: number; fee_reversed: number; fee_lost: number } }
    expect(body.fee_effect).toMatchObject({ correction: 'void', amount_back: 1_000_000, fee_reversed: 6_000, fee_lost: 0 })
  })

  it('replays the first response for a retried key and creates nothing new', async () => {
    const key = 'retry-' + crypto.randomUUID()
    const body = report()
    const first = await fromTerminal(body, key)
    const again = await fromTerminal(body, key)
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    const a = (await first.json()) as { id: string }
    expect(((await again.json()) as { id: string }).id).toBe(a.id)
    const n = await env.DB.prepare('SELECT count(*) AS n FROM idempotency_keys WHERE key = ?1').bind(key).first<{ n: number }>()
    expect(n?.n).toBe(1)
  })

  it('refuses the same key with another body (409)', async () => {
    const key = 'reuse-' + crypto.randomUUID()
    await fromTerminal(report(), key)
    const res = await fromTerminal(report({ amount: 99 }), key)
    expect(res.status).toBe(409)
    expect((await problem(res)).detail).toMatch(/Idempotency-Key/)
  })

  it('creates exactly one incident from twenty concurrent identical requests', async () => {
    const key = 'burst-' + crypto.randomUUID()
    const before = await env.DB.prepare('SELECT count(*) AS n FROM incidents').first<{ n: number }>()
    const body = report({ trace_no: '000777' })
    const results = await Promise.all(Array.from({ length: 20 }, () => fromTerminal(body, key)))
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201))
    const ids = new Set(await Promise.all(results.map(async (r) => ((await r.json()) as { id: string }).id)))
    expect(ids.size).toBe(1)
    const after = await env.DB.prepare('SELECT count(*) AS n FROM incidents').first<{ n: number }>()
    expect(after!.n - before!.n).toBe(1)
  })

  it('requires an Idempotency-Key from terminals', async () => {
    const res = await signed(shop.terminal, '/api/v1/incidents', { body: JSON.stringify(report()) })
    expect(res.status).toBe(400)
    expect((await problem(res)).errors?.[0]?.path).toBe('Idempotency-Key')
  })

  it('refuses a terminal reporting for another terminal or another merchant’s terminal (403)', async () => {
    const res = await fromTerminal(report({ terminal_id: other.terminal.id }))
    expect(res.status).toBe(403)
  })
})

describe('card data never stored, logged or echoed', () => {
  it('refuses CVV, PIN, track data and expiry, naming each field, and stores nothing', async () => {
    const before = await env.DB.prepare('SELECT count(*) AS n FROM incidents').first<{ n: number }>()
    const res = await fromTerminal({ ...report(), cvv2: '123', pin: '000000', card: { last4: '4321', expiry: '12/29' }, track2: ';;' })
    expect(res.status).toBe(400)
    const body = await problem(res)
    expect(body.errors?.map((e) => e.path).sort()).toEqual(['card.expiry', 'cvv2', 'pin', 'track2'])
    const after = await env.DB.prepare('SELECT count(*) AS n FROM incidents').first<{ n: number }>()
    expect(after?.n).toBe(before?.n)
  })

  it('reduces a full card number to BIN + last 4 and redacts numbers in free text', async () => {
    const number = pan('622202')
    const spaced = number.replace(/(\d{4})(?=\d)/g, '$1 ')
    const res = await fromTerminal({ ...report({ card: undefined }), card_number: number, description: `顾客说卡号是 ${spaced}，刷错了`, cardholder: { name: `王芳 ${number}`, phone: '13800138000' } })
    expect(res.status).toBe(201)
    const text = await res.text()
    expect(text).not.toContain(number)
    const { id } = JSON.parse(text) as { id: string }
    const row = await env.DB.prepare('SELECT * FROM incidents WHERE id = ?1').bind(id).first<Record<string, unknown>>()
    const stored = JSON.stringify(row)
    expect(stored).not.toContain(number)
    expect(stored).not.toContain(number.slice(6, 12))
    expect(row).toMatchObject({ card_bin: '622202', card_last4: number.slice(-4) })
    expect(row?.description).toContain(`622202******${number.slice(-4)}`)
    expect(row?.cardholder_masked).toMatch(/^王\*+ 138\*{4}8000$/)
    expect(String(row?.cardholder_sealed)).toMatch(/^v1\.test1\./)
    expect(stored).not.toContain('13800138000')
  })

  it('keeps only a keyed hash of a retried body: the stored hash cannot be matched by guessing digits', async () => {
    const number = pan('622202')
    const key = 'hash-' + crypto.randomUUID()
    const body = { ...report({ card: undefined }), card_number: number }
    expect((await fromTerminal(body, key)).status).toBe(201)
    const row = await env.DB.prepare('SELECT request_hash FROM idempotency_keys WHERE key = ?1').bind(key).first<{ request_hash: string }>()
    const plain = [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(body))))].map((b) => b.toString(16).padStart(2, '0')).join('')
    expect(row?.request_hash).toMatch(/^h1:[0-9a-f]{64}$/)
    expect(row?.request_hash).not.toContain(plain)
    // The retry still replays.
    expect((await fromTerminal(body, key)).headers.get('idempotent-replayed')).toBe('true')
  })

  it('refuses expiry and passwords under other names, inside nested objects too', async () => {
    const res = await fromTerminal({ ...report(), card: { last4: '4321', expire_date: '12/28' }, cardholder: { name: '王芳', password: '123456' }, de52: 'x' })
    expect(res.status).toBe(400)
    expect((await problem(res)).errors?.map((e) => e.path).sort()).toEqual(['card.expire_date', 'cardholder.password', 'de52'])
  })

  it('never echoes a card number sent as a key, even in the error naming it', async () => {
    const number = pan('622848', 19)
    const res = await fromTerminal({ ...report(), [number]: 'x' })
    expect(res.status).toBe(400)
    const text = await res.text()
    expect(text).not.toContain(number)
    expect(text).toContain(`622848******${number.slice(-4)}`)
  })
})

describe('intake from people', () => {
  it('accepts a report from signed-in staff without a key', async () => {
    const res = await call('/api/v1/incidents', { method: 'POST', headers: { cookie: staff }, json: report() })
    expect(res.status).toBe(201)
  })

  it('names every bad field, in English on request', async () => {
    const res = await call('/api/v1/incidents', {
      method: 'POST', headers: { cookie: staff, 'accept-language': 'en' },
      json: report({ amount: 0, trace_no: '12', occurred_at: 'yesterday', kind: 'oops', card: { last4: '12' } }),
    })
    expect(res.status).toBe(400)
    const body = await problem(res)
    expect(body.errors?.map((e) => e.path).sort()).toEqual(['amount', 'card.last4', 'kind', 'occurred_at', 'trace_no'])
    expect(body.title).toBe('Invalid input')
  })

  it('judges a terminal clock a few minutes fast as of its sale: a void, with its fee effect', async () => {
    const ahead = new Date(Date.now() + 2 * 60_000).toISOString()
    const res = await fromTerminal(report({ occurred_at: ahead, merchant_rate: '0.6%' }))
    expect(res.status).toBe(201)
    const body = (await res.json()) as { guidance: { action: string }; fee_effect: { correction: string; amount_back: number } }
    expect(body.guidance.action).toBe('void')
    expect(body.fee_effect).toMatchObject({ correction: 'void', amount_back: 12_800 })
  })

  it('refuses a person naming another merchant’s terminal', async () => {
    const res = await call('/api/v1/incidents', { method: 'POST', headers: { cookie: staff }, json: report({ terminal_id: other.terminal.id }) })
    expect(res.status).toBe(403)
  })
})

describe('offline batch', () => {
  it('answers each item on its own: one bad item does not block the rest', async () => {
    const items = [
      { idempotency_key: 'b1-' + crypto.randomUUID(), incident: report({ occurred_at: new Date(Date.now() - 3 * 86_400_000).toISOString() }) },
      { idempotency_key: 'b2-' + crypto.randomUUID(), incident: report({ cvv: '999' }) },
      { idempotency_key: 'b3-' + crypto.randomUUID(), incident: report({ kind: 'suspected_fraud' }) },
    ]
    const res = await signed(shop.terminal, '/api/v1/incidents/batch', { body: JSON.stringify({ items }) })
    expect(res.status).toBe(200)
    const { results } = (await res.json()) as { results: { status: number; body: { guidance?: { action: string } } }[] }
    expect(results.map((r) => r.status)).toEqual([201, 400, 201])
    expect(results[0]?.body.guidance?.action).toBe('refund')
    expect(results[2]?.body.guidance?.action).toBe('stop_and_report_fraud')
    const again = await signed(shop.terminal, '/api/v1/incidents/batch', { body: JSON.stringify({ items }) })
    const replay = (await again.json()) as { results: { replayed: boolean }[] }
    expect(replay.results.map((r) => r.replayed)).toEqual([true, false, true])
  })
})

describe('offline retry', () => {
  it('replays through /batch a report first sent alone with other spacing and number format', async () => {
    const key = 'queued-' + crypto.randomUUID()
    const incident = report()
    const pretty = JSON.stringify(incident, null, 2).replace('"amount": 12800', '"amount": 12800.0')
    const first = await signed(shop.terminal, '/api/v1/incidents', { body: pretty, headers: { 'idempotency-key': key } })
    expect(first.status).toBe(201)
    const { id } = (await first.json()) as { id: string }
    const res = await signed(shop.terminal, '/api/v1/incidents/batch', { body: JSON.stringify({ items: [{ idempotency_key: key, incident }] }) })
    const { results } = (await res.json()) as { results: { status: number; replayed: boolean; body: { id: string } }[] }
    expect(results[0]).toMatchObject({ status: 201, replayed: true, body: { id } })
  })
})

describe('workflow and reading', () => {
  async function newIncident() {
    const res = await fromTerminal(report({ cardholder: { name: '李雷', phone: '13900139000' }, description: '重复扣款 #dup' }))
    return ((await res.json()) as { id: string }).id
  }

  it('moves through legal transitions with an append-only timeline, and refuses illegal ones with the allowed list', async () => {
    const id = await newIncident()
    const step1 = await call(`/api/v1/incidents/${id}/events`, { method: 'POST', headers: { cookie: manager }, json: { to: 'voided', note: '已撤销' } })
    expect(step1.status).toBe(201)
    const bad = await call(`/api/v1/incidents/${id}/events`, { method: 'POST', headers: { cookie: manager }, json: { to: 'refunded' } })
    expect(bad.status).toBe(409)
    expect(((await bad.json()) as { allowed: string[] }).allowed).toEqual(['escalated', 'resolved'])
    const noAmounts = await call(`/api/v1/incidents/${id}/events`, { method: 'POST', headers: { cookie: manager }, json: { to: 'resolved' } })
    expect(noAmounts.status).toBe(400)
    const resolved = await call(`/api/v1/incidents/${id}/events`, { method: 'POST', headers: { cookie: manager }, json: { to: 'resolved', amounts: { refunded: 12_800, fee_reversed: 0, fee_lost: 0, compensation: 0 } } })
    expect(((await resolved.json()) as { status: string }).status).toBe('resolved')
    const detail = (await (await call(`/api/v1/incidents/${id}`, { headers: { cookie: manager } })).json()) as { events: { from: string | null; to: string; actor: { role: string } }[] }
    expect(detail.events.map((e) => e.to)).toEqual(['reported', 'voided', 'resolved'])
    expect(detail.events[1]?.actor.role).toBe('manager')
    await expect(env.DB.prepare('DELETE FROM incident_events WHERE incident_id = ?1').bind(id).run()).rejects.toThrow(/append-only/)
  })

  it('recomputes the guidance when the batch gets settled', async () => {
    const id = await newIncident()
    const res = await call(`/api/v1/incidents/${id}/facts`, { method: 'POST', headers: { cookie: manager }, json: { batch_settled: true } })
    expect(res.status).toBe(201)
    expect(((await res.json()) as { guidance: { action: string } }).guidance.action).toBe('refund')
  })

  it('keeps a reached cardholder, refuses to unsettle a batch, and takes no facts once resolved', async () => {
    const id = await newIncident()
    const facts = (json: object) => call(`/api/v1/incidents/${id}/facts`, { method: 'POST', headers: { cookie: manager, 'accept-language': 'en' }, json })
    const nothing = await facts({})
    expect(nothing.status).toBe(400)
    expect((await problem(nothing)).errors?.[0]?.message).toMatch(/batch_settled, cardholder_contacted/)
    expect((await facts({ cardholder_contacted: true })).status).toBe(201)
    const settled = (await (await facts({ batch_settled: true })).json()) as { cardholder_contacted: boolean; guidance: { steps: string[] } }
    expect(settled.cardholder_contacted).toBe(true)
    expect(settled.guidance.steps.join(" ")).not.toMatch(/Talk to the cardholder first/)
    const unsettle = await facts({ batch_settled: false })
    expect(unsettle.status).toBe(422)
    expect((await problem(unsettle)).errors?.[0]?.path).toBe('batch_settled')
    await call(`/api/v1/incidents/${id}/events`, { method: 'POST', headers: { cookie: manager }, json: { to: 'resolved', amounts: { refunded: 12_800, fee_reversed: 0, fee_lost: 0, compensation: 0 } } })
    const late = await facts({ cardholder_contacted: false })
    expect(late.status).toBe(409)
    expect((await problem(late)).detail).toMatch(/Resolved/)
  })

  it('scopes lists: a manager sees the merchant, another merchant’s manager sees nothing of it', async () => {
    const id = await newIncident()
    const list = (await (await call('/api/v1/incidents?limit=100', { headers: { cookie: manager } })).json()) as { items: { id: string; cardholder: string }[] }
    expect(list.items.map((i) => i.id)).toContain(id)
    expect(list.items.find((i) => i.id === id)?.cardholder).toBe('李* 139****9000')
    const otherManager = await signIn(other.merchantNo, other.manager.staffNo, other.manager.code)
    const theirs = (await (await call('/api/v1/incidents', { headers: { cookie: otherManager } })).json()) as { items: unknown[] }
    expect(theirs.items).toEqual([])
    expect((await call(`/api/v1/incidents/${id}`, { headers: { cookie: otherManager } })).status).toBe(404)
  })

  it('filters, searches and paginates with a cursor', async () => {
    const page1 = (await (await call('/api/v1/incidents?limit=2', { headers: { cookie: manager } })).json()) as { items: { id: string }[]; next_cursor: string }
    expect(page1.items).toHaveLength(2)
    const page2 = (await (await call(`/api/v1/incidents?limit=2&cursor=${encodeURIComponent(page1.next_cursor)}`, { headers: { cookie: manager } })).json()) as { items: { id: string }[] }
    expect(page2.items.map((i) => i.id)).not.toContain(page1.items[0]!.id)
    const found = (await (await call('/api/v1/incidents?q=%23dup&kind=wrong_card', { headers: { cookie: manager } })).json()) as { items: { description: string }[] }
    expect(found.items.length).toBeGreaterThan(0)
    expect(found.items.every((i) => i.description.includes('#dup'))).toBe(true)
    for (const cursor of ['garbage', btoa('["x"]'), btoa('[{},{}]'), btoa('"x"')]) {
      expect((await call(`/api/v1/incidents?cursor=${encodeURIComponent(cursor)}`, { headers: { cookie: manager } })).status).toBe(400)
    }
  })

  it('shows the cardholder in clear only to the manager, and records each such view', async () => {
    const id = await newIncident()
    const clear = (await (await call(`/api/v1/incidents/${id}?reveal=personal`, { headers: { cookie: manager } })).json()) as { cardholder_clear: { name: string; phone: string } }
    expect(clear.cardholder_clear).toEqual({ name: '李雷', phone: '13900139000' })
    const views = await env.DB.prepare('SELECT count(*) AS n FROM personal_data_views WHERE incident_id = ?1').bind(id).first<{ n: number }>()
    expect(views?.n).toBe(1)
  })

  it('lets staff see only what they reported, and never in clear', async () => {
    const mine = await call('/api/v1/incidents', { method: 'POST', headers: { cookie: staff }, json: report() })
    const { id } = (await mine.json()) as { id: string }
    const list = (await (await call('/api/v1/incidents?limit=100', { headers: { cookie: staff } })).json()) as { items: { id: string; reported_by: { id: string } }[] }
    expect(list.items.map((i) => i.id)).toContain(id)
    expect(list.items.every((i) => i.reported_by.id === shop.staff.id)).toBe(true)
    expect((await call(`/api/v1/incidents/${id}?reveal=personal`, { headers: { cookie: staff } })).status).toBe(403)
  })

  it('exports CSV with a BOM and masked data', async () => {
    const res = await call('/api/v1/incidents/export.csv', { headers: { cookie: manager } })
    expect(res.headers.get('content-type')).toMatch(/text\/csv/)
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder().decode(bytes)
    expect(text).toContain('事件编号,状态')
    expect(text).toContain('622202******4321')
    expect(text).not.toContain('13900139000')
  })

  it('lets the terminal see its recent incidents without personal data', async () => {
    const res = await signed(shop.terminal, '/api/v1/terminal/incidents')
    expect(res.status).toBe(200)
    const text = await res.text()
    expect(JSON.parse(text).items.length).toBeGreaterThan(0)
    expect(text).not.toContain('139****9000')
  })

  it('counts incidents per week by kind for the chart', async () => {
    const res = (await (await call('/api/v1/incidents/stats/weekly', { headers: { cookie: manager } })).json()) as { weeks: { kind: string; count: number }[] }
    expect(res.weeks.find((w) => w.kind === 'wrong_card')?.count).toBeGreaterThan(0)
    // Staff count only what they reported themselves, as their list shows.
    type Weeks = { weeks: { count: number }[] }
    const total = (r: Weeks) => r.weeks.reduce((n, w) => n + w.count, 0)
    const theirs = (await (await call('/api/v1/incidents/stats/weekly', { headers: { cookie: staff } })).json()) as Weeks
    const listed = (await (await call('/api/v1/incidents?limit=100', { headers: { cookie: staff } })).json()) as { items: unknown[] }
    expect(listed.items.length).toBeGreaterThan(0)
    expect(total(theirs)).toBe(listed.items.length)
    expect(total(theirs)).toBeLessThan(total(res as unknown as Weeks))
  })
})

describe('terminal inspections', () => {
  const items = (fail?: string) => Object.fromEntries(['seals', 'screws', 'wiring', 'overlay', 'card_slot', 'keypad'].map((k) => [k, { result: k === fail ? 'fail' : 'pass' }]))

  it('records a passing inspection', async () => {
    const res = await call('/api/v1/inspections', { method: 'POST', headers: { cookie: staff }, json: { terminal_id: shop.terminal.id, items: items(), serial_no_read: 'sn' + shop.terminal.id.toLowerCase() } })
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ passed: true, incident: null })
  })

  it('opens a suspected-fraud incident when an item fails or the serial does not match', async () => {
    const res = await call('/api/v1/inspections', { method: 'POST', headers: { cookie: staff }, json: { terminal_id: shop.terminal.id, items: items('overlay'), serial_no_read: 'OTHER-SERIAL' } })
    const body = (await res.json()) as { passed: boolean; incident: { id: string; guidance: { action: string } } }
    expect(res.status, JSON.stringify(body)).toBe(201)
    expect(body.passed).toBe(false)
    expect(body.incident.guidance.action).toBe('stop_and_report_fraud')
    const status = (await (await call('/api/v1/inspections/status', { headers: { cookie: manager } })).json()) as { terminals: { terminal_id: string; overdue: boolean; last_inspection: { passed: boolean; incident_id: string } }[] }
    const t = status.terminals.find((x) => x.terminal_id === shop.terminal.id)
    expect(t?.last_inspection).toMatchObject({ passed: false, incident_id: body.incident.id })
    expect(t?.overdue).toBe(false)

    // No sale is involved: the desk shows no amount, card or voucher number for it, and the CSV leaves them blank.
    const incident = (await (await call(`/api/v1/incidents/${body.incident.id}`, { headers: { cookie: manager } })).json()) as Record<string, unknown>
    expect(incident).toMatchObject({ source: 'inspection', kind: 'suspected_fraud', amount: null, card: null, card_type: null, settlement: null, trace_no: null, batch_no: null })
    const csv = await (await call(`/api/v1/incidents/export.csv?kind=suspected_fraud`, { headers: { cookie: manager } })).text()
    const row = csv.split('\r\n').find((l) => l.startsWith(body.incident.id))!
    expect(row.split(',').slice(7, 13)).toEqual(['', '', '', '', '', ''])
    // Nothing went back to a card, so a resolution cannot say it did.
    const resolve = (refunded: number) => call(`/api/v1/incidents/${body.incident.id}/events`, { method: 'POST', headers: { cookie: manager }, json: { to: 'resolved', amounts: { refunded, fee_reversed: 0, fee_lost: 0, compensation: 0 } } })
    expect((await resolve(1)).status).toBe(422)
  })

  it('records a resent failed inspection once: the same key replays the first answer, another body is 409', async () => {
    const key = 'web:' + crypto.randomUUID()
    const body = { terminal_id: shop.terminal.id, items: items('keypad'), serial_no_read: 'OTHER-SERIAL' }
    const send = (json: unknown, k = key) => call('/api/v1/inspections', { method: 'POST', headers: { cookie: staff, 'idempotency-key': k, 'accept-language': 'en' }, json })
    const count = async (table: string, column: string, value: string) =>
      (await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${column} = ?1`).bind(value).first<{ n: number }>())!.n

    const incidentsBefore = await count('incidents', 'merchant_no', shop.merchantNo)
    const first = await send(body)
    const answer = (await first.json()) as { id: string; inspected_at: string; incident: { id: string } }
    expect(first.status).toBe(201)
    expect(first.headers.get('idempotent-replayed')).toBeNull()
    const again = await send(body)
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(await again.json()).toEqual(answer)
    expect(await count('terminal_inspections', 'id', answer.id)).toBe(1)
    // One inspection, one incident: the resend opened nothing.
    expect(await count('incidents', 'merchant_no', shop.merchantNo)).toBe(incidentsBefore + 1)
    const before = await count('terminal_inspections', 'terminal_id', shop.terminal.id)

    const edited = await send({ ...body, serial_no_read: 'ANOTHER' })
    expect(edited.status).toBe(409)
    expect((await problem(edited)).detail).toMatch(/different body/)
    expect((await send(body, 'bad key!')).status).toBe(400)
    expect(await count('terminal_inspections', 'terminal_id', shop.terminal.id)).toBe(before)
  })

  it('marks reported sales as source report', async () => {
    const list = (await (await call('/api/v1/incidents?kind=wrong_card', { headers: { cookie: manager } })).json()) as { items: { source: string; amount: number }[] }
    for (const item of list.items) expect(item).toMatchObject({ source: 'report', amount: expect.any(Number) })
  })

  it('refuses another merchant’s terminal and another merchant’s status', async () => {
    expect((await call('/api/v1/inspections', { method: 'POST', headers: { cookie: staff }, json: { terminal_id: other.terminal.id, items: items(), serial_no_read: 'x' } })).status).toBe(403)
    expect((await call(`/api/v1/inspections/status?merchant_no=${other.merchantNo}`, { headers: { cookie: manager } })).status).toBe(403)
  })
})

import { expect } from "vitest"
import { env, exports } from 'cloudflare:workers'
import { signRequest } from '../functions/terminal/signature'

export const BASE = 'https://swipesafe.test'
export const ADMIN = { authorization: `Bearer ${env.ADMIN_TOKEN}` }

/** Send a request to the Worker exactly as the network would. */
export function call(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const headers = new Headers(init.headers)
  let body = init.body
  if (init.json !== undefined) {
    body = JSON.stringify(init.json)
    if (!headers.has('content-type')) headers.set('content-type', 'application/json')
  }
  return (exports as unknown as { default: Fetcher }).default.fetch(new Request(BASE + path, { ...init, headers, body }))
}

export function admin(path: string, json?: unknown, method = json === undefined ? 'GET' : 'POST') {
  return call(path, { method, headers: ADMIN, json })
}

let seq = 0
/** Unique ids per call so tests in one file do not collide (storage is per file, not per test). */
export function uniq(width: number): string {
  seq += 1
  return String(Date.now() % 10 ** 6).padStart(6, '0').slice(-6).concat(String(seq).padStart(width, '0')).slice(-width)
}

export interface Fixture {
  merchantNo: string
  terminal: { id: string; secret: string }
  manager: { id: string; code: string; staffNo: string }
  staff: { id: string; code: string; staffNo: string }
}

/** A merchant with one terminal, a manager and a staff member, made through the admin API. */
export async function makeMerchant(): Promise<Fixture> {
  const merchantNo = '898' + uniq(12)
  const m = await admin('/api/v1/admin/merchants', { merchant_no: merchantNo, name: `测试商户 ${merchantNo.slice(-4)}` })
  if (m.status !== 201) throw new Error(`merchant: ${m.status} ${await m.text()}`)
  const terminalId = 'T' + uniq(7)
  const t = await admin('/api/v1/admin/terminals', { terminal_id: terminalId, merchant_no: merchantNo, model: 'N910', serial_no: 'SN' + terminalId })
  const tj = (await t.json()) as { secret: string }
  const mgr = await admin('/api/v1/admin/people', { role: 'manager', staff_no: '900', name: '店长', merchant_no: merchantNo })
  const mj = (await mgr.json()) as { id: string; access_code: string }
  const st = await admin('/api/v1/admin/people', { role: 'staff', staff_no: '001', name: '收银员', merchant_no: merchantNo })
  const sj = (await st.json()) as { id: string; access_code: string }
  return {
    merchantNo,
    terminal: { id: terminalId, secret: tj.secret },
    manager: { id: mj.id, code: mj.access_code, staffNo: '900' },
    staff: { id: sj.id, code: sj.access_code, staffNo: '001' },
  }
}

/** Sign in and return the session cookie header value. */
export async function signIn(merchantNo: string, staffNo: string, code: string): Promise<string> {
  const res = await call('/api/v1/auth/sign-in', { method: 'POST', json: { merchant_no: merchantNo, staff_no: staffNo, access_code: code } })
  if (res.status !== 200) throw new Error(`sign-in: ${res.status} ${await res.text()}`)
  const cookie = res.headers.get('set-cookie') ?? ''
  return cookie.split(';')[0]!
}

export interface SignedOptions { method?: string; body?: string; timestamp?: number; nonce?: string; secret?: string; signPath?: string; headers?: Record<string, string> }

/** A request signed the way a terminal signs it; options let a test break one part at a time. */
export async function signed(terminal: { id: string; secret: string }, path: string, o: SignedOptions = {}) {
  const method = o.method ?? (o.body ? 'POST' : 'GET')
  const ts = String(o.timestamp ?? Math.floor(Date.now() / 1000))
  const nonce = o.nonce ?? crypto.randomUUID().replace(/-/g, '')
  const body = o.body ?? ''
  const signature = await signRequest(o.secret ?? terminal.secret, method, o.signPath ?? path, ts, nonce, body)
  return call(path, {
    method,
    body: o.body,
    headers: {
      'x-terminal-id': terminal.id, 'x-timestamp': ts, 'x-nonce': nonce, 'x-signature': signature,
      ...(o.body ? { 'content-type': 'application/json' } : {}), ...o.headers,
    },
  })
}

export async function problem(res: Response) {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
  return (await res.json()) as { type: string; title: string; status: number; detail?: string; errors?: { path: string; message: string }[] }
}

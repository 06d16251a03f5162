// Bench scenarios. `request(ctx)` runs in the load process, once per request; ctx is plain JSON made by
// `prepare` in the bench process. Later capabilities add their scenarios here.
import { readFileSync } from 'node:fs'
import { signHeaders } from '../scripts/lib/terminal-client.mjs'

// 10,000 yuan on a credit card at 0.6 % with D0 pricing: every line of the explanation is exercised.
export const QUOTE_BODY = JSON.stringify({ amount: 1_000_000, card: 'credit', merchant_rate: '0.6%', settlement: 'D0', d0_rate: '0.05%', d0_fixed: 200, date: '2026-11-20' })

/**
 * Each scenario is compared with the bare Worker answering a request of the same shape: reading a
 * request body is work workerd does for any Worker (a bare Worker must read it too, or keep-alive
 * breaks), so scenarios with a body are compared with `bare_post`, the others with `bare`.
 */
export const baselineOf = (name) => scenarios[name].baseline ?? 'bare'

/** A bare-Worker POST carrying the quote's body, compared with bare_post. */
function barePost(path, what) {
  return {
    baseline: 'bare_post', description: `bare Worker: ${what}`, target: 'bare',
    request: () => ({ path, method: 'POST', headers: { 'content-type': 'application/json' }, body: QUOTE_BODY }),
  }
}

export const scenarios = {
  bare: {
    description: 'bare Worker: constant JSON (baseline)',
    target: 'bare',
    request: () => ({ path: '/' }),
  },
  bare_post: barePost('/', 'reads a JSON POST body, constant JSON (baseline for body-carrying requests)'),
  bare_quote_shape: barePost('/quote-shape', 'reads the quote body, answers with a real quote\'s bytes and headers (the floor for quote)'),
  bare_quote_headers: barePost('/quote-headers', 'the quote\'s 11 headers on the constant body (what the headers cost)'),
  bare_quote_body: barePost('/quote-body', 'the quote\'s body with one header (what the body costs)'),
  health: {
    description: 'GET /api/v1/health (reads D1)',
    request: () => ({ path: '/api/v1/health' }),
  },
  quote: {
    baseline: 'bare_post',
    description: 'POST /api/v1/fees/quote (exact fee, regulatory split; no D1)',
    request: () => ({
      path: '/api/v1/fees/quote', method: 'POST', headers: { 'content-type': 'application/json' },
      body: QUOTE_BODY,
    }),
  },
  quote_plan: {
    baseline: 'bare_post',
    description: 'POST /api/v1/fees/quote with plan_id (plan version read from D1)',
    // Posts the demo plan under a bench id; if rate plans are not mounted yet, quotes with plain rates.
    prepare: async ({ appUrl, adminToken }) => {
      const plan = JSON.parse(readFileSync('scripts/lib/demo-plan.json', 'utf8'))
      const res = await fetch(`${appUrl}/api/v1/admin/rate-plans`, {
        method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ ...plan, plan_id: 'bench-plan' }),
      })
      return { planId: res.status === 201 || res.status === 409 ? 'bench-plan' : null }
    },
    request: ({ planId }) => ({
      path: '/api/v1/fees/quote', method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify(planId ? { amount: 1_000_000, card: 'credit', plan_id: planId, date: '2026-11-20' } : { amount: 1_000_000, card: 'credit', merchant_rate: '0.6%', date: '2026-11-20' }),
    }),
  },
  whoami: {
    signed: true,
    description: 'GET /api/v1/terminal/whoami (HMAC verify + nonce insert)',
    prepare: async ({ terminal }) => ({ terminal }),
    request: async ({ terminal }) => ({ path: '/api/v1/terminal/whoami', headers: await signHeaders(terminal.terminal_id, terminal.secret, 'GET', '/api/v1/terminal/whoami', '') }),
  },
  exam_submit: {
    description: 'POST /api/v1/attempts/{id}/submit, replay (session + graded attempt read; no grading or signing)',
    prepare: async (shared) => {
      const { cookie, attempt } = await examAttempt(shared, 'BSUBMIT')
      // First submit grades (no answers: a fail, so no certificate key is needed); the bench then measures the idempotent replay.
      await benchFetch(shared.appUrl, `/api/v1/attempts/${attempt.attempt_id}/submit`, { method: 'POST', headers: { cookie } })
      return { cookie, id: attempt.attempt_id }
    },
    request: ({ cookie, id }) => ({ path: `/api/v1/attempts/${id}/submit`, method: 'POST', headers: { cookie } }),
  },
  exam_save: {
    baseline: 'bare_post',
    description: 'PUT /api/v1/attempts/{id}/answers (session + validation + conditional upsert and revision bump in one batch)',
    prepare: async (shared) => {
      const { cookie, attempt } = await examAttempt(shared, 'BSAVE')
      const item = attempt.items.find((i) => i.type === 'single' || i.type === 'true_false')
      return { cookie, id: attempt.attempt_id, body: JSON.stringify({ answers: { [item.id]: item.choices[0].id } }) }
    },
    request: ({ cookie, id, body }) => ({ path: `/api/v1/attempts/${id}/answers`, method: 'PUT', headers: { cookie, 'content-type': 'application/json' }, body }),
  },
}

async function benchFetch(appUrl, path, init = {}) {
  const res = await fetch(appUrl + path, init)
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`)
  return res
}

/** A staff member of the bench merchant, signed in, with an open exam attempt. */
async function examAttempt({ appUrl, adminToken }, staffNo) {
  const admin = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }
  const person = await (await benchFetch(appUrl, '/api/v1/admin/people', {
    method: 'POST', headers: admin, body: JSON.stringify({ role: 'staff', staff_no: staffNo, name: '压测店员', merchant_no: '898330158129999' }),
  })).json()
  const signIn = await benchFetch(appUrl, '/api/v1/auth/sign-in', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ merchant_no: '898330158129999', staff_no: staffNo, access_code: person.access_code }),
  })
  const cookie = signIn.headers.get('set-cookie').split(';')[0]
  const attempt = await (await benchFetch(appUrl, '/api/v1/exams/pos-staff-2026/attempts', { method: 'POST', headers: { cookie } })).json()
  return { cookie, attempt }
}

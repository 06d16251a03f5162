// Bench scenarios. `request(ctx)` runs in the load process, once per request; ctx is plain JSON made by
// `prepare` in the bench process. Later capabilities add their scenarios here.
import { signHeaders } from '../scripts/lib/terminal-client.mjs'

export const scenarios = {
  bare: {
    description: 'bare Worker: constant JSON (baseline)',
    target: 'bare',
    request: () => ({ path: '/' }),
  },
  health: {
    description: 'GET /api/v1/health (reads D1)',
    request: () => ({ path: '/api/v1/health' }),
  },
  quote: {
    description: 'POST /api/v1/fees/quote (exact fee, regulatory split; no D1)',
    request: () => ({
      path: '/api/v1/fees/quote', method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 1_000_000, card: 'credit', merchant_rate: '0.6%', settlement: 'D0', d0_rate: '0.05%', d0_fixed: 200, date: '2026-11-20' }),
    }),
  },
  whoami: {
    description: 'GET /api/v1/terminal/whoami (HMAC verify + nonce insert)',
    prepare: async ({ terminal }) => ({ terminal }),
    request: async ({ terminal }) => ({ path: '/api/v1/terminal/whoami', headers: await signHeaders(terminal.terminal_id, terminal.secret, 'GET', '/api/v1/terminal/whoami', '') }),
  },
}

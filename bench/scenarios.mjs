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
  whoami: {
    description: 'GET /api/v1/terminal/whoami (HMAC verify + nonce insert)',
    prepare: async ({ terminal }) => ({ terminal }),
    request: async ({ terminal }) => ({ path: '/api/v1/terminal/whoami', headers: await signHeaders(terminal.terminal_id, terminal.secret, 'GET', '/api/v1/terminal/whoami', '') }),
  },
}

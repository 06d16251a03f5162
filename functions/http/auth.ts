import type { MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import { findTerminalWithSecret } from '../accounts/store'
import { findSessionPerson } from '../auth/store'
import type { AppEnv, Principal, Role } from '../env'
import { dataKeys } from '../security/keys'
import { open } from '../security/sealed'
import { safeEqual, sha256Hex } from '../security/encoding'
import { checkTimestamp, NONCE_PATTERN, signRequest, SIGNATURE_WINDOW_SECONDS } from '../terminal/signature'
import { problems } from './problem'

export const SESSION_COOKIE = 'ss_session'

/** Resolves who is calling (admin bearer token or session cookie); does not refuse anyone. */
export const identify: MiddlewareHandler<AppEnv> = async (c, next) => {
  const auth = c.req.header('authorization')
  if (auth?.startsWith('Bearer ')) {
    const token = auth.slice(7).trim()
    if (c.env.ADMIN_TOKEN && token && (await safeEqual(token, c.env.ADMIN_TOKEN))) c.set('principal', { kind: 'admin' })
    else throw problems.unauthorized('auth.admin_required')
  } else {
    const token = getCookie(c, SESSION_COOKIE)
    if (token) {
      const row = await findSessionPerson(c.env.DB, await sha256Hex(token))
      if (row && row.status === 'active') {
        if (row.expires_at <= Math.floor(Date.now() / 1000)) throw problems.unauthorized('auth.session_expired')
        c.set('principal', row.role === 'admin'
          ? { kind: 'admin' }
          : { kind: 'person', personId: row.id, role: row.role, merchantNo: row.merchant_no, agentId: row.agent_id, name: row.name, staffNo: row.staff_no })
      }
    }
  }
  await next()
}

/** Refuses callers who are not one of `roles` (an admin passes every check). */
export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const p = c.get('principal')
    if (!p || p.kind === 'terminal') throw roles.includes('admin') && roles.length === 1 ? problems.unauthorized('auth.admin_required') : problems.unauthorized('auth.session_required')
    if (p.kind !== 'admin' && !roles.includes(p.role)) throw problems.forbidden('auth.role_required', { roles: roles.join(', ') })
    await next()
  }
}

/** A person may act on a merchant only if it is their own; admins on any. Agents: see canActForMerchant in accounts. */
export function assertOwnMerchant(p: Principal | undefined, merchantNo: string): void {
  if (!p) throw problems.unauthorized('auth.session_required')
  if (p.kind === 'admin') return
  if (p.merchantNo !== merchantNo) throw problems.forbidden('auth.other_merchant')
}

/** Verifies the HMAC signature of a terminal request and burns its nonce. */
export const requireTerminal: MiddlewareHandler<AppEnv> = async (c, next) => {
  // Already verified by an outer mount: verifying again would burn the nonce twice.
  if (c.get('principal')?.kind === 'terminal') return next()
  const terminalId = c.req.header('x-terminal-id')
  const timestamp = c.req.header('x-timestamp')
  const nonce = c.req.header('x-nonce')
  const signature = c.req.header('x-signature')
  const missing = [['x-terminal-id', terminalId], ['x-timestamp', timestamp], ['x-nonce', nonce], ['x-signature', signature]]
    .filter(([, v]) => !v).map(([k]) => k)
  if (missing.length || !terminalId || !timestamp || !nonce || !signature) throw problems.unauthorized('sig.missing', { headers: missing.join(', ') })

  const now = Math.floor(Date.now() / 1000)
  const ts = checkTimestamp(timestamp, now)
  if (ts === 'malformed') throw problems.unauthorized('sig.bad_timestamp')
  if (ts === 'stale') throw problems.unauthorized('sig.stale', { window: SIGNATURE_WINDOW_SECONDS })
  if (!NONCE_PATTERN.test(nonce)) throw problems.unauthorized('sig.bad_nonce')

  const terminal = await findTerminalWithSecret(c.env.DB, terminalId)
  if (!terminal || terminal.status !== 'active') throw problems.unauthorized('sig.unknown_terminal')

  const url = new URL(c.req.url)
  const body = await c.req.arrayBuffer()
  const secret = await open(terminal.secret_sealed, dataKeys(c.env))
  const expected = await signRequest(secret, c.req.method, url.pathname + url.search, timestamp, nonce, body)
  if (!(await safeEqual(expected, signature.toLowerCase()))) throw problems.unauthorized('sig.mismatch')

  // Only a correctly signed request burns its nonce, so nobody can pre-burn a terminal's nonces.
  const inserted = await c.env.DB.prepare('INSERT OR IGNORE INTO terminal_nonces (terminal_id, nonce, seen_at) VALUES (?1, ?2, ?3)')
    .bind(terminalId, nonce, now).run()
  if (inserted.meta.changes === 0) throw problems.unauthorized('sig.replayed')
  if (Math.random() < 1 / 64) {
    c.executionCtx.waitUntil(c.env.DB.prepare('DELETE FROM terminal_nonces WHERE seen_at < ?1').bind(now - 2 * SIGNATURE_WINDOW_SECONDS).run())
  }
  c.set('principal', { kind: 'terminal', terminalId, merchantNo: terminal.merchant_no, merchantName: terminal.merchant_name ?? '' })
  await next()
}

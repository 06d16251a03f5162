import { env, exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { IDEMPOTENCY_RETENTION_DAYS } from '../../functions/housekeeping/purge'
import { call, makeMerchant, signIn } from '../helpers'

// The daily cron trigger, run through the Worker's own scheduled() as Cloudflare would call it.
const DAY = 86_400_000
// The runtime's own entry point for a cron event (workers-types leaves it off Fetcher).
const worker = (exports as unknown as { default: { scheduled(o: { scheduledTime: Date; cron: string }): Promise<unknown> } }).default

async function count(sql: string, ...params: unknown[]): Promise<number> {
  return (await env.DB.prepare(`SELECT count(*) AS n FROM ${sql}`).bind(...params).first<{ n: number }>())!.n
}

describe('daily purge', () => {
  it('deletes what has expired and keeps what may still be used', async () => {
    const now = Date.now()
    const sec = Math.floor(now / 1000)
    const shop = await makeMerchant()
    const live = await signIn(shop.merchantNo, shop.manager.staffNo, shop.manager.code)
    await env.DB.batch([
      env.DB.prepare('INSERT INTO sessions (token_hash, person_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)').bind('purge-expired-session', shop.manager.id, sec - 13 * 3600, sec - 3600),
      env.DB.prepare('INSERT INTO signin_failures (throttle_key, failures, window_start) VALUES (?1, 5, ?2)').bind('purge:old-window', sec - 16 * 60),
      env.DB.prepare('INSERT INTO signin_failures (throttle_key, failures, window_start) VALUES (?1, 5, ?2)').bind('purge:open-window', sec - 60),
      env.DB.prepare('INSERT INTO terminal_nonces (terminal_id, nonce, seen_at) VALUES (?1, ?2, ?3)').bind(shop.terminal.id, 'purge-old-nonce-0001', sec - 3600),
      env.DB.prepare('INSERT INTO terminal_nonces (terminal_id, nonce, seen_at) VALUES (?1, ?2, ?3)').bind(shop.terminal.id, 'purge-new-nonce-0001', sec - 10),
      env.DB.prepare("INSERT INTO idempotency_keys (scope, key, request_hash, status, response, created_at) VALUES ('purge', 'old-key-0001', 'h', 201, '{}', ?1)")
        .bind(new Date(now - (IDEMPOTENCY_RETENTION_DAYS + 1) * DAY).toISOString()),
      env.DB.prepare("INSERT INTO idempotency_keys (scope, key, request_hash, status, response, created_at) VALUES ('purge', 'new-key-0001', 'h', 201, '{}', ?1)")
        .bind(new Date(now - (IDEMPOTENCY_RETENTION_DAYS - 1) * DAY).toISOString()),
      env.DB.prepare("INSERT INTO practice_attempts (id, module, items, created_at, expires_at) VALUES ('prc_purge_old', 'wrong-swipes', '[]', ?1, ?2)").bind(now - 2 * DAY, now - DAY),
      env.DB.prepare("INSERT INTO practice_answers (attempt_id, item_id, answer, correct, answered_at) VALUES ('prc_purge_old', 'x', '[]', 0, ?1)").bind(now - 2 * DAY),
    ])

    await worker.scheduled({ scheduledTime: new Date(now), cron: '17 19 * * *' })

    expect(await count("sessions WHERE token_hash = 'purge-expired-session'")).toBe(0)
    expect(await count("signin_failures WHERE throttle_key = 'purge:old-window'")).toBe(0)
    expect(await count("signin_failures WHERE throttle_key = 'purge:open-window'")).toBe(1)
    expect(await count("terminal_nonces WHERE nonce = 'purge-old-nonce-0001'")).toBe(0)
    expect(await count("terminal_nonces WHERE nonce = 'purge-new-nonce-0001'")).toBe(1)
    expect(await count("idempotency_keys WHERE scope = 'purge' AND key = 'old-key-0001'")).toBe(0)
    expect(await count("idempotency_keys WHERE scope = 'purge' AND key = 'new-key-0001'")).toBe(1)
    expect(await count("practice_attempts WHERE id = 'prc_purge_old'")).toBe(0)
    expect(await count("practice_answers WHERE attempt_id = 'prc_purge_old'")).toBe(0)
    // A session still in its 12 hours keeps working.
    expect((await call('/api/v1/auth/me', { headers: { cookie: live } })).status).toBe(200)
  })
})

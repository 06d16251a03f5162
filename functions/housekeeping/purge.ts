import { THROTTLE_WINDOW_SECONDS } from '../auth/throttle'
import { SIGNATURE_WINDOW_SECONDS } from '../terminal/signature'
import { practiceSweep } from '../training/store'

// Rows that stop meaning anything after a while: expired sessions, sign-in counters whose window has
// ended, burnt terminal nonces past the signature window, idempotency keys past the longest retry we
// honour, and practice attempts past their expiry. Run daily by the Worker's cron trigger (wrangler.toml).

/** A retry with the same Idempotency-Key replays the first answer for this long; later it is a new submission. */
export const IDEMPOTENCY_RETENTION_DAYS = 30

export type Purged = Record<'sessions' | 'signin_failures' | 'terminal_nonces' | 'idempotency_keys' | 'practice_attempts', number>

export async function purgeExpired(db: D1Database, now: Date): Promise<Purged> {
  const sec = Math.floor(now.getTime() / 1000)
  const keysBefore = new Date(now.getTime() - IDEMPOTENCY_RETENTION_DAYS * 86_400_000).toISOString()
  // Sessions, counters and nonces count in seconds; practice attempts in ms. One transaction.
  const results = await db.batch([
    db.prepare('DELETE FROM sessions WHERE expires_at <= ?1').bind(sec),
    db.prepare('DELETE FROM signin_failures WHERE window_start + ?2 <= ?1').bind(sec, THROTTLE_WINDOW_SECONDS),
    db.prepare('DELETE FROM terminal_nonces WHERE seen_at < ?1').bind(sec - 2 * SIGNATURE_WINDOW_SECONDS),
    db.prepare('DELETE FROM idempotency_keys WHERE created_at < ?1').bind(keysBefore),
    ...practiceSweep(db, now.getTime()),
  ])
  const changed = (i: number) => results[i]!.meta.changes
  return { sessions: changed(0), signin_failures: changed(1), terminal_nonces: changed(2), idempotency_keys: changed(3), practice_attempts: changed(5) }
}

import type { Person } from '../accounts/store'

export interface SessionRow { person_id: string; expires_at: number }

export async function insertSession(db: D1Database, tokenHash: string, personId: string, now: number, expiresAt: number) {
  await db.prepare('INSERT INTO sessions (token_hash, person_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)')
    .bind(tokenHash, personId, now, expiresAt).run()
}

/** The session's person, joined in one query (this runs on every signed-in request). */
export async function findSessionPerson(db: D1Database, tokenHash: string) {
  return db.prepare(`SELECT s.expires_at, p.id, p.role, p.staff_no, p.name, p.merchant_no, p.agent_id, p.status, p.code_issued_at, p.created_at
    FROM sessions s JOIN people p ON p.id = s.person_id WHERE s.token_hash = ?1`).bind(tokenHash).first<Person & { expires_at: number }>()
}

export async function deleteSession(db: D1Database, tokenHash: string) {
  await db.prepare('DELETE FROM sessions WHERE token_hash = ?1').bind(tokenHash).run()
}

export interface AttemptCount { failures: number; window_start: number }

/**
 * Counts a sign-in attempt for each key BEFORE the code is checked, and returns the counts including it
 * (a window older than `windowSeconds` starts again at 1). Counting first is what makes the limit hold
 * under concurrency: of 40 simultaneous guesses only the first few get under it. A successful attempt is
 * taken back again (takeBackAttempt), so the counts are of failures and attempts in flight.
 */
export async function countAttempt(db: D1Database, keys: string[], now: number, windowSeconds: number): Promise<AttemptCount[]> {
  const stmt = db.prepare(`INSERT INTO signin_failures (throttle_key, failures, window_start) VALUES (?1, 1, ?2)
    ON CONFLICT (throttle_key) DO UPDATE SET
      failures = CASE WHEN window_start <= ?2 - ?3 THEN 1 ELSE failures + 1 END,
      window_start = CASE WHEN window_start <= ?2 - ?3 THEN ?2 ELSE window_start END
    RETURNING failures, window_start`)
  const results = await db.batch<AttemptCount>(keys.map((k) => stmt.bind(k, now, windowSeconds)))
  return results.map((r) => r.results[0]!)
}

/** A successful sign-in: the account's count starts again, and the client's counted attempt is taken back. One round trip. */
export async function takeBackAttempt(db: D1Database, accountKey: string, clientKey: string) {
  await db.batch([
    db.prepare('DELETE FROM signin_failures WHERE throttle_key = ?1').bind(accountKey),
    db.prepare('UPDATE signin_failures SET failures = max(failures - 1, 0) WHERE throttle_key = ?1').bind(clientKey),
  ])
}

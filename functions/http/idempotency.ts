import type { Context } from 'hono'
import { isUniqueViolation } from '../accounts/store'
import type { AppEnv, Principal } from '../env'
import { nowIso } from '../ids'
import { fromBase64, toHex } from '../security/encoding'
import { Problem } from './problem'

// Retries never duplicate. The key row is written in the SAME db.batch() as the write it guards, so of
// two concurrent requests with one key exactly one commits; the other finds the row and replays it.

export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/

export interface StoredResponse { status: number; body: unknown }

const HASH_VERSION = 'h1:'
const hashKeys = new Map<string, Promise<CryptoKey>>()

/** An HMAC key for request hashes, derived from the data key (not the AES key itself). */
function hashKeyFor(dataKeyB64: string): Promise<CryptoKey> {
  let key = hashKeys.get(dataKeyB64)
  if (!key) {
    key = (async () => {
      const master = await crypto.subtle.importKey('raw', fromBase64(dataKeyB64), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
      const derived = await crypto.subtle.sign('HMAC', master, new TextEncoder().encode('swipesafe idempotency request hash v1'))
      return crypto.subtle.importKey('raw', derived, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
    })()
    hashKeys.set(dataKeyB64, key)
  }
  return key
}

/**
 * Keyed (HMAC), not a plain SHA-256: an incident body can hold a card number, and a plain hash stored next
 * to its BIN and last 4 gives the middle digits back to anyone with the table and 10^6 guesses.
 */
export async function bodyHash(body: string, dataKeyB64: string): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', await hashKeyFor(dataKeyB64), new TextEncoder().encode(body))
  return HASH_VERSION + toHex(mac)
}

/** Keys belong to one caller and one kind of write: the same key on another route is a new submission. */
export function keyScope(route: string, p: Principal): string {
  const who = p.kind === 'terminal' ? `terminal:${p.terminalId}` : p.kind === 'person' ? `person:${p.personId}` : 'admin'
  return `${route}:${who}`
}

/** The request's Idempotency-Key, checked; undefined when it sent none. */
export function headerKey(c: Context<AppEnv>): string | undefined {
  const key = c.req.header('idempotency-key')
  if (key !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(key)) throw badKey()
  return key
}

export function badKey(): Problem {
  return new Problem({ type: 'validation', status: 400, title: 'problem.validation', detail: 'idempotency.bad_key', errors: [{ path: 'Idempotency-Key', message: 'idempotency.bad_key' }] })
}

/** The stored first response for this key, or a 409 when the key was used with another body. */
export async function findPrevious(db: D1Database, scope: string, key: string, hash: string): Promise<StoredResponse | null> {
  const row = await db.prepare('SELECT request_hash, status, response FROM idempotency_keys WHERE scope = ?1 AND key = ?2')
    .bind(scope, key).first<{ request_hash: string; status: number; response: string }>()
  if (!row) return null
  if (row.request_hash !== hash) {
    throw new Problem({ type: 'idempotency-conflict', status: 409, title: 'problem.conflict', detail: 'idempotency.key_reused' })
  }
  return { status: row.status, body: JSON.parse(row.response) }
}

export function rememberResponse(db: D1Database, scope: string, key: string, hash: string, res: StoredResponse): D1PreparedStatement {
  return db.prepare('INSERT INTO idempotency_keys (scope, key, request_hash, status, response, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)')
    .bind(scope, key, hash, res.status, JSON.stringify(res.body), nowIso())
}

/**
 * Runs `statements` (which must include `rememberResponse(...)`) as one transaction. If another request
 * with the same key won the race, returns what it stored instead (or throws 409 for a different body).
 */
export async function commitOnce(db: D1Database, statements: D1PreparedStatement[], scope: string, key: string, hash: string, res: StoredResponse): Promise<{ replayed: boolean; res: StoredResponse }> {
  try {
    await db.batch(statements)
    return { replayed: false, res }
  } catch (err) {
    if (!isUniqueViolation(err)) throw err
    const previous = await findPrevious(db, scope, key, hash)
    if (!previous) throw err
    return { replayed: true, res: previous }
  }
}

/** What a guarded write commits, and the answer it gives. */
export interface PreparedWrite { statements: D1PreparedStatement[]; res: StoredResponse }

/**
 * Commits `prepare()`'s statements once per key. Without a key they are simply committed. With one, a key
 * already used replays its stored answer (409 for another body) before anything is prepared; otherwise the
 * key row goes into the same batch as the write (commitOnce).
 */
export async function writeOnce(db: D1Database, dataKeyB64: string, scope: string, key: string | undefined, body: string, prepare: () => Promise<PreparedWrite>): Promise<StoredResponse & { replayed: boolean }> {
  if (!key) {
    const w = await prepare()
    await db.batch(w.statements)
    return { ...w.res, replayed: false }
  }
  const hash = await bodyHash(body, dataKeyB64)
  const previous = await findPrevious(db, scope, key, hash)
  if (previous) return { ...previous, replayed: true }
  const w = await prepare()
  const done = await commitOnce(db, [rememberResponse(db, scope, key, hash, w.res), ...w.statements], scope, key, hash, w.res)
  return { ...done.res, replayed: done.replayed }
}

import type { Role } from '../env'

// D1 access for accounts. Every statement is prepared with numbered params; rows map to domain objects here.

export interface Agent { agent_id: string; name: string; parent_agent_id: string | null; created_at: string }
export interface Merchant { merchant_no: string; name: string; agent_id: string | null; created_at: string }
export interface Terminal {
  terminal_id: string; merchant_no: string; model: string | null; serial_no: string | null
  status: 'active' | 'disabled'; created_at: string
}
export interface TerminalWithSecret extends Terminal { secret_sealed: string; merchant_name?: string }
export interface Person {
  id: string; role: Role; staff_no: string; name: string; merchant_no: string | null; agent_id: string | null
  status: 'active' | 'disabled'; code_issued_at: string; created_at: string
}
export interface PersonWithHash extends Person { access_code_hash: string }

const PERSON_COLUMNS = 'id, role, staff_no, name, merchant_no, agent_id, status, code_issued_at, created_at'
const TERMINAL_COLUMNS = 'terminal_id, merchant_no, model, serial_no, status, created_at'

/** D1 reports constraint failures as errors whose message names the constraint. */
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Error && /UNIQUE constraint failed|PRIMARY KEY/i.test(err.message)
}

export function findAgent(db: D1Database, agentId: string) {
  return db.prepare('SELECT agent_id, name, parent_agent_id, created_at FROM agents WHERE agent_id = ?1').bind(agentId).first<Agent>()
}

export async function insertAgent(db: D1Database, a: Agent): Promise<void> {
  await db.prepare('INSERT INTO agents (agent_id, name, parent_agent_id, created_at) VALUES (?1, ?2, ?3, ?4)')
    .bind(a.agent_id, a.name, a.parent_agent_id, a.created_at).run()
}

export function findMerchant(db: D1Database, merchantNo: string) {
  return db.prepare('SELECT merchant_no, name, agent_id, created_at FROM merchants WHERE merchant_no = ?1').bind(merchantNo).first<Merchant>()
}

export async function insertMerchant(db: D1Database, m: Merchant): Promise<void> {
  await db.prepare('INSERT INTO merchants (merchant_no, name, agent_id, created_at) VALUES (?1, ?2, ?3, ?4)')
    .bind(m.merchant_no, m.name, m.agent_id, m.created_at).run()
}

export async function listMerchants(db: D1Database): Promise<Merchant[]> {
  const { results } = await db.prepare('SELECT merchant_no, name, agent_id, created_at FROM merchants ORDER BY merchant_no').all<Merchant>()
  return results
}

/** The terminal with its sealed secret and its merchant's name: one query on every signed request. */
export function findTerminalWithSecret(db: D1Database, terminalId: string) {
  return db.prepare(`SELECT ${TERMINAL_COLUMNS.split(', ').map((c) => `t.${c}`).join(', ')}, t.secret_sealed, m.name AS merchant_name
    FROM terminals t JOIN merchants m ON m.merchant_no = t.merchant_no WHERE t.terminal_id = ?1`).bind(terminalId).first<TerminalWithSecret>()
}

export async function insertTerminal(db: D1Database, t: TerminalWithSecret): Promise<void> {
  await db.prepare('INSERT INTO terminals (terminal_id, merchant_no, model, serial_no, secret_sealed, status, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)')
    .bind(t.terminal_id, t.merchant_no, t.model, t.serial_no, t.secret_sealed, t.status, t.created_at).run()
}

export async function listTerminals(db: D1Database, merchantNo: string): Promise<Terminal[]> {
  const { results } = await db.prepare(`SELECT ${TERMINAL_COLUMNS} FROM terminals WHERE merchant_no = ?1 ORDER BY terminal_id`).bind(merchantNo).all<Terminal>()
  return results
}

export async function insertPerson(db: D1Database, p: PersonWithHash): Promise<void> {
  await db.prepare(`INSERT INTO people (${PERSON_COLUMNS}, access_code_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)`)
    .bind(p.id, p.role, p.staff_no, p.name, p.merchant_no, p.agent_id, p.status, p.code_issued_at, p.created_at, p.access_code_hash).run()
}

export function findPerson(db: D1Database, id: string) {
  return db.prepare(`SELECT ${PERSON_COLUMNS} FROM people WHERE id = ?1`).bind(id).first<Person>()
}

/** The person who would sign in with this scope (merchant, agent, or neither for admins) and staff no. */
/** Whose people a sign-in looks among: a merchant's, an agent's, or the admins'. The throttle counts per this too. */
export function signInScope(scope: { merchant_no?: string; agent_id?: string }): string {
  return scope.merchant_no ? `m:${scope.merchant_no}` : scope.agent_id ? `a:${scope.agent_id}` : 'admin'
}

export function findPersonForSignIn(db: D1Database, scope: { merchant_no?: string; agent_id?: string }, staffNo: string) {
  const key = signInScope(scope)
  return db.prepare(`SELECT ${PERSON_COLUMNS}, access_code_hash FROM people
    WHERE coalesce('m:' || merchant_no, 'a:' || agent_id, 'admin') = ?1 AND staff_no = ?2`).bind(key, staffNo).first<PersonWithHash>()
}

export async function listPeopleOfMerchant(db: D1Database, merchantNo: string): Promise<Person[]> {
  const { results } = await db.prepare(`SELECT ${PERSON_COLUMNS} FROM people WHERE merchant_no = ?1 ORDER BY role DESC, staff_no`).bind(merchantNo).all<Person>()
  return results
}

export async function listPeople(db: D1Database): Promise<Person[]> {
  const { results } = await db.prepare(`SELECT ${PERSON_COLUMNS} FROM people ORDER BY coalesce(merchant_no, agent_id, ''), staff_no`).all<Person>()
  return results
}

export async function replaceTerminalSecret(db: D1Database, terminalId: string, sealed: string): Promise<boolean> {
  const res = await db.prepare('UPDATE terminals SET secret_sealed = ?2 WHERE terminal_id = ?1').bind(terminalId, sealed).run()
  return res.meta.changes > 0
}

/** A new code ends every open session of that person. */
export async function replaceAccessCode(db: D1Database, personId: string, hash: string, issuedAt: string): Promise<void> {
  await db.batch([
    db.prepare('UPDATE people SET access_code_hash = ?2, code_issued_at = ?3 WHERE id = ?1').bind(personId, hash, issuedAt),
    db.prepare('DELETE FROM sessions WHERE person_id = ?1').bind(personId),
  ])
}

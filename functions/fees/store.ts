import type { TerminalState } from './activation'
import type { AgentNode } from './hierarchy'
import { termsFromBody, type PlanVersion } from './plans'
import type { LineResult, StatementResult } from './statement'

// D1 access for fees: rate plan versions, plan assignments, statements and the terminal ledger.

interface PlanRow { plan_id: string; version: number; effective_from: string; name: string; body: string; created_at: string }

const PLAN_COLUMNS = 'plan_id, version, effective_from, name, body, created_at'

function toPlanVersion(r: PlanRow): PlanVersion {
  const body = JSON.parse(r.body) as Record<string, unknown>
  return { plan_id: r.plan_id, version: r.version, effective_from: r.effective_from, name: r.name, body, terms: termsFromBody(body), created_at: r.created_at }
}

/** The version of `planId` in force on `on` (YYYY-MM-DD), or null. */
export async function findPlan(db: D1Database, planId: string, on: string): Promise<PlanVersion | null> {
  const row = await db.prepare(`SELECT ${PLAN_COLUMNS} FROM rate_plans WHERE plan_id = ?1 AND effective_from <= ?2 ORDER BY effective_from DESC LIMIT 1`)
    .bind(planId, on).first<PlanRow>()
  return row ? toPlanVersion(row) : null
}

/** The first and latest effective dates of a plan, or null when it has no versions. */
export function planSpan(db: D1Database, planId: string) {
  return db.prepare('SELECT min(effective_from) AS first, max(effective_from) AS latest FROM rate_plans WHERE plan_id = ?1 HAVING count(*) > 0')
    .bind(planId).first<{ first: string; latest: string }>()
}

/**
 * Stores a new version, numbered after the last one, only if it starts after every earlier version;
 * one statement, so two concurrent writers cannot both win. Returns the version, or null when refused.
 */
export async function insertPlanVersion(db: D1Database, p: { plan_id: string; effective_from: string; name: string; body: Record<string, unknown>; created_at: string }): Promise<number | null> {
  const row = await db.prepare(`INSERT INTO rate_plans (${PLAN_COLUMNS})
      SELECT ?1, next, ?2, ?3, ?4, ?5 FROM (SELECT coalesce(max(version), 0) + 1 AS next FROM rate_plans WHERE plan_id = ?1)
      WHERE NOT EXISTS (SELECT 1 FROM rate_plans WHERE plan_id = ?1 AND effective_from >= ?2)
      RETURNING version`)
    .bind(p.plan_id, p.effective_from, p.name, JSON.stringify(p.body), p.created_at).first<{ version: number }>()
  return row?.version ?? null
}

/** Every version of these plans that starts on or before `until`, ascending per plan. */
export async function planVersions(db: D1Database, planIds: string[], until: string): Promise<Map<string, PlanVersion[]>> {
  const out = new Map<string, PlanVersion[]>()
  if (!planIds.length) return out
  const { results } = await db.prepare(`SELECT ${PLAN_COLUMNS} FROM rate_plans
      WHERE plan_id IN (SELECT value FROM json_each(?1)) AND effective_from <= ?2 ORDER BY plan_id, effective_from`)
    .bind(JSON.stringify(planIds), until).all<PlanRow>()
  for (const r of results) {
    const list = out.get(r.plan_id) ?? []
    list.push(toPlanVersion(r))
    out.set(r.plan_id, list)
  }
  return out
}

export async function assignPlan(db: D1Database, agentId: string, planId: string, at: string): Promise<void> {
  await db.prepare(`INSERT INTO agent_rate_plans (agent_id, plan_id, assigned_at) VALUES (?1, ?2, ?3)
      ON CONFLICT (agent_id) DO UPDATE SET plan_id = excluded.plan_id, assigned_at = excluded.assigned_at`).bind(agentId, planId, at).run()
}

export async function agentExists(db: D1Database, agentId: string): Promise<boolean> {
  return (await db.prepare('SELECT 1 AS x FROM agents WHERE agent_id = ?1').bind(agentId).first()) !== null
}

/** Whether `agentId` is `root` or below it. */
export async function isWithin(db: D1Database, root: string, agentId: string): Promise<boolean> {
  const row = await db.prepare(`WITH RECURSIVE up(agent_id, parent) AS (
        SELECT agent_id, parent_agent_id FROM agents WHERE agent_id = ?2
        UNION SELECT a.agent_id, a.parent_agent_id FROM agents a JOIN up ON a.agent_id = up.parent)
      SELECT 1 AS x FROM up WHERE agent_id = ?1`).bind(root, agentId).first()
  return row !== null
}

// --- What a statement needs ------------------------------------------------------------------------------

export async function allAgents(db: D1Database): Promise<AgentNode[]> {
  const { results } = await db.prepare('SELECT agent_id, parent_agent_id FROM agents').all<AgentNode>()
  return results
}

export async function planAssignments(db: D1Database): Promise<Map<string, string>> {
  const { results } = await db.prepare('SELECT agent_id, plan_id FROM agent_rate_plans').all<{ agent_id: string; plan_id: string }>()
  return new Map(results.map((r) => [r.agent_id, r.plan_id]))
}

/** Merchants of `root`'s subtree. */
export async function merchantsUnder(db: D1Database, root: string): Promise<{ merchant_no: string; agent_id: string }[]> {
  const { results } = await db.prepare(`WITH RECURSIVE sub(agent_id) AS (
        SELECT ?1 UNION SELECT a.agent_id FROM agents a JOIN sub ON a.parent_agent_id = sub.agent_id)
      SELECT m.merchant_no, m.agent_id FROM merchants m JOIN sub ON m.agent_id = sub.agent_id`)
    .bind(root).all<{ merchant_no: string; agent_id: string }>()
  return results
}

/**
 * The latest state of each terminal from `root`'s statements of months before `month`: of several
 * statements for one month, the newest counts.
 */
export async function priorTerminals(db: D1Database, root: string, month: string): Promise<Map<string, TerminalState>> {
  const { results } = await db.prepare(`WITH latest AS (
        SELECT id, month FROM (
          SELECT id, month, row_number() OVER (PARTITION BY month ORDER BY created_at DESC, id DESC) AS n
          FROM statements WHERE agent_id = ?1 AND month < ?2) WHERE n = 1)
      SELECT state FROM (
        SELECT t.state, row_number() OVER (PARTITION BY t.terminal_id ORDER BY l.month DESC) AS n
        FROM statement_terminals t JOIN latest l ON l.id = t.statement_id) WHERE n = 1`)
    .bind(root, month).all<{ state: string }>()
  return new Map(results.map((r) => {
    const s = JSON.parse(r.state) as TerminalState
    return [s.terminal_id, s]
  }))
}

// --- Statements ---------------------------------------------------------------------------------------------

/** What is kept of a statement besides its lines and terminal states. */
export type StoredSummary = Omit<StatementResult, 'lines' | 'terminal_states' | 'rewards'> & { line_count: number; rounding_rule: string }

export interface StoredStatement { id: string; agent_id: string; month: string; created_at: string; created_by: string; summary: StoredSummary }

// A D1 statement may be 100 KB of SQL but a bound value up to 2 MB: lines go in as JSON and json_each
// spreads them into rows, so ten thousand lines are a handful of statements in the one batch.
const LINES_PER_INSERT = 2000

function lineTuple(l: LineResult): unknown[] {
  return [l.merchant_no, l.agent_id, l.card, l.settlement, l.plan_id, l.plan_version, l.sales, l.voids, l.refunds,
    l.sales_volume, l.refund_volume, l.volume, l.merchant_fee, l.d0_fee, l.capped, l.profit, JSON.stringify(l.shares)]
}

const LINE_COLUMNS = ['merchant_no', 'agent_id', 'card', 'settlement', 'plan_id', 'plan_version', 'sales', 'voids', 'refunds',
  'sales_volume', 'refund_volume', 'volume', 'merchant_fee', 'd0_fee', 'capped', 'profit', 'shares'] as const

/** The statement, its lines and its terminal ledger rows in one db.batch(): all or nothing. */
export async function saveStatement(db: D1Database, s: StoredStatement, lines: LineResult[], terminals: TerminalState[]): Promise<void> {
  const stmts: D1PreparedStatement[] = [
    db.prepare('INSERT INTO statements (id, agent_id, month, created_at, created_by, summary) VALUES (?1, ?2, ?3, ?4, ?5, ?6)')
      .bind(s.id, s.agent_id, s.month, s.created_at, s.created_by, JSON.stringify(s.summary)),
  ]
  const extract = LINE_COLUMNS.map((_, i) => `json_extract(value, '$[${i}]')`).join(', ')
  for (let i = 0; i < lines.length; i += LINES_PER_INSERT) {
    const chunk = lines.slice(i, i + LINES_PER_INSERT).map(lineTuple)
    stmts.push(db.prepare(`INSERT INTO statement_lines (statement_id, line_no, ${LINE_COLUMNS.join(', ')})
        SELECT ?1, ?2 + key, ${extract} FROM json_each(?3)`).bind(s.id, i + 1, JSON.stringify(chunk)))
  }
  for (let i = 0; i < terminals.length; i += LINES_PER_INSERT) {
    const chunk = terminals.slice(i, i + LINES_PER_INSERT).map((t) => [t.terminal_id, t.merchant_no, t.status, JSON.stringify(t)])
    stmts.push(db.prepare(`INSERT INTO statement_terminals (statement_id, terminal_id, merchant_no, status, state)
        SELECT ?1, json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]') FROM json_each(?2)`)
      .bind(s.id, JSON.stringify(chunk)))
  }
  await db.batch(stmts)
}

interface StatementRow { id: string; agent_id: string; month: string; created_at: string; created_by: string; summary: string }

export async function findStatement(db: D1Database, id: string): Promise<StoredStatement | null> {
  const row = await db.prepare('SELECT id, agent_id, month, created_at, created_by, summary FROM statements WHERE id = ?1').bind(id).first<StatementRow>()
  return row ? { ...row, summary: JSON.parse(row.summary) as StoredSummary } : null
}

export async function statementLines(db: D1Database, id: string): Promise<LineResult[]> {
  const { results } = await db.prepare(`SELECT ${LINE_COLUMNS.join(', ')} FROM statement_lines WHERE statement_id = ?1 ORDER BY line_no`)
    .bind(id).all<Omit<LineResult, 'shares'> & { shares: string }>()
  return results.map((r) => ({ ...r, shares: JSON.parse(r.shares) as LineResult['shares'] }))
}

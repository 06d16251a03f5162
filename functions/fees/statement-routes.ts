import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppEnv, Lang } from '../env'
import { requireRole } from '../http/auth'
import { json, newApp, problemResponses } from '../http/openapi'
import { Problem, problems } from '../http/problem'
import { t } from '../i18n'
import { newId, nowIso } from '../ids'
import { LineTooLong, MAX_LINE } from './csv'
import { FeeRuleError } from './errors'
import { AgentTree } from './hierarchy'
import * as s from './schema'
import { NotUtf8, statementFromStream, TooManyBytes, TooManyRows, type StatementContext } from './statement'
import { statementCsv } from './statement-csv'
import * as store from './store'

// Agent profit-share statements (分润报表): upload a month's transactions as CSV, get the statement back;
// read it as JSON or as a CSV for Excel. Agents see their own subtree's statements; admins all.

/** The upload path takes text/csv and streams: the app's JSON body limit and buffering must not apply. */
export const STATEMENT_UPLOAD_PATH = /^\/api\/v1\/statements\/?$/
/**
 * A million rows are ~80 MB; the engine also stops at MAX_ROWS rows, whatever the size. (Cloudflare's own
 * request-body limit is 100 MB on the Free and Pro plans, 200 MB on Business.)
 */
export const STATEMENT_BODY_LIMIT = 128 * 1024 * 1024

export const statementRoutes = newApp()
statementRoutes.use('*', requireRole('agent', 'admin'))

/** The agent a statement is for: an agent's own (or one below it), or the admin's choice. */
async function statementAgent(c: Context<AppEnv>, requested: string | undefined): Promise<string> {
  const p = c.get('principal')!
  if (p.kind === 'admin') {
    if (!requested) throw problems.validation([{ path: 'agent_id', message: 'fees.statement.agent_required' }])
    if (!(await store.agentExists(c.env.DB, requested))) throw problems.notFound('accounts.unknown_agent', { agent_id: requested })
    return requested
  }
  const own = p.kind === 'person' ? p.agentId : null
  if (!own) throw problems.forbidden('fees.statement.not_your_agent')
  if (requested && requested !== own && !(await store.isWithin(c.env.DB, own, requested))) throw problems.forbidden('fees.statement.not_your_agent')
  return requested ?? own
}

/** A statement the caller may see, or 404 (someone else's looks exactly like a missing one). */
async function visibleStatement(c: Context<AppEnv>, id: string) {
  const st = await store.findStatement(c.env.DB, id)
  const p = c.get('principal')!
  const mine = st && (p.kind === 'admin' || (p.kind === 'person' && p.agentId !== null && (await store.isWithin(c.env.DB, p.agentId, st.agent_id))))
  if (!st || !mine) throw problems.notFound('fees.statement.unknown')
  return st
}

function summaryView(lang: Lang, st: store.StoredStatement) {
  const m = st.summary
  return {
    id: st.id, agent_id: st.agent_id, month: st.month, created_at: st.created_at,
    rounding: { code: m.rounding, rule: t(lang, 'fees.statement.rounding.per_transaction') },
    plan_versions: m.plan_versions, rows: m.rows, totals: m.totals, agents: m.agents, terminals: m.terminals,
    skipped_rows: m.skipped_rows.map((e) => ({ line: e.line, column: e.column, message: t(lang, e.message, e.params) })),
    line_count: m.line_count,
  }
}

async function loadContext(db: D1Database, root: string, month: string, skipInvalid: boolean): Promise<StatementContext> {
  const [agents, assignments, merchants, priorTerminals] = await Promise.all([
    store.allAgents(db), store.planAssignments(db), store.merchantsUnder(db, root), store.priorTerminals(db, root, month),
  ])
  const tree = new AgentTree(agents)
  const planIds = [...new Set(tree.subtree(root).map((a) => tree.planOf(a, assignments)).filter((p): p is string => p !== null))]
  const monthEnd = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10)
  const plans = await store.planVersions(db, planIds, monthEnd)
  return { month, root, agents, assignments, merchants, plans, priorTerminals, skipInvalid }
}

statementRoutes.openapi(
  createRoute({
    method: 'post', path: '/', tags: ['Statements'],
    summary: 'Compute and store a month’s profit-share statement (分润报表) from its transactions (CSV)',
    description: [
      'Body: text/csv, UTF-8 (a BOM is fine), header row with txn_id,time,merchant_no,terminal_id,card,type,amount,settlement,original_txn_id',
      '(any order; extra columns ignored). amount is positive fen for every type; type is sale, void or refund, and voids/refunds name',
      'their original, which must come earlier in the file. time is ISO 8601 (no offset = Beijing time) and must fall in `month`.',
      'A file with any bad row stores nothing: 400 listing the first 100 (path "<line>.<column>") unless skip_invalid=true.',
      'The file streams (a million rows, ~80 MB, in ~60–90 MB of Worker memory): up to 1,200,000 rows / 128 MiB.',
      'Fees, costs and shares are rounded half-up per transaction (the statement states the rule); voids and refunds are resolved after the whole file is read, in file order.',
    ].join(' '),
    request: {
      query: s.StatementQuery,
      body: { content: { 'text/csv': { schema: z.string().openapi({ example: 'txn_id,time,merchant_no,terminal_id,card,type,amount,settlement,original_txn_id\nT1,2026-11-20T14:30:00+08:00,898330158120001,XH000001,credit,sale,1000000,T1,\n' }) } }, required: true },
    },
    responses: { 201: json(s.StatementSummaryView, 'Stored; the summary (lines: GET it)'), ...problemResponses(400, 401, 403, 404, 413, 415, 422) },
  }),
  async (c) => {
    const q = c.req.valid('query')
    const root = await statementAgent(c, q.agent_id)
    const length = Number(c.req.header('content-length') ?? '0')
    if (length > STATEMENT_BODY_LIMIT) throw tooLarge('fees.statement.too_many_bytes', STATEMENT_BODY_LIMIT)
    const ctx = await loadContext(c.env.DB, root, q.month, q.skip_invalid === 'true')
    const body = c.req.raw.body ?? new Response('').body!
    let outcome
    try {
      outcome = await statementFromStream(ctx, body, STATEMENT_BODY_LIMIT)
    } catch (err) {
      if (err instanceof TooManyRows) throw tooLarge('fees.statement.too_many_rows', err.limit)
      if (err instanceof TooManyBytes) throw tooLarge('fees.statement.too_many_bytes', err.limit)
      if (err instanceof NotUtf8) throw problems.validation([{ path: '(body)', message: 'fees.statement.not_utf8' }])
      if (err instanceof LineTooLong) throw problems.validation([{ path: `${err.line}.row`, message: 'fees.statement.line_too_long', params: { limit: MAX_LINE } }])
      if (err instanceof FeeRuleError) throw problems.unprocessable(err.violations)
      throw err
    }
    if (!outcome.ok) {
      throw new Problem({
        type: 'validation', status: 400, title: 'problem.validation', detail: 'fees.statement.rejected',
        params: { count: outcome.error_count, shown: outcome.errors.length },
        errors: outcome.errors.map((e) => ({ path: `${e.line}.${e.column ?? 'row'}`, message: e.message, params: e.params })),
        extra: { error_count: outcome.error_count },
      })
    }
    const { lines, terminal_states, rewards: _rewards, ...summary } = outcome.statement
    const p = c.get('principal')!
    const stored: store.StoredStatement = {
      id: newId('stm'), agent_id: root, month: q.month, created_at: nowIso(),
      created_by: p.kind === 'person' ? p.personId : 'admin',
      summary: { ...summary, line_count: lines.length, rounding_rule: t(c.get('lang'), 'fees.statement.rounding.per_transaction') },
    }
    await store.saveStatement(c.env.DB, stored, lines, terminal_states)
    c.header('location', `/api/v1/statements/${stored.id}`)
    return c.json(summaryView(c.get('lang'), stored), 201)
  },
)

function tooLarge(detail: 'fees.statement.too_many_rows' | 'fees.statement.too_many_bytes', limit: number) {
  return new Problem({ type: 'payload-too-large', status: 413, title: 'problem.payload_too_large', detail, params: { limit } })
}

// `{id}.csv` cannot be a createRoute path (Hono would read a parameter named "id.csv"), so the route is a
// plain handler with a regex parameter, registered before `{id}`, and documented by hand.
statementRoutes.get('/:file{stm_[0-9a-z]+\\.csv}', async (c) => {
  const st = await visibleStatement(c, c.req.param('file').slice(0, -4))
  const lang = c.get('lang')
  const csv = statementCsv(await store.statementLines(c.env.DB, st.id), st.agent_id, (key) => t(lang, key))
  return c.body(csv, 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="statement-${st.month}-${st.agent_id}.csv"`,
    'content-language': lang,
  })
})
statementRoutes.openAPIRegistry.registerPath({
  method: 'get', path: '/{id}.csv', tags: ['Statements'],
  summary: 'A statement’s per-merchant lines as CSV for Excel (UTF-8 with BOM, headers in the request’s language, money in yuan)',
  request: { params: z.object({ id: z.string().openapi({ example: 'stm_0a1b2c3d4e5f6g7h8j9k0m1n2p3q4r5s' }) }) },
  responses: { 200: { description: 'CSV attachment', content: { 'text/csv': { schema: z.string() } } }, ...problemResponses(401, 404) },
})

statementRoutes.openapi(
  createRoute({
    method: 'get', path: '/{id}', tags: ['Statements'], summary: 'A stored statement with its per-merchant lines',
    request: { params: z.object({ id: z.string() }) },
    responses: { 200: json(s.StatementView, 'The statement as stored'), ...problemResponses(401, 404) },
  }),
  async (c) => {
    const st = await visibleStatement(c, c.req.valid('param').id)
    return c.json({ ...summaryView(c.get('lang'), st), lines: await store.statementLines(c.env.DB, st.id) }, 200)
  },
)

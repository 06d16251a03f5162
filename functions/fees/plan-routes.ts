import { createRoute, z } from '@hono/zod-openapi'
import { requireRole } from '../http/auth'
import { json, jsonBody, newApp, problemResponses } from '../http/openapi'
import { problems } from '../http/problem'
import { nowIso } from '../ids'
import { businessDay } from '../time/business-day'
import { bodyOf, planViolations, termsFromInput, type PlanVersion } from './plans'
import * as s from './schema'
import { agentExists, assignPlan, findPlan, insertPlanVersion, planSpan } from './store'

// Rate plans: admins add versions and assign plans to agents; a version, once stored, never changes.
// Mounted at /api/v1 because its paths live under both /admin and /rate-plans.
export const ratePlanRoutes = newApp()

const adminOnly = requireRole('admin')

function view(p: PlanVersion) {
  return { plan_id: p.plan_id, version: p.version, effective_from: p.effective_from, created_at: p.created_at, ...p.body } as z.infer<typeof s.RatePlanView>
}

ratePlanRoutes.openapi(
  createRoute({
    method: 'post', path: '/admin/rate-plans', tags: ['Rate plans'], middleware: [adminOnly] as const,
    summary: 'Add a rate plan, or a new version of one (versions are immutable; a new one starts after the last)',
    description: 'Statements keep the versions they used, so a new version never changes an existing statement.',
    request: { body: jsonBody(s.CreateRatePlan) },
    responses: { 201: json(s.RatePlanView, 'The stored version'), ...problemResponses(400, 401, 409, 415, 422) },
  }),
  async (c) => {
    const input = c.req.valid('json')
    const terms = termsFromInput(input)
    const violations = planViolations(terms)
    if (violations.length) throw problems.unprocessable(violations)
    const body = bodyOf(input.name, terms)
    const created_at = nowIso()
    const version = await insertPlanVersion(c.env.DB, { plan_id: input.plan_id, effective_from: input.effective_from, name: input.name, body, created_at })
    if (version === null) {
      const span = await planSpan(c.env.DB, input.plan_id)
      throw problems.conflict('fees.plan.effective_not_after', { plan_id: input.plan_id, latest: span?.latest ?? input.effective_from })
    }
    c.header('location', `/api/v1/rate-plans/${input.plan_id}?on=${input.effective_from}`)
    return c.json(view({ plan_id: input.plan_id, version, effective_from: input.effective_from, name: input.name, body, terms, created_at }), 201)
  },
)

ratePlanRoutes.openapi(
  createRoute({
    method: 'get', path: '/rate-plans/{plan_id}', tags: ['Rate plans'], middleware: [adminOnly] as const,
    summary: 'The version of a rate plan in force on a date',
    request: {
      params: z.object({ plan_id: s.PlanId }),
      query: z.object({ on: z.iso.date({ error: 'fees.field.date' }).optional().openapi({ example: '2026-11-20', description: 'Default: today (Asia/Shanghai)' }) }),
    },
    responses: { 200: json(s.RatePlanView, 'The version in force'), ...problemResponses(400, 401, 404) },
  }),
  async (c) => {
    const { plan_id } = c.req.valid('param')
    const on = c.req.valid('query').on ?? businessDay(new Date())
    const plan = await findPlan(c.env.DB, plan_id, on)
    if (!plan) {
      const span = await planSpan(c.env.DB, plan_id)
      throw span ? problems.notFound('fees.plan.not_in_force', { plan_id, date: on, first: span.first }) : problems.notFound('fees.plan.unknown', { plan_id })
    }
    return c.json(view(plan), 200)
  },
)

ratePlanRoutes.openapi(
  createRoute({
    method: 'put', path: '/admin/agents/{agent_id}/rate-plan', tags: ['Rate plans'], middleware: [adminOnly] as const,
    summary: 'Put an agent (and those below it without a plan of their own) on a rate plan',
    request: { params: z.object({ agent_id: z.string().regex(/^[A-Za-z0-9_-]{2,32}$/, { error: 'field.agent_id' }) }), body: jsonBody(s.AssignRatePlan) },
    responses: { 200: json(s.RatePlanAssignment, 'Assigned'), ...problemResponses(400, 401, 404, 415, 422) },
  }),
  async (c) => {
    const { agent_id } = c.req.valid('param')
    const { plan_id } = c.req.valid('json')
    if (!(await agentExists(c.env.DB, agent_id))) throw problems.notFound('accounts.unknown_agent', { agent_id })
    if (!(await planSpan(c.env.DB, plan_id))) throw problems.unprocessable([{ path: 'plan_id', message: 'fees.plan.unknown', params: { plan_id } }])
    const assigned_at = nowIso()
    await assignPlan(c.env.DB, agent_id, plan_id, assigned_at)
    return c.json({ agent_id, plan_id, assigned_at }, 200)
  },
)

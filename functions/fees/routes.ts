import { createRoute } from '@hono/zod-openapi'
import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv } from '../env'
import { json, jsonBody, newApp, problemResponses } from '../http/openapi'
import { problems } from '../http/problem'
import { t } from '../i18n'
import { businessDay } from '../time/business-day'
import { adjustFee } from './adjustment'
import { FeeRuleError, type Line } from './errors'
import { shareProfit } from './profit-share'
import { pricingFor } from './plans'
import { quoteFee, type QuoteInput } from './quote'
import { scheduleOn } from './schedules'
import * as s from './schema'
import { findPlan, planSpan } from './store'

/** Fee quotes, void/refund effects and profit share (public). */
export const feeRoutes = newApp()

export { ratePlanRoutes } from './plan-routes'
export { STATEMENT_BODY_LIMIT, STATEMENT_UPLOAD_PATH, statementRoutes } from './statement-routes'

/** Domain rule breaks (refund above the original, costs falling down the tree…) are 422s naming the field. */
function applyingRules<T>(fn: () => T): T {
  try {
    return fn()
  } catch (err) {
    if (err instanceof FeeRuleError) throw problems.unprocessable(err.violations)
    throw err
  }
}

function say(c: Context<AppEnv>, lines: Line[]): string[] {
  return lines.map((l) => t(c.get('lang'), l.key, l.params))
}

export const QUOTE_LIMIT_SECONDS = 60

// The quote is public, so each client gets a budget (QUOTE_LIMITER in wrangler.toml, per minute).
// cf-connecting-ip is set by Cloudflare's edge and cannot be forged through it; locally it is absent.
// Without the binding (bench builds its own miniflare config) nothing is limited.
const throttleQuotes: MiddlewareHandler<AppEnv> = async (c, next) => {
  const env = c.env
  if (env.QUOTE_LIMITER) {
    const client = c.req.header('cf-connecting-ip') ?? 'local'
    const { success } = await env.QUOTE_LIMITER.limit({ key: `fees-quote:${client}` })
    if (!success) throw problems.tooMany('fees.quote_throttled', QUOTE_LIMIT_SECONDS)
  }
  await next()
}
feeRoutes.use('/quote', throttleQuotes)

feeRoutes.openapi(
  createRoute({
    method: 'post', path: '/quote', tags: ['Fees'], summary: 'What one swipe costs: merchant fee, D0 surcharge, net settlement, issuer/network/acquirer split',
    description: 'Public and rate-limited per client. Each fee is rounded half-up to the fen once, with exact integer arithmetic.',
    request: { body: jsonBody(s.QuoteRequest) },
    responses: { 200: json(s.Quote, 'The quote, with an explanation in the request’s language'), ...problemResponses(400, 415, 422, 429) },
  }),
  async (c) => {
    const input = c.req.valid('json')
    const date = input.date ?? businessDay(new Date())
    let pricing: QuoteInput
    const planLines: Line[] = []
    if (input.plan_id !== undefined) {
      // The plan wins: its rate for the card, cap and D0 pricing replace whatever the request says.
      const plan = await findPlan(c.env.DB, input.plan_id, date)
      if (!plan) {
        const span = await planSpan(c.env.DB, input.plan_id)
        throw problems.unprocessable([span
          ? { path: 'date', message: 'fees.plan.not_in_force', params: { plan_id: input.plan_id, date, first: span.first } }
          : { path: 'plan_id', message: 'fees.unknown_plan', params: { plan_id: input.plan_id } }])
      }
      pricing = { amount: input.amount, card: input.card, settlement: input.settlement, merchant_class: input.merchant_class, ...pricingFor(plan.terms, input.card) }
      planLines.push({ key: 'fees.explain.plan', params: { plan_id: plan.plan_id, version: plan.version, effective_from: plan.effective_from } })
    } else {
      pricing = { ...input, merchant_rate: input.merchant_rate! }
    }
    const schedule = input.card === 'qr' ? null : scheduleOn(date, input.merchant_class ?? 'standard')
    if (schedule === undefined) throw problems.unprocessable([{ path: 'date', message: 'fees.no_schedule', params: { date } }])
    const quote = quoteFee(pricing, schedule)
    return c.json({ ...quote, explanation: say(c, [...planLines, ...quote.explanation]) }, 200)
  },
)

feeRoutes.openapi(
  createRoute({
    method: 'post', path: '/adjustment', tags: ['Fees'], summary: 'What a void (撤销) or refund (退货) gives back, and whether a void is still possible',
    description: 'A void that is no longer possible is answered 200 with void_allowed false, the reason, and what refunding everything left would do.',
    request: { body: jsonBody(s.AdjustmentRequest) },
    responses: { 200: json(s.Adjustment, 'The effect of the correction'), ...problemResponses(400, 415, 422) },
  }),
  async (c) => {
    const { original, correction, refund_fee_rule } = c.req.valid('json')
    const a = applyingRules(() => adjustFee(original, correction, { refund_fee_rule }))
    const { void_refusal, ...rest } = a
    return c.json({
      ...rest,
      ...(void_refusal ? { void_refusal: { code: void_refusal, message: t(c.get('lang'), `fees.void_refusal.${void_refusal}`) } } : {}),
      explanation: say(c, a.explanation),
    }, 200)
  },
)

feeRoutes.openapi(
  createRoute({
    method: 'post', path: '/profit-share', tags: ['Fees'], summary: 'Multi-level agent profit share (级差分润) of a volume',
    request: { body: jsonBody(s.ProfitShareRequest) },
    responses: { 200: json(s.ProfitShare, 'Each agent’s spread and profit, top to bottom'), ...problemResponses(400, 415, 422) },
  }),
  (c) => {
    const { volume, merchant_rate, agents } = c.req.valid('json')
    return c.json(applyingRules(() => shareProfit(volume, merchant_rate, agents)), 200)
  },
)

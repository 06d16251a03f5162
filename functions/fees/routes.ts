import { createRoute } from '@hono/zod-openapi'
import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv, Bindings, Lang } from '../env'
import { json, jsonBody, newApp, problemResponses } from '../http/openapi'
import { quietOnSuccess } from '../http/middleware'
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
feeRoutes.use('*', quietOnSuccess)

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
// A request is counted once: when the quick path (quick-quote.ts) hands a quote to the route, the copy it
// hands over carries the limiter's answer instead of asking again.
const limiterAnswers = new WeakMap<Request, boolean>()

export async function quoteAllowed(env: Bindings, request: Request): Promise<boolean> {
  const known = limiterAnswers.get(request)
  if (known !== undefined) return known
  if (!env.QUOTE_LIMITER) return true
  const client = request.headers.get('cf-connecting-ip') ?? 'local'
  const allowed = (await env.QUOTE_LIMITER.limit({ key: `fees-quote:${client}` })).success
  limiterAnswers.set(request, allowed)
  return allowed
}

/** `copy` (the same request, its body read and re-attached) keeps the limiter's answer for `original`. */
export function sameQuote(original: Request, copy: Request): Request {
  const known = limiterAnswers.get(original)
  if (known !== undefined) limiterAnswers.set(copy, known)
  return copy
}

const throttleQuotes: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!(await quoteAllowed(c.env, c.req.raw))) throw problems.tooMany('fees.quote_throttled', QUOTE_LIMIT_SECONDS)
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
    // Without a plan the schema has made merchant_rate required.
    if (input.plan_id === undefined) return c.json(answerQuote({ ...input, merchant_rate: input.merchant_rate! }, date, c.get('lang')), 200)
    // The plan wins: its rate for the card, cap and D0 pricing replace whatever the request says.
    const plan = await planInForce(c.env.DB, input.plan_id, date, { plan: 'plan_id', date: 'date' })
    const pricing = { amount: input.amount, card: input.card, settlement: input.settlement, merchant_class: input.merchant_class, ...pricingFor(plan.terms, input.card) }
    const planLine: Line = { key: 'fees.explain.plan', params: { plan_id: plan.plan_id, version: plan.version, effective_from: plan.effective_from } }
    return c.json(answerQuote(pricing, date, c.get('lang'), planLine), 200)
  },
)

/**
 * The quote's JSON body, explanation in `lang`; shared by the route and the quick path (quick-quote.ts).
 * A date before any schedule is a 422.
 */
export function answerQuote(pricing: QuoteInput, date: string, lang: Lang, planLine?: Line) {
  const schedule = pricing.card === 'qr' ? null : scheduleOn(date, pricing.merchant_class ?? 'standard')
  if (schedule === undefined) throw problems.unprocessable([{ path: 'date', message: 'fees.no_schedule', params: { date } }])
  const quote = quoteFee(pricing, schedule)
  const lines = planLine ? [planLine, ...quote.explanation] : quote.explanation
  return { ...quote, explanation: lines.map((l) => t(lang, l.key, l.params)) }
}

feeRoutes.openapi(
  createRoute({
    method: 'post', path: '/adjustment', tags: ['Fees'], summary: 'What a void (撤销) or refund (退货) gives back, and whether a void is still possible',
    description: 'A void that is no longer possible is answered 200 with void_allowed false, the reason, and what refunding everything left would do. With original.plan_id the sale is priced by the plan version in force on its business day (Asia/Shanghai), whose refund-fee rule applies. A D0 surcharge is never returned and counts in fee_lost.',
    request: { body: jsonBody(s.AdjustmentRequest) },
    responses: { 200: json(s.Adjustment, 'The effect of the correction'), ...problemResponses(400, 415, 422) },
  }),
  async (c) => {
    const { original, correction, refund_fee_rule } = c.req.valid('json')
    const { plan_id, merchant_rate, ...sale } = original
    let a
    if (plan_id === undefined) {
      // Without a plan the schema has made merchant_rate required.
      a = applyingRules(() => adjustFee({ ...sale, merchant_rate: merchant_rate! }, correction, { refund_fee_rule }))
    } else {
      // The plan wins, as in the quote: its rate for the card, cap, D0 pricing and refund-fee rule replace the
      // request's, since the merchant was charged (and is refunded) by its plan, not by what a caller types.
      const day = businessDay(new Date(original.occurred_at))
      const plan = await planInForce(c.env.DB, plan_id, day, { plan: 'original.plan_id', date: 'original.occurred_at' })
      const priced = {
        amount: sale.amount, card: sale.card, settlement: sale.settlement, occurred_at: sale.occurred_at, batch_settled: sale.batch_settled,
        refunded_so_far: sale.refunded_so_far, ...pricingFor(plan.terms, sale.card),
      }
      a = applyingRules(() => adjustFee(priced, correction, { refund_fee_rule: plan.terms.refund_fee_rule }))
      a.explanation.unshift({ key: 'fees.explain.plan_adjustment', params: { plan_id: plan.plan_id, version: plan.version, effective_from: plan.effective_from, date: day } })
    }
    const { void_refusal, ...rest } = a
    return c.json({
      ...rest,
      ...(void_refusal ? { void_refusal: { code: void_refusal, message: t(c.get('lang'), `fees.void_refusal.${void_refusal}`) } } : {}),
      explanation: say(c, a.explanation),
    }, 200)
  },
)

/**
 * The version of a plan in force on `day`, or a 422 with the quote's messages: an unknown plan names
 * `paths.plan`; a plan with no version in force yet names `paths.date` and the day.
 */
async function planInForce(db: D1Database, planId: string, day: string, paths: { plan: string; date: string }) {
  const plan = await findPlan(db, planId, day)
  if (plan) return plan
  const span = await planSpan(db, planId)
  throw problems.unprocessable([span
    ? { path: paths.date, message: 'fees.plan.not_in_force', params: { plan_id: planId, date: day, first: span.first } }
    : { path: paths.plan, message: 'fees.unknown_plan', params: { plan_id: planId } }])
}

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

import { z } from '@hono/zod-openapi'
import { MAX_AMOUNT_FEN, parseRate, RateError } from './money'

// Money is integer fen; rates are percent strings parsed here to ppm, so handlers and domain get numbers.
// Custom `error` values are i18n message keys (functions/i18n/*/fees.ts).

/** "0.6%" in, 6000 (ppm) out; a bad rate is a 400 naming the field with why it is bad. */
export const Rate = z.string()
  .openapi({ example: '0.6%', pattern: '^\d+(\.\d{1,4})?%$', description: 'Percent with a % sign, at most 4 decimals (0.0001 % = 1 ppm), 0–100 %' })
  .transform((text, ctx) => {
    try {
      return parseRate(text)
    } catch (err) {
      if (!(err instanceof RateError)) throw err
      ctx.issues.push({ code: 'custom', message: `fees.rate.${err.reason}`, input: text })
      return z.NEVER
    }
  })

export const Amount = z.number().int().min(1).max(MAX_AMOUNT_FEN).openapi({ example: 1_000_000, description: 'fen (分), 1 … 10^12' })
export const Fen = z.number().int().min(0).max(MAX_AMOUNT_FEN).openapi({ example: 0, description: 'fen (分), 0 … 10^12' })
const Card = z.enum(['debit', 'credit', 'qr']).openapi({ description: 'debit 借记卡, credit 贷记卡, qr 扫码' })
const Settlement = z.enum(['T1', 'D0']).openapi({ description: 'T1 next working day (default); D0 same day, surcharged' })
const IsoDateTime = z.iso.datetime({ offset: true, error: 'fees.field.datetime' }).openapi({ example: '2026-11-20T14:30:00+08:00' })

/** The pricing of one sale; shared by quotes and by the original sale of an adjustment. */
const pricing = {
  amount: Amount,
  card: Card,
  merchant_rate: Rate,
  debit_cap: Fen.optional().openapi({ example: 2500, description: 'Cap on the merchant fee per debit transaction, fen' }),
  settlement: Settlement.optional(),
  d0_rate: Rate.optional().openapi({ example: '0.05%', description: 'D0 only: extra rate' }),
  d0_fixed: Fen.optional().openapi({ example: 200, description: 'D0 only: fixed fee per transaction, fen' }),
}

export const QuoteRequest = z.strictObject({
  ...pricing,
  merchant_class: z.enum(['standard', 'preferential', 'nonprofit']).optional()
    .openapi({ description: 'Regulatory class: standard; preferential (supermarkets, fuel, utilities, transport tickets); nonprofit (issuer and network fees waived)' }),
  date: z.iso.date({ error: 'fees.field.date' }).optional().openapi({ example: '2026-11-20', description: 'Date of the sale (Asia/Shanghai); picks the fee schedule. Default: today' }),
  plan_id: z.string().min(1).max(64).optional().openapi({ description: 'A stored rate plan (not available yet: any value is 422)' }),
}).openapi('FeeQuoteRequest', { example: { amount: 1_000_000, card: 'credit', merchant_rate: '0.6%', date: '2026-11-20' } })

export const Quote = z.object({
  amount: z.number().int(),
  merchant_fee: z.number().int(),
  d0_fee: z.number().int(),
  total_fee: z.number().int(),
  net_settlement: z.number().int(),
  effective_rate: z.string().openapi({ example: '0.6000%' }),
  cap_applied: z.boolean(),
  breakdown: z.object({ issuer_fee: z.number().int(), network_fee: z.number().int(), acquirer_fee: z.number().int().openapi({ description: 'Negative when the merchant rate is below cost' }) }).nullable()
    .openapi({ description: 'Issuer and acquirer-side network fee at the schedule in force; null for QR' }),
  schedule: z.string().nullable().openapi({ example: 'ndrc-2016-557' }),
  explanation: z.array(z.string()).openapi({ example: ['商户手续费：10,000.00 元 × 0.6% = 60.00 元'] }),
}).openapi('FeeQuote', {
  example: {
    amount: 1_000_000, merchant_fee: 6000, d0_fee: 0, total_fee: 6000, net_settlement: 994_000, effective_rate: '0.6000%', cap_applied: false,
    breakdown: { issuer_fee: 4500, network_fee: 325, acquirer_fee: 1175 }, schedule: 'ndrc-2016-557', explanation: ['商户手续费：10,000.00 元 × 0.6% = 60.00 元'],
  },
})

const RefundFeeRule = z.enum(['none_returned', 'proportional', 'full'])
  .openapi({ description: 'The plan’s refund-fee rule: none_returned (default, common practice), proportional, or full once the whole amount is refunded' })

export const AdjustmentRequest = z.strictObject({
  original: z.strictObject({
    ...pricing,
    occurred_at: IsoDateTime,
    batch_settled: z.boolean(),
    refunded_so_far: Fen.optional().openapi({ description: 'Refunded already, fen' }),
  }),
  correction: z.strictObject({
    type: z.enum(['void', 'refund']),
    amount: Amount.optional().openapi({ description: 'Void: the full amount or nothing. Refund: default is all that is left' }),
    at: IsoDateTime,
  }),
  refund_fee_rule: RefundFeeRule.optional(),
}).openapi('FeeAdjustmentRequest', {
  example: {
    original: { amount: 23_000, card: 'credit', merchant_rate: '0.55%', occurred_at: '2026-11-19T20:15:00+08:00', batch_settled: true },
    correction: { type: 'void', at: '2026-11-20T09:00:00+08:00' },
  },
})

export const Adjustment = z.object({
  action: z.enum(['void', 'refund']).openapi({ description: 'What the figures describe: the void, or the refund to do (also instead of a refused void)' }),
  void_allowed: z.boolean(),
  void_refusal: z.object({ code: z.enum(['instant_settlement', 'batch_settled', 'different_business_day', 'already_refunded']), message: z.string() }).optional(),
  original_fee: z.number().int(),
  amount_back: z.number().int(),
  fee_reversed: z.number().int().openapi({ description: 'Fee returned to the merchant by this correction' }),
  fee_lost: z.number().int().openapi({ description: 'Original fee minus all fee returned so far (this and earlier refunds)' }),
  remaining_refundable: z.number().int(),
  explanation: z.array(z.string()),
}).openapi('FeeAdjustment')

export const ProfitShareRequest = z.strictObject({
  volume: Fen.openapi({ example: 1_000_000, description: 'Volume, fen' }),
  merchant_rate: Rate,
  agents: z.array(z.strictObject({ id: z.string().trim().min(1).max(64), cost_rate: Rate })).min(1).max(10)
    .openapi({ description: 'Top (nearest the acquirer) to bottom (nearest the merchant); costs must not decrease going down' }),
}).openapi('ProfitShareRequest', { example: { volume: 1_000_000, merchant_rate: '0.6%', agents: [{ id: 'A', cost_rate: '0.50%' }, { id: 'B', cost_rate: '0.52%' }] } })

export const ProfitShare = z.object({
  volume: z.number().int(),
  total: z.number().int().openapi({ description: 'Sum of the rounded shares' }),
  shares: z.array(z.object({ id: z.string(), spread_rate: z.string(), profit: z.number().int() })),
}).openapi('ProfitShare', { example: { volume: 1_000_000, total: 1000, shares: [{ id: 'A', spread_rate: '0.02%', profit: 200 }, { id: 'B', spread_rate: '0.08%', profit: 800 }] } })

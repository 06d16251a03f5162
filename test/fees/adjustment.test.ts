import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { adjustFee, type OriginalSale, type RefundFeeRule } from '../../functions/fees/adjustment'
import { FeeRuleError } from '../../functions/fees/errors'
import { t } from '../../functions/i18n'

// 230.00 yuan credit at 0.55 %: fee 1.27 yuan.
const sale: OriginalSale = { amount: 23_000, card: 'credit', merchant_rate: 5500, occurred_at: '2026-11-20T10:00:00+08:00', batch_settled: false }
const sameDay = '2026-11-20T18:00:00+08:00'
const nextDay = '2026-11-21T09:00:00+08:00'

function violations(fn: () => unknown) {
  try {
    fn()
  } catch (err) {
    if (err instanceof FeeRuleError) return err.violations.map((v) => [v.path, v.message])
    throw err
  }
  throw new Error('expected a FeeRuleError')
}

describe('void (撤销)', () => {
  it('voids the full amount on the same business day before settlement, returning the whole fee', () => {
    expect(adjustFee(sale, { type: 'void', at: sameDay })).toMatchObject({
      action: 'void', void_allowed: true, original_fee: 127, amount_back: 23_000, fee_reversed: 127, fee_lost: 0, remaining_refundable: 0,
    })
  })

  it('accepts a void that names the full amount', () => {
    expect(adjustFee(sale, { type: 'void', amount: 23_000, at: sameDay }).void_allowed).toBe(true)
  })

  it('uses the Asia/Shanghai day: 00:30 Beijing is 16:30 UTC the day before, still the same business day', () => {
    const early = { ...sale, occurred_at: '2026-11-19T16:30:00Z' }
    expect(adjustFee(early, { type: 'void', at: '2026-11-20T23:59:00+08:00' }).void_allowed).toBe(true)
  })

  it.each([
    ['after midnight Beijing time', { ...sale, occurred_at: '2026-11-20T23:50:00+08:00' }, '2026-11-21T00:05:00+08:00', 'different_business_day'],
    ['once the batch is settled', { ...sale, batch_settled: true }, sameDay, 'batch_settled'],
    ['with D0 instant settlement', { ...sale, settlement: 'D0' as const }, sameDay, 'instant_settlement'],
    ['after a partial refund', { ...sale, refunded_so_far: 1000 }, sameDay, 'already_refunded'],
  ])('refuses a void %s and says what a full refund does instead', (_, original, at, code) => {
    const a = adjustFee(original, { type: 'void', at })
    const left = 23_000 - (original.refunded_so_far ?? 0)
    expect(a).toMatchObject({ action: 'refund', void_allowed: false, void_refusal: code, amount_back: left, fee_reversed: 0, fee_lost: 127, remaining_refundable: 0 })
    expect(a.explanation.map((l) => l.key)).toContain(`fees.void_refusal.${code}`)
  })

  it('refuses a partial void (422 naming correction.amount)', () => {
    expect(violations(() => adjustFee(sale, { type: 'void', amount: 1000, at: sameDay }))).toEqual([['correction.amount', 'fees.void_full_amount_only']])
  })

  it('reverses the capped fee of a capped debit sale', () => {
    const debit: OriginalSale = { ...sale, amount: 1_000_000, card: 'debit', merchant_rate: 5000, debit_cap: 2500 }
    expect(adjustFee(debit, { type: 'void', at: sameDay })).toMatchObject({ original_fee: 2500, fee_reversed: 2500 })
  })
})

describe('refund (退货)', () => {
  it('by default returns no fee: a partial refund leaves the whole fee paid', () => {
    const a = adjustFee(sale, { type: 'refund', amount: 10_000, at: nextDay })
    expect(a).toMatchObject({ action: 'refund', void_allowed: false, void_refusal: 'different_business_day', amount_back: 10_000, fee_reversed: 0, fee_lost: 127, remaining_refundable: 13_000 })
    const zh = a.explanation.map((l) => t('zh-CN', l.key, l.params))
    expect(zh).toContain('退货 100.00 元（累计已退 100.00 元，还可退 130.00 元）。')
    expect(zh).toContain('按费率方案，退货不退手续费。')
  })

  it('returns the fee pro rata, cumulatively: 100 then 130 yuan give back 0.55 then 0.72, 1.27 in all', () => {
    const first = adjustFee(sale, { type: 'refund', amount: 10_000, at: nextDay }, { refund_fee_rule: 'proportional' })
    expect(first).toMatchObject({ fee_reversed: 55, fee_lost: 72, remaining_refundable: 13_000 })
    const second = adjustFee({ ...sale, refunded_so_far: 10_000 }, { type: 'refund', amount: 13_000, at: nextDay }, { refund_fee_rule: 'proportional' })
    expect(second).toMatchObject({ fee_reversed: 72, fee_lost: 0, remaining_refundable: 0 })
  })

  it('returns the fee under the "full" rule only with the refund that completes the amount', () => {
    expect(adjustFee(sale, { type: 'refund', amount: 10_000, at: nextDay }, { refund_fee_rule: 'full' })).toMatchObject({ fee_reversed: 0, fee_lost: 127 })
    expect(adjustFee({ ...sale, refunded_so_far: 10_000 }, { type: 'refund', at: nextDay }, { refund_fee_rule: 'full' }))
      .toMatchObject({ amount_back: 13_000, fee_reversed: 127, fee_lost: 0, remaining_refundable: 0 })
  })

  it('refunds everything left when no amount is given', () => {
    expect(adjustFee({ ...sale, refunded_so_far: 3000 }, { type: 'refund', at: nextDay })).toMatchObject({ amount_back: 20_000, remaining_refundable: 0 })
  })

  it('points out that a same-day unsettled sale could be voided instead', () => {
    const a = adjustFee(sale, { type: 'refund', amount: 23_000, at: sameDay })
    expect(a).toMatchObject({ action: 'refund', void_allowed: true })
    expect(a.explanation.map((l) => l.key)).toContain('fees.explain.void_possible')
  })

  it.each([
    ['a refund above what is left', { ...sale, refunded_so_far: 20_000 }, { type: 'refund' as const, amount: 5000, at: nextDay }, [['correction.amount', 'fees.refund_exceeds']]],
    ['a refund when nothing is left', { ...sale, refunded_so_far: 23_000 }, { type: 'refund' as const, at: nextDay }, [['correction.amount', 'fees.refund_exceeds']]],
    ['refunded_so_far above the original', { ...sale, refunded_so_far: 23_001 }, { type: 'refund' as const, amount: 1, at: nextDay }, [['original.refunded_so_far', 'fees.refunded_exceeds_original']]],
    ['a correction before the sale', sale, { type: 'refund' as const, amount: 1, at: '2026-11-20T09:59:59+08:00' }, [['correction.at', 'fees.correction_before_sale']]],
    ['times that are not ISO 8601', { ...sale, occurred_at: 'yesterday' }, { type: 'refund' as const, amount: 1, at: 'now' }, [['original.occurred_at', 'fees.field.datetime'], ['correction.at', 'fees.field.datetime']]],
  ])('refuses %s (422)', (_, original, correction, expected) => {
    expect(violations(() => adjustFee(original, correction))).toEqual(expected)
  })
})

describe('D0 surcharge (垫资费)', () => {
  // 10,000.00 yuan credit at 0.6 %, settled D0 at +0.05 % + 2.00 yuan: fee 60.00, surcharge 5.00 + 2.00 = 7.00.
  const d0: OriginalSale = { amount: 1_000_000, card: 'credit', merchant_rate: 6000, settlement: 'D0', d0_rate: 500, d0_fixed: 200, occurred_at: '2026-11-20T10:00:00+08:00', batch_settled: false }

  it('keeps the 7.00 yuan surcharge lost when a full refund returns the whole 60.00 yuan fee under the "full" rule', () => {
    const a = adjustFee(d0, { type: 'refund', at: '2026-11-20T11:00:00+08:00' }, { refund_fee_rule: 'full' })
    expect(a).toMatchObject({
      action: 'refund', void_allowed: false, void_refusal: 'instant_settlement', refund_fee_rule: 'full',
      original_fee: 6000, original_d0_fee: 700, amount_back: 1_000_000, fee_reversed: 6000, fee_lost: 700, remaining_refundable: 0,
    })
    const en = a.explanation.map((l) => t('en', l.key, l.params))
    expect(en).toContain('D0 surcharge: 10,000.00 yuan × 0.05% = 5.00 yuan, plus 2.00 yuan per transaction, 7.00 yuan in all')
    expect(en).toContain('The 7.00 yuan D0 surcharge paid for the same-day payout, which has already been made, so no refund returns it.')
    expect(en.at(-1)).toMatch(/^Fees the merchant paid on this sale and will not get back: 7\.00 yuan \(60\.00 yuan original fee − 60\.00 yuan returned in all, plus the 7\.00 yuan D0 surcharge;/)
    const zh = a.explanation.map((l) => t('zh-CN', l.key, l.params))
    expect(zh.at(-1)).toMatch(/^商户为这笔交易付出且拿不回的费用：7\.00 元（原手续费 60\.00 元 − 累计退回 60\.00 元，加 D0 垫资费 7\.00 元；/)
  })

  it('counts the surcharge in what a refused void of a D0 sale loses under the default rule', () => {
    expect(adjustFee(d0, { type: 'void', at: '2026-11-20T11:00:00+08:00' })).toMatchObject({
      action: 'refund', void_allowed: false, void_refusal: 'instant_settlement', refund_fee_rule: 'none_returned', fee_reversed: 0, fee_lost: 6700,
    })
  })

  it('returns the fee pro rata but never the surcharge: half refunded gives back 30.00 and loses 37.00', () => {
    expect(adjustFee(d0, { type: 'refund', amount: 500_000, at: '2026-11-21T11:00:00+08:00' }, { refund_fee_rule: 'proportional' }))
      .toMatchObject({ original_d0_fee: 700, fee_reversed: 3000, fee_lost: 3700, remaining_refundable: 500_000 })
  })

  it('charges no surcharge on a T1 sale even when D0 pricing is given', () => {
    const a = adjustFee({ ...d0, settlement: 'T1' }, { type: 'void', at: '2026-11-20T11:00:00+08:00' })
    expect(a).toMatchObject({ action: 'void', original_d0_fee: 0, fee_reversed: 6000, fee_lost: 0 })
    expect(a.explanation.map((l) => l.key)).not.toContain('fees.explain.d0_not_returned')
  })
})

describe('properties', () => {
  const arbSale = fc.record({
    amount: fc.integer({ min: 1, max: 10 ** 9 }), rate: fc.integer({ min: 0, max: 1_000_000 }),
    d0: fc.option(fc.record({ rate: fc.integer({ min: 0, max: 10_000 }), fixed: fc.integer({ min: 0, max: 1000 }) })),
  })
  const rules: RefundFeeRule[] = ['none_returned', 'proportional', 'full']

  it('partial refunds up to the full amount return, in all, exactly what the rule promises, and never the D0 surcharge', () => {
    fc.assert(fc.property(arbSale, fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 8 }), fc.constantFrom(...rules), ({ amount, rate, d0 }, weights, rule) => {
      const original: OriginalSale = {
        amount, card: 'credit', merchant_rate: rate, occurred_at: sale.occurred_at, batch_settled: true,
        ...(d0 ? { settlement: 'D0' as const, d0_rate: d0.rate, d0_fixed: d0.fixed } : {}),
      }
      // Split the amount into parts by weight; the last part takes the remainder.
      const sum = weights.reduce((a, b) => a + b, 0)
      let refunded = 0
      let reversed = 0
      let last
      for (const [i, w] of weights.entries()) {
        const part = i === weights.length - 1 ? amount - refunded : Math.floor((amount * w) / sum)
        if (part <= 0) continue
        last = adjustFee({ ...original, refunded_so_far: refunded }, { type: 'refund', amount: part, at: nextDay }, { refund_fee_rule: rule })
        refunded += part
        reversed += last.fee_reversed
        // The D0 surcharge is lost whatever the rule; only the merchant fee comes back.
        if (last.fee_reversed < 0 || last.fee_lost !== last.original_fee + last.original_d0_fee - reversed || last.remaining_refundable !== amount - refunded) return false
        if (last.original_d0_fee !== (d0 ? Number((BigInt(amount) * BigInt(d0.rate) * 2n + 1_000_000n) / 2_000_000n) + d0.fixed : 0)) return false
      }
      const fee = last!.original_fee
      return refunded === amount && reversed === (rule === 'none_returned' ? 0 : fee)
    }))
  })
})

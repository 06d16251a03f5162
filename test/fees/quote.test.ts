import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Line } from '../../functions/fees/errors'
import { MAX_AMOUNT_FEN, parseRate } from '../../functions/fees/money'
import { quoteFee, type QuoteInput } from '../../functions/fees/quote'
import { costOf, scheduleOn, SCHEDULES, type MerchantClass } from '../../functions/fees/schedules'
import { t } from '../../functions/i18n'

const zh = (lines: Line[]) => lines.map((l) => t('zh-CN', l.key, l.params))
const en = (lines: Line[]) => lines.map((l) => t('en', l.key, l.params))

function quote(input: Omit<QuoteInput, 'merchant_rate'> & { merchant_rate: string }, date = '2026-11-20', merchantClass: MerchantClass = 'standard') {
  return quoteFee({ ...input, merchant_rate: parseRate(input.merchant_rate) }, input.card === 'qr' ? null : scheduleOn(date, merchantClass)!)
}

describe('merchant fee', () => {
  it('charges 60.00 yuan on 10,000 yuan credit at 0.6%, and the acquirer keeps 11.75 at guide prices', () => {
    const q = quote({ amount: 1_000_000, card: 'credit', merchant_rate: '0.6%' })
    expect(q).toMatchObject({
      amount: 1_000_000, merchant_fee: 6000, d0_fee: 0, total_fee: 6000, net_settlement: 994_000, effective_rate: '0.6000%', cap_applied: false,
      breakdown: { issuer_fee: 4500, network_fee: 325, acquirer_fee: 1175 }, schedule: 'ndrc-2016-557',
    })
    expect(zh(q.explanation)[0]).toBe('商户手续费：10,000.00 元 × 0.6% = 60.00 元')
    expect(en(q.explanation)[0]).toBe('Merchant fee: 10,000.00 yuan × 0.6% = 60.00 yuan')
  })

  it('rounds 230.00 yuan at 0.55% up to 1.27 yuan and shows the exact 1.265', () => {
    const q = quote({ amount: 23_000, card: 'credit', merchant_rate: '0.55%' })
    expect(q.merchant_fee).toBe(127)
    expect(zh(q.explanation)[0]).toBe('商户手续费：230.00 元 × 0.55% = 1.265 元，四舍五入为 1.27 元')
  })

  it.each([
    ['rounds 10 yuan at 0.55% up to 0.06 yuan', 1000, 'credit', '0.55%', 6],
    ['rounds 10 yuan QR at 0.38% up to 0.04 yuan', 1000, 'qr', '0.38%', 4],
    ['charges nothing at 0%', 1000, 'credit', '0%', 0],
  ] as const)('%s', (_, amount, card, rate, fee) => {
    expect(quote({ amount, card, merchant_rate: rate }).merchant_fee).toBe(fee)
  })

  it('caps a 10,000 yuan debit sale at 0.5% to the 25 yuan debit cap', () => {
    const q = quote({ amount: 1_000_000, card: 'debit', merchant_rate: '0.5%', debit_cap: 2500 })
    expect(q).toMatchObject({ merchant_fee: 2500, cap_applied: true, breakdown: { issuer_fee: 1300, network_fee: 325, acquirer_fee: 875 } })
    expect(zh(q.explanation)[1]).toBe('借记卡封顶：按 25.00 元收取')
  })

  it('does not call a cap applied when the fee only equals it', () => {
    expect(quote({ amount: 500_000, card: 'debit', merchant_rate: '0.5%', debit_cap: 2500 })).toMatchObject({ merchant_fee: 2500, cap_applied: false })
  })

  it.each([
    ['4,000.01 yuan debit at 0.5%', false, 400_001],
    ['4,000.99 yuan debit at 0.5%', false, 400_099],
    ['4,001.00 yuan debit at 0.5%', true, 400_100],
  ] as const)('%s under a 20-yuan cap: cap applied %s (only a rounded fee above the cap binds)', (_, capped, amount) => {
    // 4,000.99 × 0.5 % = 20.00495 rounds to 20.00, the cap itself; 4,001.00 × 0.5 % = 20.005 rounds to 20.01.
    const q = quote({ amount, card: 'debit', merchant_rate: '0.5%', debit_cap: 2000 })
    expect(q).toMatchObject({ merchant_fee: 2000, cap_applied: capped })
    expect(q.explanation.some((l) => l.key === 'fees.explain.debit_cap')).toBe(capped)
  })

  it('ignores debit_cap for credit cards', () => {
    expect(quote({ amount: 1_000_000, card: 'credit', merchant_rate: '0.6%', debit_cap: 2500 })).toMatchObject({ merchant_fee: 6000, cap_applied: false })
  })
})

describe('D0 surcharge and totals', () => {
  it('adds rate and fixed fee for D0: 10,000 yuan + 0.05% + 2 yuan = 7.00 yuan more', () => {
    const q = quote({ amount: 1_000_000, card: 'credit', merchant_rate: '0.6%', settlement: 'D0', d0_rate: 500, d0_fixed: 200 })
    expect(q).toMatchObject({ merchant_fee: 6000, d0_fee: 700, total_fee: 6700, net_settlement: 993_300, effective_rate: '0.6700%' })
    expect(zh(q.explanation)).toContain('D0 垫资费：10,000.00 元 × 0.05% = 5.00 元，加单笔 2.00 元，共 7.00 元')
  })

  it('ignores the D0 fields under T1', () => {
    expect(quote({ amount: 1_000_000, card: 'credit', merchant_rate: '0.6%', settlement: 'T1', d0_rate: 500, d0_fixed: 200 }).d0_fee).toBe(0)
  })

  it('rounds the effective rate half-up at the fourth decimal', () => {
    // 1 fen on 20,000 yuan is 0.00005 %: exactly half of the last digit, so up.
    expect(quote({ amount: 2_000_000, card: 'qr', merchant_rate: '0%', settlement: 'D0', d0_fixed: 1 }).effective_rate).toBe('0.0001%')
    expect(quote({ amount: 7, card: 'qr', merchant_rate: '0%', settlement: 'D0', d0_fixed: 1 }).effective_rate).toBe('14.2857%')
  })

  it('flags fees above the amount (a 2 yuan D0 fee on 1 fen)', () => {
    const q = quote({ amount: 1, card: 'qr', merchant_rate: '0.38%', settlement: 'D0', d0_fixed: 200 })
    expect(q.net_settlement).toBe(-199)
    expect(q.explanation.map((l) => l.key)).toContain('fees.explain.fees_exceed_amount')
  })
})

describe('breakdown at the schedule in force', () => {
  it('gives no breakdown and no schedule for QR payments', () => {
    const q = quote({ amount: 1000, card: 'qr', merchant_rate: '0.38%' })
    expect(q).toMatchObject({ breakdown: null, schedule: null })
  })

  it('applies 90% to debit issuer and network fees, rates and caps, for standard merchants from 2021-09-30', () => {
    const q = quote({ amount: 1_000_000, card: 'debit', merchant_rate: '0.6%' }, '2022-01-01')
    // issuer: cap 13 × 90 % = 11.70; network: 3.25 × 90 % = 2.925 -> 2.93 (half-up once)
    expect(q).toMatchObject({ schedule: 'pboc-2021-169-standard', breakdown: { issuer_fee: 1170, network_fee: 293, acquirer_fee: 4537 } })
    expect(zh(q.explanation)).toContain('发卡行服务费：10,000.00 元 × 0.35% × 90% 超过单笔封顶，按 11.70 元计')
  })

  it('applies 78% for preferential merchants in the same period', () => {
    const q = quote({ amount: 100_000, card: 'debit', merchant_rate: '0.38%' }, '2023-05-01', 'preferential')
    // issuer 1,000 × 0.35 % × 78 % = 2.73; network 1,000 × 0.0325 % × 78 % = 0.2535 -> 0.25
    expect(q).toMatchObject({ schedule: 'pboc-2021-169-preferential', breakdown: { issuer_fee: 273, network_fee: 25, acquirer_fee: 82 } })
  })

  it('keeps credit cards at the guide price during the 2021 debit reduction', () => {
    expect(quote({ amount: 1_000_000, card: 'credit', merchant_rate: '0.6%' }, '2022-01-01').breakdown).toEqual({ issuer_fee: 4500, network_fee: 325, acquirer_fee: 1175 })
  })

  it('waives issuer and network fees for non-profit merchants', () => {
    const q = quote({ amount: 1_000_000, card: 'credit', merchant_rate: '0.6%' }, '2026-11-20', 'nonprofit')
    expect(q).toMatchObject({ schedule: 'ndrc-2016-557-nonprofit', breakdown: { issuer_fee: 0, network_fee: 0, acquirer_fee: 6000 } })
  })

  it('flags a merchant rate below cost with a negative acquirer fee', () => {
    const q = quote({ amount: 1_000_000, card: 'credit', merchant_rate: '0.38%' })
    expect(q.breakdown).toEqual({ issuer_fee: 4500, network_fee: 325, acquirer_fee: -1025 })
    expect(zh(q.explanation)).toContain('商户费率低于成本：收单机构每笔倒贴 10.25 元。')
  })

  it('says that after 2024-09-29 the 2016 schedule applies again because the extension is not confirmed', () => {
    const q = quote({ amount: 1_000_000, card: 'debit', merchant_rate: '0.6%' }, '2024-09-30')
    expect(q.schedule).toBe('ndrc-2016-557')
    expect(q.explanation.map((l) => l.key)).toContain('fees.schedule.cut_2021_ended')
    expect(q.breakdown).toEqual({ issuer_fee: 1300, network_fee: 325, acquirer_fee: 4375 })
  })
})

describe('scheduleOn', () => {
  it.each([
    ['2016-09-05', 'standard', undefined],
    ['2016-09-06', 'standard', 'ndrc-2016-557'],
    ['2021-09-29', 'standard', 'ndrc-2016-557'],
    ['2021-09-30', 'standard', 'pboc-2021-169-standard'],
    ['2024-09-29', 'standard', 'pboc-2021-169-standard'],
    ['2024-09-30', 'standard', 'ndrc-2016-557'],
    ['2021-09-30', 'preferential', 'pboc-2021-169-preferential'],
    ['2018-01-01', 'preferential', 'ndrc-2016-557-preferential'],
    ['2030-01-01', 'nonprofit', 'ndrc-2016-557-nonprofit'],
  ] as const)('on %s a %s merchant is under %s', (date, cls, id) => {
    expect(scheduleOn(date, cls)?.id).toBe(id)
  })

  it('has exactly one schedule per class on any day from the reform on', () => {
    fc.assert(fc.property(fc.date({ min: new Date('2016-09-06T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true }), fc.constantFrom<MerchantClass>('standard', 'preferential', 'nonprofit'), (d, cls) => {
      const day = d.toISOString().slice(0, 10)
      return SCHEDULES.filter((s) => s.merchantClass === cls && s.from <= day && (s.until === null || day < s.until)).length === 1
    }))
  })
})

describe('properties', () => {
  const arbQuote = fc.record({
    amount: fc.integer({ min: 1, max: MAX_AMOUNT_FEN }),
    card: fc.constantFrom('debit' as const, 'credit' as const),
    merchant_rate: fc.integer({ min: 0, max: 1_000_000 }),
    debit_cap: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: undefined }),
  })
  const arbSchedule = fc.constantFrom(...SCHEDULES)

  it('splits the merchant fee exactly into issuer + network + acquirer', () => {
    fc.assert(fc.property(arbQuote, arbSchedule, (input, s) => {
      const q = quoteFee(input, s)
      return q.breakdown!.issuer_fee + q.breakdown!.network_fee + q.breakdown!.acquirer_fee === q.merchant_fee
    }))
  })

  it('never exceeds the debit cap or the schedule caps', () => {
    fc.assert(fc.property(arbQuote, arbSchedule, (input, s) => {
      const q = quoteFee(input, s)
      const card = input.card
      const issuerCap = costOf(Number.MAX_SAFE_INTEGER, s.issuer[card]).capFen
      const networkCap = costOf(Number.MAX_SAFE_INTEGER, s.network[card]).capFen
      return (card !== 'debit' || input.debit_cap === undefined || q.merchant_fee <= input.debit_cap)
        && (issuerCap === null || q.breakdown!.issuer_fee <= issuerCap)
        && (networkCap === null || q.breakdown!.network_fee <= networkCap)
    }))
  })

  it('calls a schedule cost capped only when the cap changes it, and then it is the cap', () => {
    const issuerDebit = { ppm: 3500, capFen: 1300, percent: 100 } // 2016: 0.35 %, at most 13 yuan
    expect(costOf(371_429, issuerDebit)).toEqual({ fen: 1300, capped: false, capFen: 1300 }) // 13.000015 rounds to the cap
    expect(costOf(371_572, issuerDebit)).toEqual({ fen: 1300, capped: true, capFen: 1300 }) // 13.00502 would be 13.01
    fc.assert(fc.property(fc.integer({ min: 1, max: 10 ** 9 }), arbSchedule, fc.constantFrom('debit', 'credit') as fc.Arbitrary<'debit' | 'credit'>, (amount, s, card) => {
      for (const cost of [s.issuer[card], s.network[card]]) {
        const r = costOf(amount, cost)
        const uncapped = costOf(amount, { ...cost, capFen: null }).fen
        if (r.capped !== (r.capFen !== null && uncapped > r.capFen)) return false
        if (r.fen !== (r.capped ? r.capFen : uncapped)) return false
      }
      return true
    }))
  })

  it('never lowers any fee when the amount grows', () => {
    fc.assert(fc.property(arbQuote, fc.integer({ min: 1, max: 10 ** 9 }), arbSchedule, (input, more, s) => {
      const a = quoteFee(input, s)
      const b = quoteFee({ ...input, amount: Math.min(input.amount + more, MAX_AMOUNT_FEN) }, s)
      return b.merchant_fee >= a.merchant_fee && b.breakdown!.issuer_fee >= a.breakdown!.issuer_fee && b.breakdown!.network_fee >= a.breakdown!.network_fee
    }))
  })

  it('keeps total = merchant + D0 fee and net = amount − total, and the effective rate within half a ppm', () => {
    fc.assert(fc.property(arbQuote, fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 10_000 }), (input, d0, fixed) => {
      const q = quoteFee({ ...input, card: 'qr', settlement: 'D0', d0_rate: d0, d0_fixed: fixed }, null)
      const ppm = BigInt(q.effective_rate.replace(/[.,%]/g, ''))
      const err2 = 2n * (ppm * BigInt(q.amount) - BigInt(q.total_fee) * 1_000_000n)
      return q.total_fee === q.merchant_fee + q.d0_fee && q.net_settlement === q.amount - q.total_fee && err2 <= BigInt(q.amount) && err2 > -BigInt(q.amount)
    }))
  })
})

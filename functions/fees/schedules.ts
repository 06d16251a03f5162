import type { FeesKey } from './errors'
import { halfUp, PPM, type Fen, type Ppm } from './money'

// Regulatory costs under a merchant's rate, as data with effective dates (shared/domain/fees.md).
// Guide prices are ceilings: a breakdown at these prices shows the most the issuer and UnionPay may
// take, so the acquirer's share it shows is the least it keeps.

export type CardKind = 'debit' | 'credit'
export type MerchantClass = 'standard' | 'preferential' | 'nonprofit'

/** A guide price and the percent of it charged; the percent scales rate and cap alike. */
export interface Cost { ppm: Ppm; capFen: Fen | null; percent: number }

export interface Schedule {
  id: string
  merchantClass: MerchantClass
  /** First day in force and first day no longer in force (Asia/Shanghai dates, YYYY-MM-DD). */
  from: string
  until: string | null
  issuer: Record<CardKind, Cost>
  /** Network (UnionPay) fee charged to the acquirer side; the issuer side pays its own 0.0325 %. */
  network: Record<CardKind, Cost>
  /** Explanation lines that say where the numbers come from. */
  notes: FeesKey[]
}

// 发改价格〔2016〕557号, from 2016-09-06: issuer debit 0.35 % cap 13 yuan, credit 0.45 % no cap;
// network 0.0325 % per side, cap 3.25 yuan per side, debit and credit alike.
const GUIDE_2016 = { issuerDebit: { ppm: 3500, capFen: 1300 }, issuerCredit: { ppm: 4500, capFen: null }, network: { ppm: 325, capFen: 325 } }

function priced(debitPercent: number, creditPercent: number) {
  return {
    issuer: { debit: { ...GUIDE_2016.issuerDebit, percent: debitPercent }, credit: { ...GUIDE_2016.issuerCredit, percent: creditPercent } },
    network: { debit: { ...GUIDE_2016.network, percent: debitPercent }, credit: { ...GUIDE_2016.network, percent: creditPercent } },
  }
}

// 银发〔2021〕169号: for three years from 2021-09-30, debit issuer + network fees at 90 % (standard) and
// 78 % (preferential) of the guide price. Whether it was extended after 2024-09-29 is not confirmed,
// so from 2024-09-30 the 2016 guide prices apply again and the quote says so.
const REFORM = '2016-09-06'
const CUT_FROM = '2021-09-30'
const CUT_UNTIL = '2024-09-30'

export const SCHEDULES: readonly Schedule[] = [
  { id: 'ndrc-2016-557', merchantClass: 'standard', from: REFORM, until: CUT_FROM, ...priced(100, 100), notes: ['fees.schedule.guide_2016'] },
  { id: 'pboc-2021-169-standard', merchantClass: 'standard', from: CUT_FROM, until: CUT_UNTIL, ...priced(90, 100), notes: ['fees.schedule.cut_2021_standard'] },
  { id: 'ndrc-2016-557', merchantClass: 'standard', from: CUT_UNTIL, until: null, ...priced(100, 100), notes: ['fees.schedule.guide_2016', 'fees.schedule.cut_2021_ended'] },
  // 557号 also discounts supermarkets, fuel, utilities and transport ticketing, but the notes give no
  // number for it; we keep the guide price (an upper bound) rather than invent one, and say so.
  { id: 'ndrc-2016-557-preferential', merchantClass: 'preferential', from: REFORM, until: CUT_FROM, ...priced(100, 100), notes: ['fees.schedule.guide_2016', 'fees.schedule.preferential_unknown'] },
  { id: 'pboc-2021-169-preferential', merchantClass: 'preferential', from: CUT_FROM, until: CUT_UNTIL, ...priced(78, 100), notes: ['fees.schedule.cut_2021_preferential', 'fees.schedule.preferential_unknown'] },
  { id: 'ndrc-2016-557-preferential', merchantClass: 'preferential', from: CUT_UNTIL, until: null, ...priced(100, 100), notes: ['fees.schedule.guide_2016', 'fees.schedule.preferential_unknown', 'fees.schedule.cut_2021_ended'] },
  // Non-profit hospitals, schools, welfare, elderly-care and charity bodies: issuer and network fees waived.
  { id: 'ndrc-2016-557-nonprofit', merchantClass: 'nonprofit', from: REFORM, until: null, ...priced(0, 0), notes: ['fees.schedule.nonprofit'] },
]

/** The schedule in force on `date` (YYYY-MM-DD) for a merchant class; undefined before the 2016 reform. */
export function scheduleOn(date: string, merchantClass: MerchantClass, schedules: readonly Schedule[] = SCHEDULES): Schedule | undefined {
  return schedules.find((s) => s.merchantClass === merchantClass && s.from <= date && (s.until === null || date < s.until))
}

export interface CostResult { fen: Fen; capped: boolean; capFen: Fen | null }

/**
 * One regulatory cost on `amount`: min(amount × rate, cap) × percent, rounded half-up once.
 * Rounding is monotone, so this equals min(rounded fee, rounded cap): the quote can show the cap in fen.
 */
export function costOf(amount: Fen, cost: Cost): CostResult {
  const scale = PPM * 100n
  const uncapped = halfUp(BigInt(amount) * BigInt(cost.ppm) * BigInt(cost.percent), scale)
  const capFen = cost.capFen === null ? null : halfUp(BigInt(cost.capFen) * BigInt(cost.percent), 100n)
  // "Capped" when the cap changes the amount, as for the merchant fee: one that rounds to the cap is not.
  const capped = capFen !== null && uncapped > capFen
  return { fen: Number(capped ? capFen : uncapped), capped, capFen: capFen === null ? null : Number(capFen) }
}

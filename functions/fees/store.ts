import type { RefundFeeRule } from './adjustment'
import type { Pricing } from './quote'

// D1 access for fees. Stored rate plans (费率方案) arrive with their migration; this is the seam the
// quote route already calls, so adding plans changes this file and the merge in routes.ts only.

/** A merchant's rate plan as of a date: the pricing it fixes and its refund-fee rule. */
export interface RatePlan { id: string; pricing: Omit<Pricing, 'amount'>; refund_fee_rule: RefundFeeRule }

/** The plan `planId` in force on `on` (YYYY-MM-DD). No plans are stored yet, so none is found. */
export async function findPlan(_db: D1Database, _planId: string, _on: string): Promise<RatePlan | null> {
  return null
}

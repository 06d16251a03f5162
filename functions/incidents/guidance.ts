import type { Settlement } from '../fees/quote'
import type { MessageKey } from '../i18n'
import { businessDay, endOfBusinessDay } from '../time/business-day'

// What the cashier should do, decided from the facts of the incident and the clock (domain notes,
// "What to do"). Steps are message keys so the route shows them in the caller's language; they are
// written for a terminal screen: short imperative lines, in the order they have to be done.

export const INCIDENT_KINDS = ['wrong_card', 'wrong_amount', 'duplicate', 'declined_but_debited', 'reversal_failed', 'suspected_fraud', 'other'] as const
export type IncidentKind = (typeof INCIDENT_KINDS)[number]

export const ACTIONS = ['void', 'refund', 'wait_for_reversal', 'new_sale_for_difference', 'stop_and_report_fraud', 'contact_acquirer'] as const
export type Action = (typeof ACTIONS)[number]

/** Same values as the fees capability (T1 next working day, D0 same day); a new mode there breaks the build here. */
export const SETTLEMENTS = ['T1', 'D0'] as const satisfies readonly Settlement[]
true satisfies [Exclude<Settlement, (typeof SETTLEMENTS)[number]>] extends [never] ? true : never
export type { Settlement }

export const AMOUNT_DIRECTIONS = ['too_high', 'too_low'] as const
export type AmountDirection = (typeof AMOUNT_DIRECTIONS)[number]

// Practice values, not rules: acquirers differ, so these are the defaults we plan with (keep them data).
/** Automatic 冲正 normally settles within minutes; we wait until the end of the next Shanghai day before chasing. */
export const REVERSAL_WAIT_DAYS = 1
/** Terminal 退货 is commonly accepted for about 30 days after the sale; later the acquirer refunds by hand. */
export const REFUND_WINDOW_DAYS = 30
/** Calling the acquirer should not wait beyond the next day. */
export const ACQUIRER_CONTACT_DAYS = 1

export interface IncidentFacts {
  kind: IncidentKind
  /** ISO 8601 with offset: when the sale happened (may be days old for offline terminals). */
  occurred_at: string
  settlement: Settlement
  batch_settled?: boolean
  /** wrong_amount only; missing means too_high (the case that needs money back). */
  amount_direction?: AmountDirection
  cardholder_contacted?: boolean
}

export interface Step { key: MessageKey; params?: Record<string, string | number> }

export interface Guidance {
  action: Action
  steps: Step[]
  /** UTC ISO instant by which the action must be done (the incident's due_by). */
  deadline?: string
}

/** Why a void is no longer possible; same reasons (and names) as fees' adjustFee. */
export type VoidBlock = 'instant_settlement' | 'batch_settled' | 'different_business_day'

export function voidBlock(facts: Pick<IncidentFacts, 'occurred_at' | 'settlement' | 'batch_settled'>, now: Date): VoidBlock | undefined {
  // D0 money has already been paid out, so the host treats the sale as settled.
  if (facts.settlement === 'D0') return 'instant_settlement'
  // After settlement the host needs a refund advice (0220); a void (0200, 20xxxx) would be refused.
  if (facts.batch_settled) return 'batch_settled'
  if (businessDay(new Date(facts.occurred_at)) !== businessDay(now)) return 'different_business_day'
  return undefined
}

/** End (exclusive) of the Shanghai day `days` after the day containing `instant`. */
function endOfDayAfter(instant: Date, days: number): Date {
  const day = new Date(Date.parse(`${businessDay(instant)}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
  return endOfBusinessDay(day)
}

/** "2026-11-20 23:59" in Beijing time: the last minute before an end-of-day deadline, as a cashier reads it. */
export function beijingClock(deadline: Date): string {
  return new Date(deadline.getTime() - 60_000 + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')
}

const step = (key: MessageKey, params?: Step['params']): Step => (params ? { key, params } : { key })

function voidSteps(kind: IncidentKind, deadline: Date): Step[] {
  return [
    ...(kind === 'duplicate' ? [step('incidents.step.duplicate.which')] : []),
    step('incidents.step.void.now', { deadline: beijingClock(deadline) }),
    step('incidents.step.void.inputs'),
    step('incidents.step.void.full'),
    ...(kind === 'wrong_card' ? [step('incidents.step.then_right_card')] : []),
    ...(kind === 'wrong_amount' ? [step('incidents.step.void.then_right_amount')] : []),
  ]
}

function refundSteps(kind: IncidentKind, block: VoidBlock, deadline: Date): Step[] {
  return [
    step(`incidents.step.refund.why.${block}`),
    ...(kind === 'duplicate' ? [step('incidents.step.duplicate.which')] : []),
    step('incidents.step.refund.same_card'),
    kind === 'wrong_amount' ? step('incidents.step.refund.difference') : step('incidents.step.refund.full'),
    ...(kind === 'wrong_card' ? [step('incidents.step.then_right_card')] : []),
    step('incidents.step.refund.limit'),
    step('incidents.step.refund.by', { deadline: beijingClock(deadline) }),
  ]
}

function acquirerSteps(deadline: Date): Step[] {
  return [step('incidents.step.acquirer.call', { deadline: beijingClock(deadline) }), step('incidents.step.acquirer.case_no')]
}

/** The body of the guidance, between the common opening and closing steps. */
function decide(facts: IncidentFacts, now: Date, since: Date): { action: Action; body: Step[]; deadline?: Date } {
  const occurred = new Date(facts.occurred_at)
  /** The acquirer by the end of the day after the report, or after `ended` (an end of day) if that is later. */
  const contactBy = (ended?: Date) => {
    const lastMoment = ended && new Date(ended.getTime() - 1) // an end of day is the next day's 00:00
    return endOfDayAfter(lastMoment && lastMoment > since ? lastMoment : since, ACQUIRER_CONTACT_DAYS)
  }
  if (facts.kind === 'wrong_amount' && facts.amount_direction === 'too_low') {
    // Nothing to give back: the original sale stands and the rest is a new sale, card present.
    return { action: 'new_sale_for_difference', body: (['keep', 'sale', 'present', 'slips'] as const).map((s) => step(`incidents.step.difference.${s}`)) }
  }
  switch (facts.kind) {
    case 'suspected_fraud':
      return {
        action: 'stop_and_report_fraud',
        // Reported the same day it is found, whatever day the sale was.
        deadline: endOfDayAfter(since, 0),
        body: (['stop_terminal', 'keep_evidence', 'report', 'technician', 'safety'] as const).map((s) => step(`incidents.step.fraud.${s}`)),
      }
    case 'declined_but_debited': {
      const waitUntil = endOfDayAfter(occurred, REVERSAL_WAIT_DAYS)
      if (now < waitUntil) {
        return {
          action: 'wait_for_reversal', deadline: waitUntil,
          body: [step('incidents.step.reversal.wait', { deadline: beijingClock(waitUntil) }), step('incidents.step.reversal.check'), step('incidents.step.reversal.failed')],
        }
      }
      // Reported after the window (an offline terminal, a customer calling days later): waiting more is pointless.
      const deadline = contactBy(waitUntil)
      return { action: 'contact_acquirer', deadline, body: [step('incidents.step.reversal.window_passed', { deadline: beijingClock(waitUntil) }), ...acquirerSteps(deadline)] }
    }
    case 'reversal_failed': {
      const deadline = contactBy()
      return { action: 'contact_acquirer', deadline, body: [step('incidents.step.reversal.retry'), step('incidents.step.reversal.no_resale'), ...acquirerSteps(deadline)] }
    }
    case 'other': {
      const deadline = contactBy()
      return { action: 'contact_acquirer', deadline, body: acquirerSteps(deadline) }
    }
    // Too much charged, the wrong card, or a second charge: money goes back, by void while it still can.
    case 'wrong_amount':
    case 'wrong_card':
    case 'duplicate': {
      const block = voidBlock(facts, now)
      if (!block) {
        const deadline = endOfDayAfter(occurred, 0)
        return { action: 'void', deadline, body: voidSteps(facts.kind, deadline) }
      }
      const refundBy = endOfDayAfter(occurred, REFUND_WINDOW_DAYS)
      if (now < refundBy) return { action: 'refund', deadline: refundBy, body: refundSteps(facts.kind, block, refundBy) }
      // Too old for a terminal 退货: only the acquirer can refund it now, by hand.
      const deadline = contactBy(refundBy)
      return { action: 'contact_acquirer', deadline, body: [step('incidents.step.refund.window_passed', { deadline: beijingClock(refundBy) }), ...acquirerSteps(deadline)] }
    }
  }
}

/**
 * The resolution for an incident as of `now`: recompute it whenever the facts change (the batch got
 * settled, the cardholder was reached) or time passes a deadline. `since` is when the incident was
 * reported: deadlines that run from the report (fraud the same day, the acquirer by the next day) count
 * from it, so recomputing later does not push them back.
 *
 * Order: stop and check the first transaction; (fraud: secure the terminal before paperwork) record the
 * fields; the cardholder before the bank; the action; never cash; keep the slip.
 */
export function decideResolution(facts: IncidentFacts, now: Date, since: Date = now): Guidance {
  const { action, body, deadline } = decide(facts, now, since)
  const record = step('incidents.step.record')
  // For fraud the "cardholder" may be the fraudster; the issuer contacts the real one.
  const cardholder = action === 'stop_and_report_fraud' ? []
    : [step(facts.cardholder_contacted ? 'incidents.step.cardholder_contacted' : 'incidents.step.contact_cardholder')]
  const middle = action === 'stop_and_report_fraud' ? [...body, record] : [record, ...cardholder, ...body]
  return {
    action,
    steps: [step('incidents.step.stop'), ...middle, step('incidents.step.no_cash'), step('incidents.step.keep_slip')],
    ...(deadline ? { deadline: deadline.toISOString() } : {}),
  }
}

import { formatYuan } from '../fees/money'
import type { MessageKey } from '../i18n'

// reported → contacting_cardholder → { voided | refunded | reversed | escalated } → resolved → closed
// (domain notes, "Lifecycle"). Every change is an append-only event; this module only says which are legal.

export const INCIDENT_STATUSES = ['reported', 'contacting_cardholder', 'voided', 'refunded', 'reversed', 'escalated', 'resolved', 'closed'] as const
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number]

/**
 * Decisions:
 * - reported may go straight to an outcome: the cashier often voids while the customer is still at the
 *   counter; contacting_cardholder is an optional stop for when the cardholder has to be reached first.
 * - reported/contacting_cardholder → resolved: some incidents end without money moving back (a
 *   new sale for the difference, a "double charge" that turned out to be a reversal in flight).
 * - voided/refunded/reversed → escalated: the action was done but the cardholder still sees the money gone.
 * - escalated → voided/refunded/reversed: the acquirer tells the merchant what to do, or reverses by hand.
 * - refunded → refunded: a further partial refund is its own event.
 * - resolved → closed only; closed is final. A dispute that comes back later is a new incident.
 * - Nothing goes back to reported: that state is only the intake.
 */
const TRANSITIONS: Record<IncidentStatus, readonly IncidentStatus[]> = {
  reported: ['contacting_cardholder', 'voided', 'refunded', 'reversed', 'escalated', 'resolved'],
  contacting_cardholder: ['voided', 'refunded', 'reversed', 'escalated', 'resolved'],
  voided: ['escalated', 'resolved'],
  refunded: ['refunded', 'escalated', 'resolved'],
  reversed: ['escalated', 'resolved'],
  escalated: ['voided', 'refunded', 'reversed', 'resolved'],
  resolved: ['closed'],
  closed: [],
}

export function isIncidentStatus(value: string): value is IncidentStatus {
  return (INCIDENT_STATUSES as readonly string[]).includes(value)
}

export function allowedTransitions(from: IncidentStatus): readonly IncidentStatus[] {
  return TRANSITIONS[from]
}

/** What the route answers 409 with: a message key, its params and the `allowed` list. */
export interface TransitionError {
  message: MessageKey
  params: { from: string; to: string; allowed: string }
  allowed: IncidentStatus[]
}

/** null when `from → to` is legal; otherwise why not and what is allowed from here. */
export function assertTransition(from: IncidentStatus, to: string): TransitionError | null {
  const allowed = [...TRANSITIONS[from]]
  if ((allowed as string[]).includes(to)) return null
  return {
    message: allowed.length ? 'incidents.transition.illegal' : 'incidents.transition.closed',
    params: { from, to, allowed: allowed.join(', ') },
    allowed,
  }
}

/** Money at resolution, integer fen ≥ 0 each. */
export interface ResolutionAmounts {
  /** Given back to the cardholder (void, refunds, manual refund by the acquirer). */
  refunded: number
  /** Part of the original fee the acquirer returned to the merchant. */
  fee_reversed: number
  /** Part of the original fee the merchant paid and will not get back. */
  fee_lost: number
  /** Paid by the merchant beyond the refund for a loss it caused (domain notes step 3). */
  compensation: number
}

export interface AmountIssue { path: string; message: MessageKey; params?: Record<string, string | number> }

/**
 * Checks for the money on an event: resolving needs the four amounts (zeros are fine, but they must be
 * stated so the manager's totals add up), and no more can go back to the card than was charged.
 */
export function amountIssues(to: IncidentStatus, amounts: ResolutionAmounts | undefined, originalAmount: number): AmountIssue[] {
  if (!amounts) return to === 'resolved' ? [{ path: 'amounts', message: 'incidents.amounts.required' }] : []
  if (amounts.refunded > originalAmount) {
    return [{ path: 'amounts.refunded', message: 'incidents.amounts.refunded_exceeds', params: { amount: formatYuan(originalAmount) } }]
  }
  return []
}

/**
 * Where nothing is due: the guidance's action was done (voided, refunded, reversed) or the incident is over.
 * Escalated is due again: its due_by is the follow-up date.
 */
export const NOTHING_DUE: readonly IncidentStatus[] = ['voided', 'refunded', 'reversed', 'resolved', 'closed']

/** Past its due date (the guidance deadline or the escalation follow-up) with the action not yet done. */
export function isOverdue(incident: { status: IncidentStatus; due_by: string | null }, now: Date): boolean {
  if (!incident.due_by || NOTHING_DUE.includes(incident.status)) return false
  return Date.parse(incident.due_by) < now.getTime()
}

/** Practice value: chase the acquirer or bank if an escalation has no answer within a week. */
export const ESCALATION_FOLLOW_UP_DAYS = 7

/** due_by for an incident entering `escalated` at `now`, UTC ISO. */
export function escalationDueBy(now: Date): string {
  return new Date(now.getTime() + ESCALATION_FOLLOW_UP_DAYS * 86_400_000).toISOString()
}

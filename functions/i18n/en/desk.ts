import type { desk as zh } from '../zh-CN/desk'

/** English for zh-CN/desk.ts: the type makes a missing key a compile error. */
export const desk: Record<keyof typeof zh, string> = {
  'incidents.admin_cannot_report': 'Incidents are reported by a terminal or by the merchant’s own staff or manager; an admin account has no merchant.',
  'incidents.other_terminal': 'A terminal reports only for itself: the terminal ID in the body is not the signing terminal.',
  'incidents.terminal_not_yours': 'Terminal {terminal_id} does not belong to your merchant.',
  'incidents.fee_effect.rate_unknown': 'No merchant rate given, so the fee effect cannot be computed yet; the amount back is shown.',
  'incidents.facts.changed': 'Facts changed: {facts}; the guidance was recomputed.',
  'incidents.facts.none': 'Say which fact changed: batch_settled, cardholder_contacted or both.',
  'incidents.facts.finished': 'This incident is “{status}”: its facts can no longer change.',
  'incidents.facts.settled_stays': 'The batch is already recorded as settled; settlement cannot be undone.',
  'incidents.fee_effect.difference_unknown': 'Only the overcharged difference goes back; work out the refund and fee from the right amount.',
  'incidents.occurred_in_future': 'The time of the sale is in the future; check the terminal clock.',
  'incidents.not_found': 'No such incident.',
  'incidents.changed_meanwhile': 'Someone else changed this incident just now; reload and try again.',
  'incidents.key_required': 'Terminal incident submissions need an Idempotency-Key header; reuse the same value when retrying.',
  'incidents.batch.too_many': 'At most 100 incidents per batch.',
  'incidents.bad_cursor': 'Invalid page cursor; start again from the first page.',
  'incidents.csv.header': 'Incident ID,Status,Kind,Merchant no.,Terminal ID,Occurred (UTC),Reported (UTC),Amount (yuan),Card,Card type,Settlement,Trace no.,Batch no.,Reference no.,Action,Due by (UTC),Overdue,Cardholder,Description',
  'incidents.inspection.terminal_unknown': 'Terminal {terminal_id} does not belong to your merchant.',
}

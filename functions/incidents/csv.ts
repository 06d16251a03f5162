import type { Lang } from '../env'
import { formatYuan } from '../fees/money'
import { t } from '../i18n'
import type { IncidentRow } from './store'
import { saleOf } from './view'

// Excel opens UTF-8 CSV with Chinese correctly only with a BOM. Cells that start with = + - @ are
// prefixed with ' so a description cannot become a formula (CSV injection).
const BOM = '\uFEFF'

function cell(value: string | number | null): string {
  let s = value === null ? '' : String(value)
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function incidentsCsv(rows: IncidentRow[], lang: Lang, now: Date): string {
  const lines = [t(lang, 'incidents.csv.header')]
  for (const r of rows) {
    const overdue = !!r.due_by && !['resolved', 'closed'].includes(r.status) && r.due_by < now.toISOString()
    const sale = saleOf(r)
    lines.push([
      r.id, r.status, r.kind, r.merchant_no, r.terminal_id, r.occurred_at, r.reported_at, sale.amount === null ? null : formatYuan(sale.amount),
      sale.card?.masked ?? null, sale.card_type, sale.settlement, sale.trace_no, sale.batch_no, r.reference_no,
      r.action, r.due_by, overdue ? 'Y' : 'N', r.cardholder_masked, r.description,
    ].map(cell).join(','))
  }
  return BOM + lines.join('\r\n') + '\r\n'
}

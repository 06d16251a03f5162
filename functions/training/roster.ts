/**
 * A manager's view of their people's certification. Pure: rows in, roster out.
 * "expiring" is a valid certificate that ends within 30 days — the window a manager needs to get
 * someone retrained before PCI DSS 12.6's yearly deadline lapses.
 */
import { certificateStatus } from './credential'

export const EXPIRING_DAYS = 30

export type RosterStatus = 'valid' | 'expiring' | 'expired' | 'revoked' | 'none'

export interface RosterPerson { id: string; staff_no: string; name: string; role: string; status: string }
export interface RosterCertificate { id: string; person_id: string; valid_until: string; revoked_at: string | null }

export interface RosterEntry {
  id: string
  staff_no: string
  name: string
  role: string
  account_status: string
  certification: RosterStatus
  certificate_id: string | null
  valid_until: string | null
  attempts_24h: number
  attempts_left: number
  open_attempt_id: string | null
  /** Granted by a manager and not yet used: they lengthen the person's next attempt. */
  pending_extension_minutes: number
}

export interface RosterFacts {
  people: RosterPerson[]
  certificates: RosterCertificate[]
  attempts: Map<string, number>
  openAttempts: Map<string, string>
  pendingExtensions: Map<string, number>
  attemptsPer24h: number
}

/** The certificate that best describes a person now: the longest-running valid one, else the latest. */
export function standing(certs: RosterCertificate[], now: Date): { status: RosterStatus; cert: RosterCertificate | null } {
  const latest = (xs: RosterCertificate[]) => xs.reduce<RosterCertificate | null>((a, b) => (!a || b.valid_until > a.valid_until ? b : a), null)
  const valid = latest(certs.filter((c) => certificateStatus(c, now) === 'valid'))
  if (valid) {
    const soon = Date.parse(valid.valid_until) - now.getTime() <= EXPIRING_DAYS * 86_400_000
    return { status: soon ? 'expiring' : 'valid', cert: valid }
  }
  const expired = latest(certs.filter((c) => certificateStatus(c, now) === 'expired'))
  if (expired) return { status: 'expired', cert: expired }
  const revoked = latest(certs)
  return revoked ? { status: 'revoked', cert: revoked } : { status: 'none', cert: null }
}

export function buildRoster(f: RosterFacts, now: Date): RosterEntry[] {
  return f.people.map((p) => {
    const { status, cert } = standing(f.certificates.filter((c) => c.person_id === p.id), now)
    const used = f.attempts.get(p.id) ?? 0
    return {
      id: p.id, staff_no: p.staff_no, name: p.name, role: p.role, account_status: p.status,
      certification: status, certificate_id: cert?.id ?? null, valid_until: cert?.valid_until ?? null,
      attempts_24h: used, attempts_left: Math.max(0, f.attemptsPer24h - used),
      open_attempt_id: f.openAttempts.get(p.id) ?? null,
      pending_extension_minutes: f.pendingExtensions.get(p.id) ?? 0,
    }
  })
}

/** A spreadsheet must not run a name like "=HYPERLINK(…)" as a formula (CSV injection). */
function cell(value: string | number | null): string {
  let s = value === null ? '' : String(value)
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export const ROSTER_CSV_COLUMNS = ['staff_no', 'name', 'role', 'certification', 'valid_until', 'certificate_id', 'attempts_24h', 'pending_extension_minutes'] as const

/** UTF-8 with a BOM so Excel opens Chinese names correctly; CRLF per RFC 4180. */
export function rosterCsv(entries: RosterEntry[], header: (column: string) => string, label: (status: RosterStatus) => string): string {
  const lines = [ROSTER_CSV_COLUMNS.map((c) => cell(header(c))).join(',')]
  for (const e of entries) {
    lines.push([e.staff_no, e.name, e.role, label(e.certification), e.valid_until, e.certificate_id, e.attempts_24h, e.pending_extension_minutes].map(cell).join(','))
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n'
}

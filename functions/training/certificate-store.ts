/** D1 access for certificates, the roster and the training audit trail. */
import type { RosterCertificate, RosterPerson } from './roster'
import { DAY_MS } from './store'

export interface CertificateRow {
  id: string; attempt_id: string; exam_id: string; person_id: string; merchant_no: string
  holder_name: string; merchant_name: string; issued_at: string; valid_until: string; jwt: string
  revoked_at: string | null; revoked_by: string | null; revocation_reason: string | null
}

const CERT_COLUMNS = 'id, attempt_id, exam_id, person_id, merchant_no, holder_name, merchant_name, issued_at, valid_until, jwt, revoked_at, revoked_by, revocation_reason'

export function findCertificate(db: D1Database, id: string) {
  return db.prepare(`SELECT ${CERT_COLUMNS} FROM certificates WHERE id = ?1`).bind(id).first<CertificateRow>()
}

export async function merchantName(db: D1Database, merchantNo: string): Promise<string | null> {
  const row = await db.prepare('SELECT name FROM merchants WHERE merchant_no = ?1').bind(merchantNo).first<{ name: string }>()
  return row?.name ?? null
}

/** Revokes once: a second revoke changes nothing (false), so the first reason and time stand. */
export async function revokeCertificate(db: D1Database, c: CertificateRow, by: string, reason: string, at: string, auditId: string): Promise<boolean> {
  const [updated] = await db.batch([
    db.prepare('UPDATE certificates SET revoked_at = ?2, revoked_by = ?3, revocation_reason = ?4 WHERE id = ?1 AND revoked_at IS NULL')
      .bind(c.id, at, by, reason),
    db.prepare(`INSERT INTO training_audit (id, at, actor, action, merchant_no, person_id, subject_id, detail)
      SELECT ?1, ?2, ?3, 'certificate.revoked', merchant_no, person_id, id, json_object('reason', ?4)
      FROM certificates WHERE id = ?5 AND revoked_at = ?2 AND revoked_by = ?3`)
      .bind(auditId, at, by, reason, c.id),
  ])
  return (updated?.meta.changes ?? 0) > 0
}

export interface RosterRows {
  people: RosterPerson[]
  certificates: RosterCertificate[]
  attempts: { person_id: string; n: number }[]
  open: { person_id: string; id: string }[]
  pending: { person_id: string; minutes: number }[]
}

export async function rosterRows(db: D1Database, merchantNo: string, examId: string, now: number): Promise<RosterRows> {
  const [people, certificates, attempts, open, pending] = await db.batch([
    db.prepare("SELECT id, staff_no, name, role, status FROM people WHERE merchant_no = ?1 AND role IN ('staff', 'manager') ORDER BY role DESC, staff_no").bind(merchantNo),
    db.prepare('SELECT id, person_id, valid_until, revoked_at FROM certificates WHERE merchant_no = ?1 AND exam_id = ?2').bind(merchantNo, examId),
    db.prepare('SELECT person_id, count(*) AS n FROM exam_attempts WHERE merchant_no = ?1 AND exam_id = ?2 AND started_at > ?3 GROUP BY person_id')
      .bind(merchantNo, examId, now - DAY_MS),
    db.prepare('SELECT person_id, id FROM exam_attempts WHERE merchant_no = ?1 AND exam_id = ?2 AND submitted_at IS NULL AND deadline_at > ?3')
      .bind(merchantNo, examId, now),
    db.prepare(`SELECT e.person_id, sum(e.extra_minutes) AS minutes FROM exam_extensions e JOIN people p ON p.id = e.person_id
      WHERE p.merchant_no = ?1 AND e.exam_id = ?2 AND e.attempt_id IS NULL GROUP BY e.person_id`).bind(merchantNo, examId),
  ])
  return {
    people: people!.results as RosterPerson[],
    certificates: certificates!.results as RosterCertificate[],
    attempts: attempts!.results as { person_id: string; n: number }[],
    open: open!.results as { person_id: string; id: string }[],
    pending: pending!.results as { person_id: string; minutes: number }[],
  }
}

export interface AuditEntry { id: string; at: string; actor: string; action: string; person_id: string; subject_id: string; detail: unknown }

export async function listAudit(db: D1Database, merchantNo: string, limit = 200): Promise<AuditEntry[]> {
  const { results } = await db.prepare('SELECT id, at, actor, action, person_id, subject_id, detail FROM training_audit WHERE merchant_no = ?1 ORDER BY at DESC, id DESC LIMIT ?2')
    .bind(merchantNo, limit).all<Omit<AuditEntry, 'detail'> & { detail: string | null }>()
  return results.map((r) => ({ ...r, detail: r.detail ? JSON.parse(r.detail) : null }))
}

export async function personCertificates(db: D1Database, personId: string, examId: string): Promise<CertificateRow[]> {
  const { results } = await db.prepare(`SELECT ${CERT_COLUMNS} FROM certificates WHERE person_id = ?1 AND exam_id = ?2 ORDER BY valid_until DESC`)
    .bind(personId, examId).all<CertificateRow>()
  return results
}

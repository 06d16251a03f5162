/**
 * D1 access for practice quizzes, exam attempts, answers and extensions. SQL lives here; rows map to
 * domain shapes beside their queries. Times are Unix milliseconds (see migrations/0004_training.sql).
 */
import type { Answer } from './answers'
import type { DrawnItem } from './draw'
import type { ExamGrade } from './grading'

export const DAY_MS = 86_400_000

// --- practice

export interface PracticeAttempt { id: string; module: string; items: DrawnItem[]; expires_at: number }

export async function insertPractice(db: D1Database, p: PracticeAttempt, now: number): Promise<void> {
  await db.prepare('INSERT INTO practice_attempts (id, module, items, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)')
    .bind(p.id, p.module, JSON.stringify(p.items), now, p.expires_at).run()
}

/** Deletes expired practice attempts (`now` in ms) and their answers, answers first; the daily purge runs it. */
export function practiceSweep(db: D1Database, now: number): [answers: D1PreparedStatement, attempts: D1PreparedStatement] {
  return [
    db.prepare('DELETE FROM practice_answers WHERE attempt_id IN (SELECT id FROM practice_attempts WHERE expires_at <= ?1)').bind(now),
    db.prepare('DELETE FROM practice_attempts WHERE expires_at <= ?1').bind(now),
  ]
}

export async function findPractice(db: D1Database, id: string, now: number): Promise<PracticeAttempt | null> {
  const row = await db.prepare('SELECT id, module, items, expires_at FROM practice_attempts WHERE id = ?1 AND expires_at > ?2')
    .bind(id, now).first<{ id: string; module: string; items: string; expires_at: number }>()
  return row ? { ...row, items: JSON.parse(row.items) as DrawnItem[] } : null
}

/** Stores the first grading of an item and returns whatever is stored: a repeat gets the first one back. */
export async function recordPracticeAnswer(db: D1Database, attemptId: string, itemId: string, answer: Answer, correct: boolean, now: number) {
  const [, stored] = await db.batch([
    db.prepare(`INSERT INTO practice_answers (attempt_id, item_id, answer, correct, answered_at) VALUES (?1, ?2, ?3, ?4, ?5)
      ON CONFLICT (attempt_id, item_id) DO NOTHING`).bind(attemptId, itemId, JSON.stringify(answer), correct ? 1 : 0, now),
    db.prepare('SELECT answer, correct FROM practice_answers WHERE attempt_id = ?1 AND item_id = ?2').bind(attemptId, itemId),
  ])
  const row = (stored!.results as { answer: string; correct: number }[])[0]!
  return { answer: JSON.parse(row.answer) as Answer, correct: row.correct === 1 }
}

// --- exam attempts

export interface Attempt {
  id: string
  exam_id: string
  person_id: string
  merchant_no: string
  items: DrawnItem[]
  started_at: number
  deadline_at: number
  extra_minutes: number
  revision: number
  submitted_at: number | null
  late: boolean
  grade: ExamGrade | null
  passed: boolean | null
  certificate_id: string | null
}

interface AttemptRow extends Omit<Attempt, 'items' | 'grade' | 'late' | 'passed'> { items: string; grade: string | null; late: number | null; passed: number | null }

const ATTEMPT_COLUMNS = 'id, exam_id, person_id, merchant_no, items, started_at, deadline_at, extra_minutes, revision, submitted_at, late, grade, passed, certificate_id'

function toAttempt(row: AttemptRow): Attempt {
  return {
    ...row, items: JSON.parse(row.items) as DrawnItem[], grade: row.grade ? (JSON.parse(row.grade) as ExamGrade) : null,
    late: row.late === 1, passed: row.passed === null ? null : row.passed === 1,
  }
}

export interface NewAttempt {
  id: string; examId: string; personId: string; merchantNo: string; items: DrawnItem[]
  now: number; minutes: number; limit: number
}

/**
 * Starts an attempt unless the person already used `limit` starts in the last 24 h or has one open.
 * Both checks and the insert are ONE statement, and D1 runs statements one at a time, so ten
 * concurrent starts make at most one attempt. Pending extensions are folded into the deadline and
 * claimed in the same batch. Returns whether this call created the attempt.
 */
export async function startAttempt(db: D1Database, a: NewAttempt): Promise<boolean> {
  const [inserted] = await db.batch([
    db.prepare(`INSERT INTO exam_attempts (id, exam_id, person_id, merchant_no, items, started_at, deadline_at, extra_minutes)
      SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?6 + (?7 + ext.minutes) * 60000, ext.minutes
      FROM (SELECT coalesce(sum(extra_minutes), 0) AS minutes FROM exam_extensions
            WHERE person_id = ?3 AND exam_id = ?2 AND attempt_id IS NULL) AS ext
      WHERE (SELECT count(*) FROM exam_attempts WHERE person_id = ?3 AND exam_id = ?2 AND started_at > ?6 - ?8) < ?9
        AND NOT EXISTS (SELECT 1 FROM exam_attempts WHERE person_id = ?3 AND exam_id = ?2 AND submitted_at IS NULL AND deadline_at > ?6)`)
      .bind(a.id, a.examId, a.personId, a.merchantNo, JSON.stringify(a.items), a.now, a.minutes, DAY_MS, a.limit),
    db.prepare(`UPDATE exam_extensions SET attempt_id = ?1
      WHERE person_id = ?2 AND exam_id = ?3 AND attempt_id IS NULL AND EXISTS (SELECT 1 FROM exam_attempts WHERE id = ?1)`)
      .bind(a.id, a.personId, a.examId),
  ])
  return (inserted?.meta.changes ?? 0) > 0
}

export async function findAttempt(db: D1Database, id: string): Promise<Attempt | null> {
  const row = await db.prepare(`SELECT ${ATTEMPT_COLUMNS} FROM exam_attempts WHERE id = ?1`).bind(id).first<AttemptRow>()
  return row ? toAttempt(row) : null
}

export async function findOpenAttempt(db: D1Database, personId: string, examId: string, now: number): Promise<Attempt | null> {
  const row = await db.prepare(`SELECT ${ATTEMPT_COLUMNS} FROM exam_attempts
    WHERE person_id = ?1 AND exam_id = ?2 AND submitted_at IS NULL AND deadline_at > ?3 ORDER BY started_at DESC LIMIT 1`)
    .bind(personId, examId, now).first<AttemptRow>()
  return row ? toAttempt(row) : null
}

/** Starts in the rolling window, oldest first: the oldest leaving the window frees the next slot. */
export async function startsInWindow(db: D1Database, personId: string, examId: string, now: number): Promise<number[]> {
  const { results } = await db.prepare('SELECT started_at FROM exam_attempts WHERE person_id = ?1 AND exam_id = ?2 AND started_at > ?3 ORDER BY started_at')
    .bind(personId, examId, now - DAY_MS).all<{ started_at: number }>()
  return results.map((r) => r.started_at)
}

export interface SavedAnswer { answer: Answer; saved_at: number }

export async function attemptAnswers(db: D1Database, attemptId: string): Promise<Map<string, SavedAnswer>> {
  const { results } = await db.prepare('SELECT item_id, answer, saved_at FROM exam_answers WHERE attempt_id = ?1')
    .bind(attemptId).all<{ item_id: string; answer: string; saved_at: number }>()
  return new Map(results.map((r) => [r.item_id, { answer: JSON.parse(r.answer) as Answer, saved_at: r.saved_at }]))
}

/**
 * Merges answers into an attempt if it is still open at `now` (deadline + `graceMs`). The open check
 * is inside the statements, so a save racing the deadline or a submit is either wholly in or wholly
 * out. Returns false when nothing could be saved because the attempt was closed.
 */
export async function saveAnswers(db: D1Database, attemptId: string, answers: Record<string, Answer>, now: number, graceMs = 0): Promise<boolean> {
  // json_each yields each value as text, so each answer travels as its own JSON text.
  const encoded = Object.fromEntries(Object.entries(answers).map(([id, a]) => [id, JSON.stringify(a)]))
  const [, bumped] = await db.batch([
    db.prepare(`INSERT INTO exam_answers (attempt_id, item_id, answer, saved_at)
      SELECT ?1, j.key, j.value, ?3 FROM json_each(?2) AS j
      WHERE EXISTS (SELECT 1 FROM exam_attempts WHERE id = ?1 AND submitted_at IS NULL AND deadline_at + ?4 > ?3)
      ON CONFLICT (attempt_id, item_id) DO UPDATE SET answer = excluded.answer, saved_at = excluded.saved_at`)
      .bind(attemptId, JSON.stringify(encoded), now, graceMs),
    db.prepare('UPDATE exam_attempts SET revision = revision + 1 WHERE id = ?1 AND submitted_at IS NULL AND deadline_at + ?3 > ?2')
      .bind(attemptId, now, graceMs),
  ])
  return (bumped?.meta.changes ?? 0) > 0
}

export interface IssuedCertificate {
  id: string; exam_id: string; person_id: string; merchant_no: string; holder_name: string; merchant_name: string
  issued_at: string; valid_until: string; jwt: string
}

export interface Finish {
  attempt: Attempt
  now: number
  late: boolean
  grade: ExamGrade
  certificate: IssuedCertificate | null
  auditId: string
}

/**
 * Closes an attempt with its grade, and issues its certificate in the same transaction. The update
 * only applies if nobody submitted meanwhile and no autosave landed after the answers were read
 * (same revision); the certificate and audit rows only go in if this update is the one that applied.
 */
export async function finishAttempt(db: D1Database, f: Finish): Promise<boolean> {
  const c = f.certificate
  const statements = [
    db.prepare(`UPDATE exam_attempts SET submitted_at = ?2, late = ?3, grade = ?4, passed = ?5, certificate_id = ?6
      WHERE id = ?1 AND submitted_at IS NULL AND revision = ?7`)
      .bind(f.attempt.id, f.now, f.late ? 1 : 0, JSON.stringify(f.grade), f.grade.passed ? 1 : 0, c?.id ?? null, f.attempt.revision),
  ]
  if (c) {
    const mine = 'WHERE EXISTS (SELECT 1 FROM exam_attempts WHERE id = ?2 AND certificate_id = ?1)'
    statements.push(
      db.prepare(`INSERT INTO certificates (id, attempt_id, exam_id, person_id, merchant_no, holder_name, merchant_name, issued_at, valid_until, jwt)
        SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10 ${mine}`)
        .bind(c.id, f.attempt.id, c.exam_id, c.person_id, c.merchant_no, c.holder_name, c.merchant_name, c.issued_at, c.valid_until, c.jwt),
      db.prepare(`INSERT INTO training_audit (id, at, actor, action, merchant_no, person_id, subject_id, detail)
        SELECT ?3, ?4, ?5, 'certificate.issued', ?6, ?5, ?1, ?7 ${mine}`)
        .bind(c.id, f.attempt.id, f.auditId, c.issued_at, c.person_id, c.merchant_no, JSON.stringify({ exam: c.exam_id, attempt_id: f.attempt.id, score: f.grade.score, valid_until: c.valid_until })),
    )
  }
  const [updated] = await db.batch(statements)
  return (updated?.meta.changes ?? 0) > 0
}

// --- extensions

export interface Extension {
  id: string; person_id: string; exam_id: string; extra_minutes: number; granted_by: string; granted_at: number; attempt_id: string | null
}

/**
 * Records an extension and applies it to the person's running attempt if there is one (its deadline
 * moves at once); otherwise it waits for their next start. One batch, so it cannot be lost between a
 * start and a grant, nor applied twice.
 */
export async function grantExtension(db: D1Database, e: Omit<Extension, 'attempt_id'>, merchantNo: string, auditId: string): Promise<Extension> {
  const [, , , row] = await db.batch([
    db.prepare(`INSERT INTO exam_extensions (id, person_id, exam_id, extra_minutes, granted_by, granted_at, attempt_id)
      VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT id FROM exam_attempts
        WHERE person_id = ?2 AND exam_id = ?3 AND submitted_at IS NULL AND deadline_at > ?6 ORDER BY started_at DESC LIMIT 1))`)
      .bind(e.id, e.person_id, e.exam_id, e.extra_minutes, e.granted_by, e.granted_at),
    db.prepare(`UPDATE exam_attempts SET deadline_at = deadline_at + ?2 * 60000, extra_minutes = extra_minutes + ?2
      WHERE id = (SELECT attempt_id FROM exam_extensions WHERE id = ?1)`).bind(e.id, e.extra_minutes),
    db.prepare(`INSERT INTO training_audit (id, at, actor, action, merchant_no, person_id, subject_id, detail)
      SELECT ?1, ?2, ?3, 'extension.granted', ?4, ?5, ?6, json_object('exam', ?7, 'extra_minutes', ?8, 'attempt_id', attempt_id)
      FROM exam_extensions WHERE id = ?6`)
      .bind(auditId, new Date(e.granted_at).toISOString(), e.granted_by, merchantNo, e.person_id, e.id, e.exam_id, e.extra_minutes),
    db.prepare('SELECT id, person_id, exam_id, extra_minutes, granted_by, granted_at, attempt_id FROM exam_extensions WHERE id = ?1').bind(e.id),
  ])
  return (row!.results as Extension[])[0]!
}

/** The person a training route acts on, with their merchant (null for agents and admins). */
export function findPersonRef(db: D1Database, id: string) {
  return db.prepare('SELECT id, role, name, merchant_no FROM people WHERE id = ?1')
    .bind(id).first<{ id: string; role: string; name: string; merchant_no: string | null }>()
}

/** Minutes granted to a person and not yet used by an attempt. */
export async function pendingExtensionMinutes(db: D1Database, personId: string, examId: string): Promise<number> {
  const row = await db.prepare('SELECT coalesce(sum(extra_minutes), 0) AS minutes FROM exam_extensions WHERE person_id = ?1 AND exam_id = ?2 AND attempt_id IS NULL')
    .bind(personId, examId).first<{ minutes: number }>()
  return row?.minutes ?? 0
}

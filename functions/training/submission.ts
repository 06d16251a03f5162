/**
 * Submitting an exam attempt: save the last answers (if in time), grade what counts, issue the
 * certificate on a pass — all committed together by store.finishAttempt. Idempotent: an attempt is
 * graded once; every later submit returns that result.
 */
import { newId } from '../ids'
import type { Answer } from './answers'
import { merchantName } from './certificate-store'
import { addMonths, buildCredential } from './credential'
import type { ExamDefinition } from './exams'
import { gradeExam } from './grading'
import { signCredential, signingKey } from './signing'
import { attemptAnswers, findAttempt, findPersonRef, finishAttempt, saveAnswers, type Attempt, type IssuedCertificate } from './store'

export interface SubmitInput {
  db: D1Database
  signingSecret: string | undefined
  origin: string
  attempt: Attempt
  exam: ExamDefinition
  finalAnswers: Record<string, Answer>
  now: number
}

export async function submitAttempt(s: SubmitInput): Promise<Attempt> {
  const { db, exam, now } = s
  const graceMs = exam.graceSeconds * 1000
  const late = now > s.attempt.deadline_at + graceMs
  // Answers sent with an in-time submit count like autosaved ones; a late submit's are ignored.
  if (!late && Object.keys(s.finalAnswers).length) await saveAnswers(db, s.attempt.id, s.finalAnswers, now, graceMs)

  // A concurrent autosave bumps the revision and makes finishAttempt refuse: read again and regrade.
  for (let round = 0; round < 5; round++) {
    const attempt = await findAttempt(db, s.attempt.id)
    if (!attempt || attempt.submitted_at !== null) return attempt ?? s.attempt
    const saved = await attemptAnswers(db, attempt.id)
    // Late: only what was saved by the deadline. In time: everything (autosave refuses after the
    // deadline, so the only later answers are the ones this submit sent within the grace).
    const cutoff = late ? attempt.deadline_at : attempt.deadline_at + graceMs
    const counted = new Map<string, Answer>()
    for (const [id, a] of saved) if (a.saved_at <= cutoff) counted.set(id, a.answer)
    const grade = gradeExam(exam, attempt.items.map((i) => i.id), counted)
    const certificate = grade.passed ? await issue(s, attempt) : null
    if (await finishAttempt(db, { attempt, now, late, grade, certificate, auditId: newId('aud') })) break
  }
  return (await findAttempt(db, s.attempt.id)) ?? s.attempt
}

async function issue(s: SubmitInput, attempt: Attempt): Promise<IssuedCertificate> {
  const [person, merchant] = await Promise.all([findPersonRef(s.db, attempt.person_id), merchantName(s.db, attempt.merchant_no)])
  // Whole seconds, so validFrom/validUntil equal the JWT's nbf/exp exactly.
  const issuedAt = new Date(Math.floor(s.now / 1000) * 1000)
  const validUntil = addMonths(issuedAt, s.exam.validMonths)
  const id = newId('crt')
  const facts = {
    id, origin: s.origin, issuedAt, validUntil, personId: attempt.person_id, holderName: person?.name ?? '',
    merchantNo: attempt.merchant_no, merchantName: merchant ?? attempt.merchant_no, exam: s.exam,
  }
  const { credential, claims } = buildCredential(facts)
  const jwt = await signCredential(await signingKey(s.signingSecret), credential, claims)
  return {
    id, exam_id: s.exam.id, person_id: attempt.person_id, merchant_no: attempt.merchant_no, holder_name: facts.holderName,
    merchant_name: facts.merchantName, issued_at: issuedAt.toISOString(), valid_until: validUntil.toISOString(), jwt,
  }
}

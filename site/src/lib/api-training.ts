/**
 * Quizzes, exams and certificates: mirrors functions/training/schema.ts. Built on the shared `call` in ./api, so
 * errors arrive as translated problem+json like everywhere else. Keys never reach the browser before grading.
 */
import { call } from './api'

export type { ApiResult, Lang, Problem } from './api'
export { pageLang } from './api'

export type ItemType = 'single' | 'multiple' | 'true_false' | 'ordering' | 'amount'
/** single / true_false: a choice id; multiple: ids in any order; ordering: every id in order; amount: yuan text "1.27". */
export type Answer = string | string[]

export interface QuizItem {
  id: string
  module: string
  type: ItemType
  prompt: string
  choices: { id: string; text: string }[]
}

export interface PracticeQuiz {
  attempt_id: string
  module: string
  expires_at: string
  items: QuizItem[]
}

export interface PracticeGrading {
  item_id: string
  correct: boolean
  correct_answer: Answer
  explanation: string
}

export interface ExamSummary {
  id: string
  title: { 'zh-CN': string; en: string }
  items: number
  minutes: number
  pass_percent: number
  attempts_per_24h: number
  grace_seconds: number
  valid_months: number
  blueprint: { module: string; items: number }[]
}

export type CertificateStatus = 'valid' | 'expired' | 'revoked'

export interface CertificateRef {
  id: string
  status: CertificateStatus
  valid_until: string
  url: string
  verify_url: string
}

export interface ExamStanding {
  exam: ExamSummary
  attempts_24h: number
  attempts_left: number
  next_start_at: string | null
  open_attempt_id: string | null
  pending_extension_minutes: number
  certificate: CertificateRef | null
}

export interface ExamResult {
  attempt_id: string
  exam: string
  submitted_at: string
  late: boolean
  note: string | null
  correct: number
  total: number
  answered: number
  score: number
  pass_percent: number
  passed: boolean
  modules: { module: string; title: string; correct: number; total: number }[]
  topics: { module: string; topic: string; title: string; correct: number; total: number }[]
  missed_topics: { module: string; topic: string; title: string }[]
  certificate: CertificateRef | null
}

export interface ExamAttempt {
  attempt_id: string
  exam: string
  status: 'open' | 'closed' | 'submitted'
  started_at: string
  deadline: string
  submit_by: string
  time_limit_minutes: number
  extra_minutes: number
  items: QuizItem[]
  answers: Record<string, Answer>
  result: ExamResult | null
}

export interface SavedAnswers {
  attempt_id: string
  saved: number
  saved_at: string
  deadline: string
  answers: Record<string, Answer>
}

export interface Certificate {
  id: string
  status: CertificateStatus
  /** Partly masked: 王芳 → 王* */
  holder: string
  merchant: string
  exam: { id: string; title: string }
  issued_at: string
  valid_until: string
  revoked_at: string | null
  revocation_reason: string | null
  verify_url: string
  jwt: string
}

const enc = encodeURIComponent

export const quizzes = {
  practice: (module: string, count = 5) => call<PracticeQuiz>('POST', `/api/v1/quizzes/${enc(module)}/practice`, { count }),
  answer: (attemptId: string, itemId: string, answer: Answer) =>
    call<PracticeGrading>('POST', `/api/v1/quizzes/practice/${enc(attemptId)}/answers`, { item_id: itemId, answer }),
}

export const exams = {
  standing: (exam: string) => call<ExamStanding>('GET', `/api/v1/exams/${enc(exam)}`),
  /** 201 started, 200 resumed the open one, 429 when the rolling-24 h limit is used up. */
  start: (exam: string) => call<ExamAttempt>('POST', `/api/v1/exams/${enc(exam)}/attempts`),
  attempt: (id: string) => call<ExamAttempt>('GET', `/api/v1/attempts/${enc(id)}`),
  save: (id: string, answers: Record<string, Answer>) => call<SavedAnswers>('PUT', `/api/v1/attempts/${enc(id)}/answers`, { answers }),
  submit: (id: string, answers?: Record<string, Answer>) =>
    call<ExamResult>('POST', `/api/v1/attempts/${enc(id)}/submit`, answers ? { answers } : {}),
}

export const certificates = {
  get: (id: string) => call<Certificate>('GET', `/api/v1/certificates/${enc(id)}`),
}

/** Dates as people in China read them: Beijing time, e.g. "2026年11月20日 14:30" / "20 Nov 2026, 14:30". */
export function beijingDate(iso: string, lang: 'zh-CN' | 'en', withTime = false): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return new Intl.DateTimeFormat(lang === 'zh-CN' ? 'zh-CN' : 'en-GB', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: lang === 'zh-CN' ? 'long' : 'short', day: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', hour12: false } : {}),
  }).format(d)
}

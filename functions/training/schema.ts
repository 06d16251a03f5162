import { z } from '@hono/zod-openapi'
import { examIds } from './exams'

// Request and response contracts for quizzes, exams, certificates and the roster. Custom `error`
// values are i18n message keys (functions/i18n/*/training.ts). No response schema has a field for an
// item's key or explanation except PracticeGrading, which is sent only after that item was answered.

const Localized = z.object({ 'zh-CN': z.string(), en: z.string() })
const ModuleId = z.string().openapi({ example: 'wrong-swipes' })
const ItemId = z.string().min(1).max(64).openapi({ example: 'ws-void-same-day' })
const Iso = z.string().openapi({ example: '2026-11-20T06:30:00.000Z' })

export const AnswerValue = z.union([z.string().min(1).max(32), z.array(z.string().max(32)).max(12)], { error: 'training.answer.shape' })
  .openapi({
    description: 'single / true_false: a choice id ("b"); multiple: choice ids, any order (["a","c"]); ordering: every choice id in order; amount: yuan as text, ≤ 2 decimals ("1.27")',
    example: 'b',
  })

export const PublicItem = z.object({
  id: z.string(), module: ModuleId,
  type: z.enum(['single', 'multiple', 'true_false', 'ordering', 'amount']),
  prompt: z.string(),
  choices: z.array(z.object({ id: z.string(), text: z.string() })).openapi({ description: 'Shuffled per attempt (ordering: never in answer order); empty for amount items' }),
}).openapi('QuizItem')

const ExamSummary = z.object({
  id: z.string(), title: Localized, items: z.number().int(), minutes: z.number().int(), pass_percent: z.number().int(),
  attempts_per_24h: z.number().int(), grace_seconds: z.number().int(), valid_months: z.number().int(),
  blueprint: z.array(z.object({ module: ModuleId, items: z.number().int() })),
}).openapi('ExamSummary')

export const QuizCatalog = z.object({
  modules: z.array(z.object({ id: ModuleId, title: Localized, item_count: z.number().int() })),
  exams: z.array(ExamSummary),
}).openapi('QuizCatalog')

export const ModuleParam = z.object({ module: ModuleId })
export const StartPractice = z.strictObject({
  count: z.number().int().min(1).max(20).optional().openapi({ description: 'Items to draw, 1–20 (default 5)', example: 5 }),
}).openapi('StartPractice')
export const PracticeQuiz = z.object({
  attempt_id: z.string().openapi({ example: 'prc_4x0m2k…' }), module: ModuleId, expires_at: Iso, items: z.array(PublicItem),
}).openapi('PracticeQuiz')

export const PracticeParam = z.object({ attempt: z.string().max(64) })
export const PracticeAnswer = z.strictObject({ item_id: ItemId, answer: AnswerValue }).openapi('PracticeAnswer')
export const PracticeGrading = z.object({
  item_id: z.string(), correct: z.boolean(),
  correct_answer: AnswerValue.openapi({ description: 'The key, in the answer format; only ever sent after this item was answered in this attempt' }),
  explanation: z.string(),
}).openapi('PracticeGrading')

export const ExamParam = z.object({ exam: z.string().openapi({ example: 'pos-staff-2026' }) })
export const AttemptParam = z.object({ id: z.string().max(64) })
export const Answers = z.record(ItemId, AnswerValue).openapi({ example: { 'ws-void-same-day': 'c', 'fe-round-230': '1.27' } })

const CertificateRef = z.object({
  id: z.string(), status: z.enum(['valid', 'expired', 'revoked']), valid_until: Iso, url: z.string(), verify_url: z.string(),
}).openapi('CertificateRef')

export const ExamResult = z.object({
  attempt_id: z.string(), exam: z.string(), submitted_at: Iso,
  late: z.boolean().openapi({ description: 'Submitted after deadline + grace: only answers saved by the deadline were counted' }),
  note: z.string().nullable(),
  correct: z.number().int(), total: z.number().int(), answered: z.number().int(),
  score: z.number().int().openapi({ description: 'Percent correct, rounded down' }), pass_percent: z.number().int(), passed: z.boolean(),
  modules: z.array(z.object({ module: ModuleId, title: z.string(), correct: z.number().int(), total: z.number().int() })),
  topics: z.array(z.object({ module: ModuleId, topic: z.string(), title: z.string(), correct: z.number().int(), total: z.number().int() })),
  missed_topics: z.array(z.object({ module: ModuleId, topic: z.string(), title: z.string() }))
    .openapi({ description: 'Topics with at least one wrong or unanswered item: what to revise. Never the keys.' }),
  certificate: CertificateRef.nullable(),
}).openapi('ExamResult')

export const AttemptView = z.object({
  attempt_id: z.string(), exam: z.string(),
  status: z.enum(['open', 'closed', 'submitted']).openapi({ description: 'closed: past the deadline, not yet submitted (submit still grades it)' }),
  started_at: Iso, deadline: Iso,
  submit_by: Iso.openapi({ description: 'deadline + grace: a submit up to here still counts the answers sent with it' }),
  time_limit_minutes: z.number().int(), extra_minutes: z.number().int(),
  items: z.array(PublicItem),
  answers: Answers.openapi({ description: 'Answers saved so far (your own replies, not keys)' }),
  result: ExamResult.nullable(),
}).openapi('ExamAttempt')

export const SaveAnswers = z.strictObject({ answers: Answers }).openapi('SaveAnswers')
export const SavedAnswers = z.object({
  attempt_id: z.string(), saved: z.number().int(), saved_at: Iso, deadline: Iso, answers: Answers,
}).openapi('SavedAnswers')
export const SubmitAttempt = z.strictObject({
  answers: Answers.optional().openapi({ description: 'Last answers not yet autosaved; counted if the submit arrives by deadline + grace' }),
}).openapi('SubmitAttempt')

export const ExamStanding = z.object({
  exam: ExamSummary, attempts_24h: z.number().int(), attempts_left: z.number().int(),
  next_start_at: Iso.nullable().openapi({ description: 'When a start is possible again, if the limit is used up' }),
  open_attempt_id: z.string().nullable(), pending_extension_minutes: z.number().int(),
  certificate: CertificateRef.nullable(),
}).openapi('ExamStanding')

export const PersonParam = z.object({ id: z.string().max(64) })
export const GrantExtension = z.strictObject({
  exam: z.enum(examIds),
  extra_minutes: z.number().int().min(1).max(120).openapi({ example: 15 }),
}).openapi('GrantExtension')
export const ExtensionView = z.object({
  id: z.string(), person_id: z.string(), exam: z.string(), extra_minutes: z.number().int(), granted_by: z.string(), granted_at: Iso,
  applied_to_attempt: z.string().nullable().openapi({ description: 'The running attempt it lengthened; null = waits for the next start' }),
  deadline: Iso.nullable(),
}).openapi('ExamExtension')

export const CertificateParam = z.object({ id: z.string().max(64) })
export const CertificateView = z.object({
  id: z.string(), status: z.enum(['valid', 'expired', 'revoked']),
  holder: z.string().openapi({ description: 'Partly masked: 王芳 → 王*', example: '王*' }),
  merchant: z.string(), exam: z.object({ id: z.string(), title: z.string() }),
  issued_at: Iso, valid_until: Iso, revoked_at: Iso.nullable(), revocation_reason: z.string().nullable(),
  verify_url: z.string(),
  jwt: z.string().openapi({ description: 'The Open Badges 3.0 credential as a VC-JWT (RS256); keys at /.well-known/jwks.json' }),
}).openapi('Certificate')
export const Revoke = z.strictObject({ reason: z.string().trim().min(2).max(500).openapi({ example: '已离职 / left the company' }) }).openapi('RevokeCertificate')

export const Jwks = z.object({ keys: z.array(z.record(z.string(), z.unknown())) }).openapi('JWKS')

export const MerchantParam = z.object({ merchant_no: z.string().regex(/^\d{15}$/, { error: 'field.merchant_no' }) })
export const RosterEntry = z.object({
  id: z.string(), staff_no: z.string(), name: z.string(), role: z.string(), account_status: z.string(),
  certification: z.enum(['valid', 'expiring', 'expired', 'revoked', 'none']),
  certificate_id: z.string().nullable(), valid_until: Iso.nullable(),
  attempts_24h: z.number().int(), attempts_left: z.number().int(), open_attempt_id: z.string().nullable(),
  pending_extension_minutes: z.number().int(),
}).openapi('RosterEntry')
export const Roster = z.object({ merchant_no: z.string(), exam: z.string(), as_of: Iso, people: z.array(RosterEntry) }).openapi('Roster')
export const AuditTrail = z.object({
  entries: z.array(z.object({ id: z.string(), at: Iso, actor: z.string(), action: z.string(), person_id: z.string(), subject_id: z.string(), detail: z.unknown() })),
}).openapi('TrainingAudit')

/** OpenAPI security for routes a manager (session) or an admin (bearer token) may call. */
export const SESSION_OR_ADMIN: { [name: string]: string[] }[] = [{ session: [] }, { adminToken: [] }]

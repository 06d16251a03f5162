/**
 * Stored rows → what callers see, in the request's language. The only place item text is chosen by
 * language; item keys never pass through here (PublicItem has no field for them).
 */
import type { Lang } from '../env'
import { isMessageKey, t } from '../i18n'
import type { Answer } from './answers'
import { modules } from './bank'
import type { CertificateRow } from './certificate-store'
import { certificateStatus, credentialUrl, maskHolder, verifyPageUrl } from './credential'
import { presentItem } from './draw'
import type { ExamDefinition } from './exams'
import { itemCount } from './exams'
import type { Attempt, SavedAnswer } from './store'

const iso = (ms: number) => new Date(ms).toISOString()

export function topicTitle(lang: Lang, module: string, topic: string): string {
  const key = `training.topic.${module}.${topic}`
  return isMessageKey(key) ? t(lang, key) : topic
}

function moduleTitle(lang: Lang, module: string): string {
  return modules.find((m) => m.id === module)?.title[lang] ?? module
}

export function examSummary(exam: ExamDefinition) {
  return {
    id: exam.id, title: exam.title, items: itemCount(exam), minutes: exam.minutes, pass_percent: exam.passPercent,
    attempts_per_24h: exam.attemptsPer24h, grace_seconds: exam.graceSeconds, valid_months: exam.validMonths,
    blueprint: Object.entries(exam.blueprint).map(([module, items]) => ({ module, items })),
  }
}

export function certificateRef(c: CertificateRow, origin: string, now: Date) {
  return { id: c.id, status: certificateStatus(c, now), valid_until: c.valid_until, url: credentialUrl(origin, c.id), verify_url: verifyPageUrl(origin, c.id) }
}

export function resultView(a: Attempt, exam: ExamDefinition, cert: CertificateRow | null, lang: Lang, origin: string, now: Date) {
  const g = a.grade!
  return {
    attempt_id: a.id, exam: a.exam_id, submitted_at: iso(a.submitted_at!), late: a.late,
    note: a.late ? t(lang, 'training.result.late', { grace: exam.graceSeconds, deadline: iso(a.deadline_at) }) : null,
    correct: g.correct, total: g.total, answered: g.answered, score: g.score, pass_percent: exam.passPercent, passed: g.passed,
    modules: g.modules.map((m) => ({ ...m, title: moduleTitle(lang, m.module) })),
    topics: g.topics.map((x) => ({ ...x, title: topicTitle(lang, x.module, x.topic) })),
    missed_topics: g.topics.filter((x) => x.correct < x.total).map((x) => ({ module: x.module, topic: x.topic, title: topicTitle(lang, x.module, x.topic) })),
    certificate: cert ? certificateRef(cert, origin, now) : null,
  }
}

export function attemptView(a: Attempt, exam: ExamDefinition, answers: Map<string, SavedAnswer>, cert: CertificateRow | null, lang: Lang, origin: string, now: Date) {
  const status = a.submitted_at !== null ? 'submitted' : a.deadline_at > now.getTime() ? 'open' : 'closed'
  return {
    attempt_id: a.id, exam: a.exam_id, status: status as 'open' | 'closed' | 'submitted',
    started_at: iso(a.started_at), deadline: iso(a.deadline_at), submit_by: iso(a.deadline_at + exam.graceSeconds * 1000),
    time_limit_minutes: exam.minutes, extra_minutes: a.extra_minutes,
    items: a.items.map((d) => presentItem(d, lang)),
    answers: answersObject(answers),
    result: a.submitted_at !== null ? resultView(a, exam, cert, lang, origin, now) : null,
  }
}

export function answersObject(answers: Map<string, SavedAnswer>): Record<string, Answer> {
  return Object.fromEntries([...answers].map(([id, s]) => [id, s.answer]))
}

export function certificateView(c: CertificateRow, exam: ExamDefinition | undefined, lang: Lang, origin: string, now: Date) {
  return {
    id: c.id, status: certificateStatus(c, now), holder: maskHolder(c.holder_name), merchant: c.merchant_name,
    exam: { id: c.exam_id, title: exam?.title[lang] ?? c.exam_id },
    issued_at: c.issued_at, valid_until: c.valid_until, revoked_at: c.revoked_at, revocation_reason: c.revocation_reason,
    verify_url: verifyPageUrl(origin, c.id), jwt: c.jwt,
  }
}

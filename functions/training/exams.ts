/**
 * Certification exams as data. A new exam (or next year's edition) is a new entry with a new id: an
 * attempt and a certificate name the exam they were taken under, so an entry is never edited once
 * attempts exist.
 */
import type { Localized, Module } from './bank'
import { moduleIds } from './bank'

export interface ExamDefinition {
  readonly id: string
  readonly title: Localized
  /** What the certificate attests; goes into the credential's achievement.description. */
  readonly description: Localized
  /** Items drawn per module: every module is examined, none can be skipped by luck. */
  readonly blueprint: Readonly<Record<Module, number>>
  readonly minutes: number
  /** Pass when correct / total ≥ passPercent / 100 (exact integer comparison, no rounding). */
  readonly passPercent: number
  /** Starts allowed per person in any rolling 24 hours. */
  readonly attemptsPer24h: number
  /** A submit that arrives this long after the deadline still counts the answers sent with it. */
  readonly graceSeconds: number
  /** Certificates last this many months: PCI DSS 12.6.1 wants training on hire and at least yearly. */
  readonly validMonths: number
}

const everyModule = (k: number) => Object.fromEntries(moduleIds.map((m) => [m, k])) as Record<Module, number>

export const exams: readonly ExamDefinition[] = [
  {
    id: 'pos-staff-2026',
    title: { 'zh-CN': 'POS 收银安全认证（2026）', en: 'POS checkout safety certification (2026)' },
    description: {
      'zh-CN': '持证人通过了刷卡无忧的收银员考试：刷错卡的处理、保护卡信息、终端更新与联网、识别欺诈、费率常识和消费者须知。',
      en: 'The holder passed the SwipeSafe cashier exam: handling wrong swipes, protecting card data, terminal updates and connectivity, spotting fraud, fees, and what consumers should know.',
    },
    blueprint: everyModule(4),
    minutes: 30,
    passPercent: 80,
    attemptsPer24h: 3,
    graceSeconds: 120,
    validMonths: 12,
  },
]

export const examIds = exams.map((e) => e.id) as [string, ...string[]]

export function findExam(id: string): ExamDefinition | undefined {
  return exams.find((e) => e.id === id)
}

export function itemCount(exam: ExamDefinition): number {
  return Object.values(exam.blueprint).reduce((n, k) => n + k, 0)
}

/** Exact: 19 of 24 is 79.2 % and fails at 80 %, 20 of 24 passes. */
export function isPass(exam: ExamDefinition, correct: number, total: number): boolean {
  return total > 0 && correct * 100 >= exam.passPercent * total
}

import type { fees } from '../i18n/zh-CN/fees'

/** A message key of the fees catalogue; explanation lines and errors are keys the route translates. */
export type FeesKey = keyof typeof fees
export type Params = Record<string, string | number>

/** One line of an explanation, translated by the route into the caller's language. */
export interface Line { key: FeesKey; params?: Params }

export interface RuleViolation { path: string; message: FeesKey; params?: Params }

/**
 * Well-formed input that breaks a fee rule (refund above the original, costs falling down the agent
 * tree…). The domain stays free of HTTP; the route turns this into a 422 naming every field.
 */
export class FeeRuleError extends Error {
  constructor(readonly violations: RuleViolation[]) {
    super(violations.map((v) => `${v.path}: ${v.message}`).join('; '))
  }
}

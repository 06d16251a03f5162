import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv, Lang } from '../env'
import { redactCardNumbers } from '../incidents/card'
import { isMessageKey, t, type MessageKey } from '../i18n'

export interface FieldError {
  path: string
  /** A message key (translated per request) or, rarely, literal text. */
  message: MessageKey | string
  params?: Record<string, string | number>
}

export interface ProblemInit {
  /** Short slug for the `type` URI, e.g. `validation`, `conflict`. */
  type: string
  status: number
  title: MessageKey
  detail?: MessageKey
  params?: Record<string, string | number>
  errors?: FieldError[]
  headers?: Record<string, string>
  /** Extra members added to the body (e.g. `allowed` transitions). */
  extra?: Record<string, unknown>
}

/** A domain or HTTP failure; `app.onError` renders it as RFC 9457 problem+json in the caller's language. */
export class Problem extends Error {
  constructor(readonly init: ProblemInit) {
    super(init.title)
  }
}

export const problems = {
  validation: (errors: FieldError[]) =>
    new Problem({ type: 'validation', status: 400, title: 'problem.validation', detail: 'problem.validation.detail', params: { count: errors.length }, errors }),
  unauthorized: (detail: MessageKey, params?: Record<string, string | number>) =>
    new Problem({ type: 'unauthorized', status: 401, title: 'problem.unauthorized', detail, params }),
  forbidden: (detail: MessageKey, params?: Record<string, string | number>) =>
    new Problem({ type: 'forbidden', status: 403, title: 'problem.forbidden', detail, params }),
  notFound: (detail: MessageKey, params?: Record<string, string | number>) =>
    new Problem({ type: 'not-found', status: 404, title: 'problem.not_found', detail, params }),
  conflict: (detail: MessageKey, params?: Record<string, string | number>, extra?: Record<string, unknown>) =>
    new Problem({ type: 'conflict', status: 409, title: 'problem.conflict', detail, params, extra }),
  unprocessable: (errors: FieldError[]) =>
    new Problem({ type: 'unprocessable', status: 422, title: 'problem.unprocessable', detail: 'problem.validation.detail', params: { count: errors.length }, errors }),
  tooMany: (detail: MessageKey, retryAfterSeconds: number) =>
    new Problem({
      type: 'too-many-requests', status: 429, title: 'problem.too_many_requests', detail,
      params: { seconds: retryAfterSeconds }, headers: { 'retry-after': String(retryAfterSeconds) },
    }),
}

function translate(lang: Lang, message: string, params?: Record<string, string | number>): string {
  return isMessageKey(message) ? t(lang, message, params) : message
}

/** Error paths name the caller's own keys, and a key can be a card number: it is never echoed whole. */
export function problemBody(init: ProblemInit, lang: Lang) {
  return {
    type: `https://swipesafe.cn/problems/${init.type}`,
    title: t(lang, init.title, init.params),
    status: init.status,
    ...(init.detail ? { detail: t(lang, init.detail, init.params) } : {}),
    ...(init.errors ? { errors: init.errors.map((e) => ({ path: redactCardNumbers(e.path).text, message: translate(lang, e.message, e.params) })) } : {}),
    ...init.extra,
  }
}

export function problemResponse(c: Context<AppEnv>, init: ProblemInit): Response {
  const lang = c.get('lang') ?? 'zh-CN'
  // c.body keeps headers set earlier in the chain (x-request-id, vary).
  return c.body(JSON.stringify(problemBody(init, lang)), init.status as 400, {
    'content-type': 'application/problem+json; charset=utf-8', 'content-language': lang, ...init.headers,
  })
}

/** Hono's own validator and body-limit failures, mapped to our problem types. */
export function fromHttpException(err: HTTPException): ProblemInit {
  const message = err.message || ''
  if (err.status === 400 && message.startsWith('Invalid HTTP header: Content-Type')) {
    return { type: 'unsupported-media-type', status: 415, title: 'problem.unsupported_media_type', detail: 'problem.unsupported_media_type.detail', params: { expected: 'application/json' } }
  }
  if (err.status === 400 && /malformed/i.test(message)) {
    return { type: 'malformed-json', status: 400, title: 'problem.malformed_json', detail: 'problem.malformed_json.detail' }
  }
  if (err.status === 413) {
    return { type: 'payload-too-large', status: 413, title: 'problem.payload_too_large', detail: 'problem.payload_too_large.detail', params: { limit: 65536 } }
  }
  if (err.status === 401) return { type: 'unauthorized', status: 401, title: 'problem.unauthorized' }
  return { type: 'internal', status: err.status >= 500 ? err.status : 400, title: err.status >= 500 ? 'problem.internal' : 'problem.validation' }
}

import type { ApiResult } from './api'
import type { SummaryWords } from './field-errors'
import { fill } from './text'

// What every form island does around a request: the submit button is disabled and the status line says
// "working" until the answer; a failed answer becomes field errors (by the form's own field keys) plus
// the line to show in the status region.

type Failed = Extract<ApiResult<unknown>, { ok: false }>

/** Sends with the form's submit button disabled and `working` in `status` until the answer is in. */
export async function sending<T>(form: HTMLFormElement, status: HTMLElement, working: string, send: () => Promise<ApiResult<T>>): Promise<ApiResult<T>> {
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]')!
  button.disabled = true
  status.textContent = working
  try {
    return await send()
  } finally {
    button.disabled = false
  }
}

/** Words every form island takes from its page for its own checks and the API's answers. */
export interface FormWords extends SummaryWords {
  /** `{label}` is the name of a required field left empty. */
  required: string
  offline: string
  failed: string
  /** Shown where scripts do not run. */
  noscript: string
}

/** Verdicts on an amount typed in yuan (lib/money.ts yuanToFen). */
export interface YuanWords {
  yuanFormat: string
  yuanPrecision: string
  yuanTooLarge: string
}

export interface FailureMessages {
  offline: string
  /** `{seconds}`; without it a 429 shows the API's own words. */
  tooMany?: string
  failed: string
}

export interface Failure<K extends string> {
  /** Messages for the form's fields (two errors on one field are joined). */
  fields: Partial<Record<K, string>>
  /** Errors on paths the form has no field for. */
  other: string[]
  /** The status line: offline, throttled, or the problem's detail. */
  summary: string
  /** No answer at all, or throttled: nothing field-specific to show. */
  unreachable: boolean
}

/** Sorts a failed answer's errors onto the form's fields; `keyOf` maps an API path to a field key, or null. */
export function failureOf<K extends string>(res: Failed, keyOf: (path: string) => K | null, m: FailureMessages): Failure<K> {
  if (res.status === 0) return { fields: {}, other: [], summary: m.offline, unreachable: true }
  if (res.status === 429 && m.tooMany) return { fields: {}, other: [], summary: fill(m.tooMany, { seconds: res.retryAfter ?? 60 }), unreachable: true }
  const fields: Partial<Record<K, string>> = {}
  const other: string[] = []
  for (const [path, message] of Object.entries(res.fieldErrors)) {
    const key = keyOf(path)
    if (key) fields[key] = fields[key] ? `${fields[key]} ${message}` : message
    else other.push(message)
  }
  return { fields, other, summary: res.problem.detail || res.problem.title || m.failed, unreachable: false }
}

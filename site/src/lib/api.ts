/**
 * The one way the site's islands talk to the Worker: same origin, JSON in and out, the session travels in an
 * HttpOnly cookie the browser attaches by itself. Errors arrive as RFC 9457 problem+json already translated
 * into the language we ask for, so components only place messages; they never translate API errors.
 */

export type Lang = 'zh-CN' | 'en'

export type Role = 'staff' | 'manager' | 'agent' | 'admin'

export interface Me {
  id: string
  role: Role
  name: string
  staff_no: string
  merchant_no: string | null
  agent_id: string | null
  expires_at?: string
}

export interface SignInInput {
  merchant_no?: string
  agent_id?: string
  staff_no: string
  access_code: string
}

export interface Problem {
  type: string
  title: string
  status: number
  detail?: string
  errors?: { path: string; message: string }[]
}

export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | {
      ok: false
      /** 0 when the request never got an answer (offline, DNS, aborted). */
      status: number
      problem: Problem
      /** Field name (the `path` of each error) -> message(s) to show next to that field. */
      fieldErrors: Record<string, string>
      /** Seconds from `Retry-After`, when the API throttled us. */
      retryAfter?: number
    }

/** The page's language decides the language of API messages; anything not Chinese asks for English. */
export function pageLang(): Lang {
  return document.documentElement.lang.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'
}

function toFieldErrors(problem: Problem): Record<string, string> {
  const out: Record<string, string> = {}
  for (const { path, message } of problem.errors ?? []) {
    // `unrecognized_keys` names several fields in one path ("a, b"); each gets the message.
    for (const key of path.split(',').map((p) => p.trim())) {
      out[key] = out[key] ? `${out[key]} ${message}` : message
    }
  }
  return out
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': pageLang() }
  if (body !== undefined) headers['content-type'] = 'application/json'
  let res: Response
  try {
    res = await fetch(path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    return { ok: false, status: 0, problem: { type: 'network', title: '', status: 0 }, fieldErrors: {} }
  }

  const type = res.headers.get('content-type') ?? ''
  const json: unknown = /json/.test(type) ? await res.json().catch(() => undefined) : undefined
  if (res.ok) return { ok: true, status: res.status, data: json as T }

  // A proxy or an outage may answer with HTML; keep the status and leave the wording to the component.
  const problem: Problem = /problem\+json/.test(type) && json && typeof json === 'object'
    ? (json as Problem)
    : { type: 'unexpected', title: res.statusText, status: res.status }
  const retry = Number(res.headers.get('retry-after'))
  return {
    ok: false, status: res.status, problem, fieldErrors: toFieldErrors(problem),
    retryAfter: Number.isFinite(retry) && retry > 0 ? retry : undefined,
  }
}

export const auth = {
  signIn: (input: SignInInput) => call<Me>('POST', '/api/v1/auth/sign-in', input),
  signOut: () => call<null>('POST', '/api/v1/auth/sign-out'),
  me: () => call<Me>('GET', '/api/v1/auth/me'),
}

// Fees: mirrors functions/fees/schema.ts. Amounts are integer fen; rates are percent strings such as "0.6%".

export type Card = 'debit' | 'credit' | 'qr'
export type Settlement = 'T1' | 'D0'
export type MerchantClass = 'standard' | 'preferential' | 'nonprofit'

export interface QuoteInput {
  amount: number
  card: Card
  merchant_rate: string
  /** Debit cards only: cap on the merchant fee per transaction, fen. */
  debit_cap?: number
  settlement?: Settlement
  /** D0 only. */
  d0_rate?: string
  /** D0 only: fixed fee per transaction, fen. */
  d0_fixed?: number
  merchant_class?: MerchantClass
  /** YYYY-MM-DD (Asia/Shanghai); picks the regulatory schedule. Default: today. */
  date?: string
  plan_id?: string
}

export interface Quote {
  amount: number
  merchant_fee: number
  d0_fee: number
  total_fee: number
  net_settlement: number
  /** Four decimals, e.g. "0.6000%". */
  effective_rate: string
  cap_applied: boolean
  /** null for QR payments. `acquirer_fee` is negative when the merchant rate is below cost. */
  breakdown: { issuer_fee: number; network_fee: number; acquirer_fee: number } | null
  schedule: string | null
  /** The computation in plain lines, in the page's language. */
  explanation: string[]
}

export interface ProfitShareInput {
  volume: number
  merchant_rate: string
  /** Top (nearest the acquirer) to bottom (nearest the merchant); 1–10 levels. */
  agents: { id: string; cost_rate: string }[]
}

export interface ProfitShare {
  volume: number
  /** Sum of the rounded shares, fen. */
  total: number
  /** Same order as the request's agents. */
  shares: { id: string; spread_rate: string; profit: number }[]
}

export const fees = {
  quote: (input: QuoteInput) => call<Quote>('POST', '/api/v1/fees/quote', input),
  profitShare: (input: ProfitShareInput) => call<ProfitShare>('POST', '/api/v1/fees/profit-share', input),
}

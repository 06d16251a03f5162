/** Bindings and secrets of the Worker. Secrets come from `wrangler secret put` or `.dev.vars`. */
export interface Bindings {
  DB: D1Database
  ASSETS: Fetcher
  APP_VERSION: string
  /** Bearer token for the admin API (bootstrap). */
  ADMIN_TOKEN: string
  /** base64 of 32 random bytes: AES-GCM key for personal data and terminal secrets. */
  DATA_KEY: string
  /** Identifies DATA_KEY, stored beside each ciphertext so keys can rotate. */
  DATA_KEY_ID?: string
  /** RSA private key (≥ 2048 bits) signing certificate VC-JWTs (RS256): PKCS#8 PEM ("\n" may be escaped) or JWK JSON. */
  CERT_SIGNING_KEY: string
  /** Public JWKs of earlier signing keys, kept in the JWKS so older certificates still verify (signing.ts). */
  CERT_RETIRED_KEYS?: string
  /** Per-client budget for the public fee quote (wrangler.toml [[ratelimits]]); absent in the bench. */
  QUOTE_LIMITER?: RateLimit
}

export type Role = 'staff' | 'manager' | 'agent' | 'admin'

/** Who is making the request, set by the auth middleware. */
export type Principal =
  | { kind: 'admin' }
  | { kind: 'person'; personId: string; role: Role; merchantNo: string | null; agentId: string | null; name: string; staffNo: string }
  | { kind: 'terminal'; terminalId: string; merchantNo: string; merchantName: string }

export interface Variables {
  requestId: string
  lang: Lang
  principal?: Principal
  /** Set by `quietOnSuccess`: a successful answer gets no access-log line. */
  quiet?: boolean
}

export type Lang = 'zh-CN' | 'en'

export type AppEnv = { Bindings: Bindings; Variables: Variables }

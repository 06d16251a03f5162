/**
 * The certificate signing key (RS256, as OB 3.0 conformance expects) and the public JWKS.
 * CERT_SIGNING_KEY holds an RSA private key (≥ 2048 bits) as PKCS#8 PEM or as a JWK JSON object.
 * Importing costs a few milliseconds, so the result is kept per isolate, keyed by the secret text
 * (a rotated secret imports afresh).
 */
import { calculateJwkThumbprint, exportJWK, importJWK, importPKCS8, SignJWT, type JWK } from 'jose'
import type { Bindings } from '../env'
import type { SignedClaims } from './credential'

/** The secret, read in one place (declared in env.ts as CERT_SIGNING_KEY). */
export function signingSecret(env: Bindings): string | undefined {
  return (env as Bindings & { CERT_SIGNING_KEY?: string }).CERT_SIGNING_KEY
}

export interface SigningKey {
  kid: string
  privateKey: CryptoKey
  /** The public half as published in /.well-known/jwks.json. */
  publicJwk: JWK
}

let cached: { secret: string; key: Promise<SigningKey> } | undefined

export function signingKey(secret: string | undefined): Promise<SigningKey> {
  if (!secret) throw new Error('CERT_SIGNING_KEY is not set: certificates cannot be signed')
  if (cached?.secret !== secret) {
    const key = importSigningKey(secret)
    // A bad secret must not stay cached as a rejected promise forever.
    key.catch(() => { if (cached?.key === key) cached = undefined })
    cached = { secret, key }
  }
  return cached.key
}

async function importSigningKey(secret: string): Promise<SigningKey> {
  // .dev.vars and some CI secret stores keep newlines escaped as "\n".
  const text = secret.trim().replace(/\\n/g, '\n')
  let privateKey: CryptoKey
  let publicJwk: JWK
  if (text.startsWith('{')) {
    const jwk = JSON.parse(text) as JWK
    if (jwk.kty !== 'RSA' || !jwk.d) throw new Error('CERT_SIGNING_KEY: expected an RSA private JWK')
    privateKey = (await importJWK({ ...jwk, alg: 'RS256' }, 'RS256')) as CryptoKey
    publicJwk = { kty: 'RSA', n: jwk.n, e: jwk.e }
  } else {
    privateKey = await importPKCS8(text, 'RS256', { extractable: true })
    const full = await exportJWK(privateKey)
    publicJwk = { kty: 'RSA', n: full.n, e: full.e }
  }
  // Modulus bytes: base64url length × 6 / 8.
  if (((publicJwk.n?.length ?? 0) * 6) / 8 < 255) throw new Error('CERT_SIGNING_KEY: RSA keys must have at least 2048 bits')
  const kid = await calculateJwkThumbprint(publicJwk)
  return { kid, privateKey, publicJwk: { ...publicJwk, kid, alg: 'RS256', use: 'sig' } }
}

/** A VC-JWT: the credential is the payload, with the registered claims beside it. */
export async function signCredential(key: SigningKey, credential: Record<string, unknown>, claims: SignedClaims): Promise<string> {
  return new SignJWT(credential)
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'vc+jwt' })
    .setIssuer(claims.iss)
    .setSubject(claims.sub)
    .setJti(claims.jti)
    .setIssuedAt(claims.iat)
    .setNotBefore(claims.nbf)
    .setExpirationTime(claims.exp)
    .sign(key.privateKey)
}

/**
 * Public keys of earlier signing keys (CERT_RETIRED_KEYS: a JWKS `{ "keys": [...] }` or an array of RSA
 * public JWKs), published beside the current one so certificates signed before a rotation still verify.
 * Anything private in it is refused rather than published.
 */
export async function retiredJwks(text: string | undefined): Promise<JWK[]> {
  if (!text?.trim()) return []
  const parsed = JSON.parse(text) as JWK[] | { keys: JWK[] }
  const list = Array.isArray(parsed) ? parsed : parsed.keys
  if (!Array.isArray(list)) throw new Error('CERT_RETIRED_KEYS: expected a JWKS or an array of JWKs')
  return Promise.all(list.map(async (jwk) => {
    if (jwk.kty !== 'RSA' || !jwk.n || !jwk.e) throw new Error('CERT_RETIRED_KEYS: expected RSA public keys')
    if (jwk.d || jwk.p || jwk.q) throw new Error('CERT_RETIRED_KEYS: holds private key material; publish only the public half')
    const publicJwk = { kty: 'RSA', n: jwk.n, e: jwk.e }
    return { ...publicJwk, kid: await calculateJwkThumbprint(publicJwk), alg: 'RS256', use: 'sig' }
  }))
}

/** The JWKS: the current signing key first, then retired ones (without a duplicate of the current). */
export async function publicJwks(secret: string | undefined, retired?: string): Promise<{ keys: JWK[] }> {
  const current = (await signingKey(secret)).publicJwk
  return { keys: [current, ...(await retiredJwks(retired)).filter((k) => k.kid !== current.kid)] }
}

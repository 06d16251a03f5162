import { sha256Hex, toHex } from '../security/encoding'

// Terminal request signing, the contract integrators implement:
//   x-signature = hex(HMAC-SHA256(secret, METHOD \n PATH_WITH_QUERY \n TIMESTAMP \n NONCE \n hex(SHA-256(body))))
// The secret is used as its UTF-8 text (what `openssl dgst -hmac "$SECRET"` does).

export const SIGNATURE_WINDOW_SECONDS = 300
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/

export function canonicalRequest(method: string, pathWithQuery: string, timestamp: string, nonce: string, bodySha256Hex: string): string {
  return [method.toUpperCase(), pathWithQuery, timestamp, nonce, bodySha256Hex].join('\n')
}

const hmacKeys = new Map<string, Promise<CryptoKey>>()

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = hmacKeys.get(secret)
  if (!key) {
    key = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
    if (hmacKeys.size > 1000) hmacKeys.clear() // bounded: one entry per active terminal
    hmacKeys.set(secret, key)
  }
  return key
}

export async function signCanonical(secret: string, canonical: string): Promise<string> {
  return toHex(await crypto.subtle.sign('HMAC', await hmacKey(secret), new TextEncoder().encode(canonical)))
}

export async function signRequest(secret: string, method: string, pathWithQuery: string, timestamp: string, nonce: string, body: ArrayBuffer | Uint8Array | string) {
  return signCanonical(secret, canonicalRequest(method, pathWithQuery, timestamp, nonce, await sha256Hex(body)))
}

export type TimestampCheck = 'ok' | 'malformed' | 'stale'

export function checkTimestamp(header: string, nowSeconds: number, window = SIGNATURE_WINDOW_SECONDS): TimestampCheck {
  if (!/^\d{1,12}$/.test(header)) return 'malformed'
  return Math.abs(nowSeconds - Number(header)) <= window ? 'ok' : 'stale'
}

import { fromBase64, randomBytes, toBase64 } from './encoding'

// Access codes are short enough to type at a till, so they are stored with a slow salted hash.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789' // no 0/O, 1/I
const ITERATIONS = 100_000 // workerd's PBKDF2 ceiling

/** 10 characters from a 32-letter alphabet (50 bits), shown grouped as XXXX-XXXX-XX. */
export function newAccessCode(): string {
  const bytes = randomBytes(10)
  const chars = Array.from(bytes, (b) => ALPHABET[b & 31]).join('')
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`
}

/** What the person typed, reduced to the canonical form (case and hyphens do not matter). */
export function normalizeAccessCode(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase()
}

async function derive(code: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(normalizeAccessCode(code)), 'PBKDF2', false, ['deriveBits'])
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256))
}

export async function hashAccessCode(code: string): Promise<string> {
  const salt = randomBytes(16)
  return `pbkdf2-sha256$${ITERATIONS}$${toBase64(salt)}$${toBase64(await derive(code, salt, ITERATIONS))}`
}

export async function verifyAccessCode(code: string, stored: string): Promise<boolean> {
  const [scheme, iter, saltB64, hashB64] = stored.split('$')
  if (scheme !== 'pbkdf2-sha256' || !iter || !saltB64 || !hashB64) return false
  const actual = await derive(code, fromBase64(saltB64), Number(iter))
  const expected = fromBase64(hashB64)
  return actual.length === expected.length && crypto.subtle.timingSafeEqual(actual, expected)
}

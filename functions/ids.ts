// Opaque prefixed ids (inc_…, crt_…, per_…): never sequential, safe in URLs.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz' // Crockford base32, lower case

export function newId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return `${prefix}_${Array.from(bytes, (b) => ALPHABET[b & 31]).join('')}`
}

export function nowIso(): string {
  return new Date().toISOString()
}

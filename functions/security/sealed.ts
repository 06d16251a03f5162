import { fromBase64, toBase64 } from './encoding'

// AES-GCM sealing for data the Worker must read back (contact data, terminal HMAC secrets).
// Format: v1.<key id>.<iv b64>.<ciphertext b64>; the key id lets old rows open after a key rotation.

const keyCache = new Map<string, Promise<CryptoKey>>()

function importKey(keyB64: string): Promise<CryptoKey> {
  let key = keyCache.get(keyB64)
  if (!key) {
    const raw = fromBase64(keyB64)
    if (raw.length !== 32) throw new Error('DATA_KEY must be 32 bytes, base64-encoded')
    key = crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt'])
    keyCache.set(keyB64, key)
  }
  return key
}

export interface DataKey {
  id: string
  keyB64: string
}

export async function seal(plaintext: string, key: DataKey): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(key.id) }, await importKey(key.keyB64), new TextEncoder().encode(plaintext))
  return `v1.${key.id}.${toBase64(iv)}.${toBase64(new Uint8Array(ct))}`
}

/** `keys` maps key id -> base64 key; a sealed value names which one it needs. */
export async function open(sealed: string, keys: Record<string, string>): Promise<string> {
  const [version, keyId, ivB64, ctB64] = sealed.split('.')
  if (version !== 'v1' || !keyId || !ivB64 || !ctB64) throw new Error('not a sealed value')
  const keyB64 = keys[keyId]
  if (!keyB64) throw new Error(`no data key with id ${keyId}`)
  const pt = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(ivB64), additionalData: new TextEncoder().encode(keyId) }, await importKey(keyB64), fromBase64(ctB64))
  return new TextDecoder().decode(pt)
}

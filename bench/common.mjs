// What the bench scripts share: the bare Worker they compare with, the app's bindings, a median.

export const COMPAT = '2026-08-01' // wrangler.toml's date; miniflare 4's workerd supports up to 2026-08-06

/** Text bindings the app needs to start (the bench's own values, never a real key). */
export const benchVars = { DATA_KEY: Buffer.alloc(32, 7).toString('base64'), DATA_KEY_ID: 'bench', APP_VERSION: 'bench' }

/** A real quote's answer as the bare Worker replays it: its body and headers, without the per-request ones. */
export async function shapeOf(response) {
  return { body: await response.text(), headers: Object.fromEntries([...response.headers].filter(([k]) => !['x-request-id', 'content-length', 'content-encoding', 'transfer-encoding'].includes(k))) }
}

/**
 * The bare Worker: constant JSON on any path, and on /quote-shape a quote's bytes and headers (the quote's
 * floor). It reads a body when there is one (an unread body would break keep-alive), else answers at once.
 */
export function bareWorkerScript(shape) {
  return `const SHAPE = ${JSON.stringify(shape)}
export default { async fetch(req) {
  if (req.method !== 'GET') await req.text()
  if (req.url.endsWith('/quote-shape')) return new Response(SHAPE.body, { headers: { 'x-request-id': crypto.randomUUID(), ...SHAPE.headers } })
  // The two halves of that answer: the quote's headers on the constant body, the quote's body with one header.
  if (req.url.endsWith('/quote-headers')) return new Response('{"status":"ok"}', { headers: { 'x-request-id': crypto.randomUUID(), ...SHAPE.headers } })
  if (req.url.endsWith('/quote-body')) return new Response(SHAPE.body, { headers: { 'content-type': 'application/json' } })
  return Response.json({ status: 'ok' })
} }`
}

export const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2 }

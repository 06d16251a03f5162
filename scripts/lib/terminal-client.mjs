// Reference terminal client (Node 20+, browsers, Workers: WebCrypto only). Integrators can copy it.
const enc = new TextEncoder()
const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('')

export async function signHeaders(terminalId, secret, method, pathWithQuery, body = '') {
  const timestamp = String(Math.floor(Date.now() / 1000))
  const nonce = crypto.randomUUID().replaceAll('-', '')
  const bodyHash = hex(await crypto.subtle.digest('SHA-256', typeof body === 'string' ? enc.encode(body) : body))
  const canonical = [method.toUpperCase(), pathWithQuery, timestamp, nonce, bodyHash].join('\n')
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  const signature = hex(await crypto.subtle.sign('HMAC', key, enc.encode(canonical)))
  return { 'x-terminal-id': terminalId, 'x-timestamp': timestamp, 'x-nonce': nonce, 'x-signature': signature }
}

export async function terminalFetch(baseUrl, terminal, method, pathWithQuery, json, extraHeaders = {}) {
  const body = json === undefined ? '' : JSON.stringify(json)
  const headers = { ...(await signHeaders(terminal.terminal_id, terminal.secret, method, pathWithQuery, body)), ...extraHeaders }
  if (body) headers['content-type'] = 'application/json'
  return fetch(baseUrl + pathWithQuery, { method, headers, body: body || undefined })
}

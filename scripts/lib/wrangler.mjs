import { spawn, spawnSync } from 'node:child_process'
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'

// No telemetry, no network: these go to every tool the scripts start.
export const OFFLINE_ENV = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', ASTRO_TELEMETRY_DISABLED: '1', NO_UPDATE_NOTIFIER: '1' }

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: OFFLINE_ENV, ...opts })
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`)
}

/** Reads .dev.vars, creating missing secrets (random) so a fresh clone starts with one command. */
export function ensureDevVars(path = '.dev.vars') {
  const vars = {}
  if (existsSync(path)) {
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      const m = /^\s*([A-Z0-9_]+)\s*=\s*"?(.*?)"?\s*$/.exec(line)
      if (m) vars[m[1]] = m[2]
    }
  }
  const before = JSON.stringify(vars)
  vars.ADMIN_TOKEN ||= randomBytes(24).toString('base64url')
  vars.DATA_KEY ||= randomBytes(32).toString('base64')
  vars.DATA_KEY_ID ||= 'k1'
  vars.CERT_SIGNING_KEY ||= newCertKey().replace(/\n/g, '\\n')
  if (JSON.stringify(vars) !== before) {
    writeFileSync(path, '# Local secrets for wrangler dev (generated; never commit).\n' + Object.entries(vars).map(([k, v]) => `${k}="${v}"`).join('\n') + '\n', { mode: 0o600 })
  }
  return vars
}

/** RSA 2048 private key (PKCS#8 PEM) for signing certificates locally. */
export function newCertKey() {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
}

export async function waitForHealth(baseUrl, child, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    if (child && child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}`)
    try {
      const res = await fetch(baseUrl + '/api/v1/health')
      if (res.ok) return await res.json()
    } catch {}
    await new Promise((r) => setTimeout(r, 300))
  }
  throw new Error(`the Worker did not answer at ${baseUrl} within ${timeoutMs / 1000}s`)
}

export function startWranglerDev({ port, persistTo, vars = {}, quiet = false }) {
  const args = ['wrangler', 'dev', '--port', String(port), '--ip', '127.0.0.1', '--local', '--show-interactive-dev-session=false', '--log-level', quiet ? 'error' : 'log']
  if (persistTo) args.push('--persist-to', persistTo)
  for (const [k, v] of Object.entries(vars)) args.push('--var', `${k}:${v}`)
  // Its own process group, so stopping it also stops the workerd children it starts.
  return spawn('npx', args, { stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit', env: OFFLINE_ENV, detached: true })
}

/** Stops wrangler dev and everything it started; waits up to 5 s, then kills. */
export async function stopWranglerDev(child) {
  if (child.exitCode !== null) return
  const group = (signal) => { try { process.kill(-child.pid, signal) } catch {} }
  group('SIGINT')
  for (let i = 0; i < 50 && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 100))
  group('SIGKILL')
}

// npm run bench: the built Worker and a bare Worker, each in workerd through miniflare (real local D1),
// driven from a separate process; prints rps/p50/p99 per scenario and the ratio to the bare Worker answering
// the same shape of request (median over interleaved rounds).
import { execFile, execSync } from 'node:child_process'
import { promisify } from 'node:util'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { generateKeyPairSync } from 'node:crypto'
import { Miniflare } from 'miniflare'
import { buildWorker } from './build.mjs'
import { baselineOf, QUOTE_BODY, scenarios } from './scenarios.mjs'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 6)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const LOADER = process.env.BENCH_LOADER ?? 'node'
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16)
const ONLY = process.env.BENCH_ONLY?.split(',')
const ADMIN_TOKEN = 'bench-admin-token'
const COMPAT = '2026-08-01' // wrangler.toml's date; miniflare 4's workerd supports up to 2026-08-06

const script = await buildWorker()
// miniflare 5 takes a list of workers; each instance runs its own workerd process of the same binary.
// The Worker logs one JSON line per request, as in production; the bench drains and drops them.
const drain = (stdout, stderr) => { stdout.resume(); stderr.resume() }
const app = new Miniflare({
  host: '127.0.0.1', port: 0, handleRuntimeStdio: drain,
  workers: [{
    name: 'swipesafe', modules: true, scriptPath: script, compatibilityDate: COMPAT, d1Databases: { DB: 'bench' },
    bindings: { ADMIN_TOKEN, DATA_KEY: Buffer.alloc(32, 7).toString('base64'), DATA_KEY_ID: 'bench', APP_VERSION: 'bench',
      CERT_SIGNING_KEY: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
  }],
})
const appUrl = (await app.ready).toString().replace(/\/$/, '')

// The bare Worker answers `/quote-shape` with the bytes and headers of a real quote (taken from the app
// once), so the bench can tell what the quote's code costs from what sending its answer costs.
const sample = await fetch(`${appUrl}/api/v1/fees/quote`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: QUOTE_BODY })
if (sample.status !== 200) throw new Error(`quote sample: ${sample.status}`)
const shape = { body: await sample.text(), headers: Object.fromEntries([...sample.headers].filter(([k]) => k !== 'x-request-id' && k !== 'content-length')) }
const bare = new Miniflare({
  host: '127.0.0.1', port: 0, handleRuntimeStdio: drain,
  // Reads a body when there is one (an unread body would break keep-alive), else answers at once.
  workers: [{
    name: 'bare', modules: true, compatibilityDate: COMPAT,
    script: `const SHAPE = ${JSON.stringify(shape)}
export default { async fetch(req) {
  if (req.method !== 'GET') await req.text()
  if (req.url.endsWith('/quote-shape')) return new Response(SHAPE.body, { headers: { 'x-request-id': crypto.randomUUID(), ...SHAPE.headers } })
  // The two halves of that answer: the quote's headers on the constant body, the quote's body with one header.
  if (req.url.endsWith('/quote-headers')) return new Response('{"status":"ok"}', { headers: { 'x-request-id': crypto.randomUUID(), ...SHAPE.headers } })
  if (req.url.endsWith('/quote-body')) return new Response(SHAPE.body, { headers: { 'content-type': 'application/json' } })
  return Response.json({ status: 'ok' })
} }`,
  }],
})
const bareUrl = (await bare.ready).toString().replace(/\/$/, '')

// Same migrations wrangler applies, statement by statement.
const db = await app.getD1Database('DB')
for (const file of readdirSync('migrations').filter((f) => /^\d{4}_.*\.sql$/.test(f)).sort()) {
  const sql = readFileSync(`migrations/${file}`, 'utf8').replace(/--.*$/gm, '')
  for (const stmt of sql.split(/;\s*$/m).map((s) => s.trim()).filter(Boolean)) await db.prepare(stmt).run()
}

async function adminPost(path, body) {
  const res = await fetch(appUrl + path, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`)
  return res.json()
}
await adminPost('/api/v1/admin/merchants', { merchant_no: '898330158129999', name: 'Bench shop' })
const terminal = await adminPost('/api/v1/admin/terminals', { terminal_id: 'BENCH001', merchant_no: '898330158129999' })
const shared = { terminal, appUrl, adminToken: ADMIN_TOKEN }

// Async on purpose: miniflare relays workerd's output through this process, which must keep running.
async function load(url, name, context) {
  if (LOADER === 'wrk' && !scenarios[name].signed) return wrk(url, name, context)
  const { stdout } = await promisify(execFile)(process.execPath, ['bench/load.mjs', JSON.stringify({ url, scenario: name, seconds: SECONDS, concurrency: CONCURRENCY, context })], { encoding: 'utf8', maxBuffer: 1 << 20 })
  return JSON.parse(stdout.trim().split('\n').pop())
}

// BENCH_LOADER=wrk (Debian package wrk) drives the same requests from C instead of Node, so the loader
// takes less of the two cores; signed scenarios (a fresh signature per request) stay on the Node loader.
async function wrk(url, name, context) {
  const r = await scenarios[name].request(context)
  const lua = 'bench/.build/wrk.lua'
  writeFileSync(lua, [`wrk.method = ${JSON.stringify(r.method ?? 'GET')}`, `wrk.body = ${JSON.stringify(r.body ?? '')}`,
    ...Object.entries(r.headers ?? {}).map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`)].join('\n') + '\n')
  const run = (seconds) => promisify(execFile)('wrk', ['-t1', `-c${CONCURRENCY}`, `-d${seconds}s`, '--latency', '-s', lua, url + r.path], { encoding: 'utf8' })
  await run(1) // warm-up
  const { stdout } = await run(SECONDS)
  const ms = (label) => { const m = new RegExp(`\\s${label}%\\s+([\\d.]+)(us|ms|s)`).exec(stdout); return m ? Number(m[1]) * { us: 1e-3, ms: 1, s: 1e3 }[m[2]] : NaN }
  const requests = Number(/(\d+) requests in/.exec(stdout)[1])
  const errors = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0) + Number(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout)?.slice(1).reduce((a, b) => a + Number(b), 0) ?? 0)
  return { requests, errors, rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)[1]), p50_ms: ms(50), p99_ms: ms(99), loader: 'wrk' }
}

// Rounds interleave the scenarios so a slow moment of the machine hits every scenario alike; each
// ratio is taken within a round (scenario / its baseline, run seconds apart), and the median is reported.
const names = Object.keys(scenarios).filter((n) => n.startsWith('bare') || !ONLY || ONLY.includes(n))
const contexts = {}
for (const name of names) contexts[name] = scenarios[name].prepare ? await scenarios[name].prepare(shared) : {}
const runs = Object.fromEntries(names.map((n) => [n, []]))
for (let round = 1; round <= ROUNDS; round++) {
  for (const name of names) {
    process.stderr.write(`bench: round ${round}/${ROUNDS} ${name} (${SECONDS}s, ${CONCURRENCY} connections)…\n`)
    runs[name].push(await load(scenarios[name].target === 'bare' ? bareUrl : appUrl, name, contexts[name]))
  }
}
await app.dispose()
await bare.dispose()

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2 }
const rows = names.map((name) => {
  const r = runs[name], base = runs[baselineOf(name)], get = runs.bare
  return {
    name, description: scenarios[name].description, baseline: baselineOf(name), rounds: r.length,
    requests: r.reduce((n, x) => n + x.requests, 0), errors: r.reduce((n, x) => n + x.errors, 0),
    rps: median(r.map((x) => x.rps)), p50_ms: median(r.map((x) => x.p50_ms)), p99_ms: median(r.map((x) => x.p99_ms)),
    ratio_to_baseline: median(r.map((x, i) => x.rps / base[i].rps)), ratio_to_bare_get: median(r.map((x, i) => x.rps / get[i].rps)),
    rps_per_round: r.map((x) => Math.round(x.rps)),
  }
})
const fmt = (n, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d })
console.log(`\nSwipeSafe bench — ${new Date().toISOString()} — ${os.cpus().length} cores, ${ROUNDS} rounds of ${SECONDS}s per scenario, ${CONCURRENCY} connections, ${LOADER} loader; medians\n`)
console.log('scenario'.padEnd(12) + 'rps'.padStart(8) + 'p50 ms'.padStart(9) + 'p99 ms'.padStart(9) + 'baseline'.padStart(11) + 'vs base'.padStart(9) + 'vs GET'.padStart(8) + 'errors'.padStart(8) + '  what')
for (const r of rows) {
  console.log(r.name.padEnd(12) + fmt(r.rps).padStart(8) + fmt(r.p50_ms, 2).padStart(9) + fmt(r.p99_ms, 2).padStart(9) + r.baseline.padStart(11) + fmt(r.ratio_to_baseline, 2).padStart(9) + fmt(r.ratio_to_bare_get, 2).padStart(8) + String(r.errors).padStart(8) + '  ' + r.description)
}
console.log('\nvs base: rps / rps of the bare Worker answering the same shape of request (bare for GET, bare_post for a JSON body); vs GET: / bare.')
let rev = 'unknown'
try { rev = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim() } catch {}
mkdirSync('bench/results', { recursive: true })
const report = { at: new Date().toISOString(), git: rev, node: process.version, cores: os.cpus().length, seconds: SECONDS, rounds: ROUNDS, concurrency: CONCURRENCY, loader: LOADER, scenarios: rows }
const out = LOADER === 'node' ? 'bench/results/latest.json' : `bench/results/latest-${LOADER}.json`
writeFileSync(out, JSON.stringify(report, null, 2) + '\n')
console.log(`\nwritten: ${out}`)
if (rows.some((r) => r.errors > 0)) { console.error('bench: some requests failed (see errors column)'); process.exitCode = 1 }

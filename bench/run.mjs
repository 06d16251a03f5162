// npm run bench: the built Worker and a bare Worker, each in workerd through miniflare (real local D1),
// driven from a separate process; prints rps/p50/p99 per scenario and the ratio to the bare Worker answering
// the same shape of request (see `sliced`).
import { execFile, execSync } from 'node:child_process'
import { promisify } from 'node:util'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { generateKeyPairSync } from 'node:crypto'
import { Miniflare } from 'miniflare'
import { buildWorker } from './build.mjs'
import { baselineOf, QUOTE_BODY, scenarios } from './scenarios.mjs'
import { bareWorkerScript, benchVars, COMPAT, median, shapeOf } from './common.mjs'

const LOADER = process.env.BENCH_LOADER ?? 'node'
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16)
const ONLY = process.env.BENCH_ONLY?.split(',')
const ADMIN_TOKEN = 'bench-admin-token'

const script = await buildWorker()
// miniflare 5 takes a list of workers; each instance runs its own workerd process of the same binary.
// The Worker logs one JSON line per request, as in production; the bench drains and drops them.
const drain = (stdout, stderr) => { stdout.resume(); stderr.resume() }
const app = new Miniflare({
  host: '127.0.0.1', port: 0, handleRuntimeStdio: drain,
  workers: [{
    name: 'swipesafe', modules: true, scriptPath: script, compatibilityDate: COMPAT, d1Databases: { DB: 'bench' },
    bindings: { ADMIN_TOKEN, ...benchVars,
      CERT_SIGNING_KEY: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
  }],
})
const appUrl = (await app.ready).toString().replace(/\/$/, '')

// The bare Worker answers `/quote-shape` with the bytes and headers of a real quote (taken from the app
// once), so the bench can tell what the quote's code costs from what sending its answer costs.
const sample = await fetch(`${appUrl}/api/v1/fees/quote`, { method: 'POST', headers: { 'content-type': 'application/json', 'accept-encoding': 'identity' }, body: QUOTE_BODY })
if (sample.status !== 200) throw new Error(`quote sample: ${sample.status}`)
const shape = await shapeOf(sample)
const bare = new Miniflare({
  host: '127.0.0.1', port: 0, handleRuntimeStdio: drain,
  workers: [{ name: 'bare', modules: true, compatibilityDate: COMPAT, script: bareWorkerScript(shape) }],
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

// Each scenario is measured against its baseline in one loader run that alternates them in short slices,
// B S B S … B, and each slice of the scenario is compared with the mean of the baseline slices either side:
// the machine drifts over seconds (other tenants, its own clock), and a ratio taken across that drift was
// noise. The ratio reported is the median over the pairs, with the lowest and highest.
const PAIRS = Number(process.env.BENCH_PAIRS ?? 8)
const SLICE = Number(process.env.BENCH_SLICE_SECONDS ?? 1)
const urlOf = (name) => (scenarios[name].target === 'bare' ? bareUrl : appUrl)
const pairOrder = () => Array.from({ length: 2 * PAIRS + 1 }, (_, k) => (k % 2 === 0 ? 0 : 1))

// Async on purpose: miniflare relays workerd's output through this process, which must keep running.
async function sliced(baseline, name, contexts) {
  const targets = [baseline, name].map((n) => ({ url: urlOf(n), scenario: n, context: contexts[n] }))
  if (LOADER === 'wrk' && !scenarios[name].signed) return wrkSliced(targets)
  const { stdout } = await promisify(execFile)(process.execPath, ['bench/load.mjs', JSON.stringify({ targets, order: pairOrder(), sliceSeconds: SLICE, concurrency: CONCURRENCY })], { encoding: 'utf8', maxBuffer: 1 << 20 })
  return JSON.parse(stdout.trim().split('\n').pop())
}

// BENCH_LOADER=wrk (Debian package wrk) drives the same requests from C instead of Node, so the loader
// takes less of the two cores; one wrk run per slice. Signed scenarios (a fresh signature per request)
// stay on the Node loader.
async function wrkSliced(targets) {
  const scripts = await Promise.all(targets.map(async (t, i) => {
    const r = await scenarios[t.scenario].request(t.context)
    const lua = `bench/.build/wrk-${i}.lua`
    writeFileSync(lua, [`wrk.method = ${JSON.stringify(r.method ?? 'GET')}`, `wrk.body = ${JSON.stringify(r.body ?? '')}`,
      ...Object.entries(r.headers ?? {}).map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`)].join('\n') + '\n')
    return { lua, url: t.url + r.path }
  }))
  const run = async (i, seconds) => {
    const { stdout } = await promisify(execFile)('wrk', ['-t1', `-c${CONCURRENCY}`, `-d${seconds}s`, '--latency', '-s', scripts[i].lua, scripts[i].url], { encoding: 'utf8' })
    const ms = (label) => { const m = new RegExp(`\\s${label}%\\s+([\\d.]+)(us|ms|s)`).exec(stdout); return m ? Number(m[1]) * { us: 1e-3, ms: 1, s: 1e3 }[m[2]] : NaN }
    const took = /(\d+) requests in ([\d.]+)(us|ms|s)/.exec(stdout)
    const requests = Number(took[1])
    const bad = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0) + (/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout)?.slice(1).reduce((a, b) => a + Number(b), 0) ?? 0)
    return { requests, seconds: Number(took[2]) * { us: 1e-6, ms: 1e-3, s: 1 }[took[3]], p50_ms: ms(50), bad, p99: ms(99) }
  }
  for (let i = 0; i < targets.length; i++) await run(i, 1) // warm-up
  const out = targets.map(() => ({ slices: [], statuses: {}, p99s: [] }))
  for (const i of pairOrder()) {
    const r = await run(i, SLICE)
    out[i].slices.push({ requests: r.requests, seconds: r.seconds, p50_ms: r.p50_ms })
    out[i].statuses[200] = (out[i].statuses[200] ?? 0) + r.requests - r.bad
    if (r.bad) out[i].statuses.bad = (out[i].statuses.bad ?? 0) + r.bad
    out[i].p99s.push(r.p99)
  }
  return out.map((o) => ({ slices: o.slices, statuses: o.statuses, p50_ms: median(o.slices.map((x) => x.p50_ms)), p99_ms: median(o.p99s) }))
}

const rpsOf = (slice) => slice.requests / slice.seconds

/** One row of the report from a sliced run: the scenario's figures and its ratios to the baseline, pair by pair. */
function summarize(name, baseline, [base, own]) {
  const ratios = own.slices.map((s, k) => rpsOf(s) / ((rpsOf(base.slices[k]) + rpsOf(base.slices[k + 1])) / 2))
  const p50Ratios = own.slices.map((s, k) => (base.slices[k].p50_ms + base.slices[k + 1].p50_ms) / 2 / s.p50_ms)
  const expected = scenarios[name].expectStatus ?? 200
  const requests = own.slices.reduce((n, s) => n + s.requests, 0)
  return {
    name, description: scenarios[name].description, baseline, pairs: ratios.length,
    requests, errors: requests - (own.statuses[expected] ?? 0),
    rps: median(own.slices.map(rpsOf)), p50_ms: own.p50_ms, p99_ms: own.p99_ms,
    baseline_rps: median(base.slices.map(rpsOf)), baseline_p99_ms: base.p99_ms,
    ratio_to_baseline: median(ratios), ratio_min: Math.min(...ratios), ratio_max: Math.max(...ratios),
    ratio_by_p50: median(p50Ratios),
  }
}

const names = Object.keys(scenarios).filter((n) => n.startsWith('bare') || !ONLY || ONLY.includes(n))
const contexts = {}
for (const name of names) contexts[name] = scenarios[name].prepare ? await scenarios[name].prepare(shared) : {}
const rows = []
for (const name of names.filter((n) => n !== 'bare')) {
  // bare_post is itself measured against bare (what reading a body costs); everything else against its baseline.
  const baseline = name === 'bare_post' ? 'bare' : baselineOf(name)
  process.stderr.write(`bench: ${name} vs ${baseline}, ${PAIRS} pairs of ${SLICE}s slices (${CONCURRENCY} connections)…\n`)
  rows.push(summarize(name, baseline, await sliced(baseline, name, contexts)))
}
await app.dispose()
await bare.dispose()

const fmt = (n, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d })
console.log(`\nSwipeSafe bench — ${new Date().toISOString()} — ${os.cpus().length} cores, ${PAIRS} pairs of ${SLICE}s slices per scenario, ${CONCURRENCY} connections, ${LOADER} loader\n`)
console.log('scenario'.padEnd(19) + 'rps'.padStart(7) + 'p50 ms'.padStart(8) + 'p99 ms'.padStart(8) + 'baseline'.padStart(11) + 'its rps'.padStart(8) + 'its p99'.padStart(8) + 'ratio'.padStart(7) + '  low–high'.padEnd(12) + 'by p50'.padStart(7) + 'errors'.padStart(8) + '  what')
for (const r of rows) {
  console.log(r.name.padEnd(19) + fmt(r.rps).padStart(7) + fmt(r.p50_ms, 2).padStart(8) + fmt(r.p99_ms, 2).padStart(8) + r.baseline.padStart(11) + fmt(r.baseline_rps).padStart(8) + fmt(r.baseline_p99_ms, 2).padStart(8)
    + fmt(r.ratio_to_baseline, 2).padStart(7) + `  ${fmt(r.ratio_min, 2)}–${fmt(r.ratio_max, 2)}`.padEnd(12) + fmt(r.ratio_by_p50, 2).padStart(7) + String(r.errors).padStart(8) + '  ' + r.description)
}
console.log('\nratio: rps / rps of the bare Worker answering the same shape of request (bare for GETs, bare_post for a JSON body),')
console.log('slice by slice: the median over the pairs, then the lowest and highest pair. p50/p99: over all slices of the scenario.')
let rev = 'unknown'
try { rev = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim() } catch {}
mkdirSync('bench/results', { recursive: true })
const report = { at: new Date().toISOString(), git: rev, node: process.version, cores: os.cpus().length, pairs: PAIRS, slice_seconds: SLICE, concurrency: CONCURRENCY, loader: LOADER, scenarios: rows }
const out = LOADER === 'node' ? 'bench/results/latest.json' : `bench/results/latest-${LOADER}.json`
writeFileSync(out, JSON.stringify(report, null, 2) + '\n')
console.log(`\nwritten: ${out}`)
if (rows.some((r) => r.errors > 0)) { console.error('bench: some requests failed (see errors column)'); process.exitCode = 1 }

// npm run bench:workerd — the fee quote and the bare Worker on ONE workerd process, without miniflare.
// `npm run bench` runs each Worker behind miniflare's entry worker (a dev-only JS worker that copies every
// request and response), which both pay; here nothing stands between the socket and the Worker, as in
// production, so the ratio shows what the quote itself costs. The quote reads neither D1 nor assets, so
// those bindings are left out. bench/load.mjs drives fixed-count slices, bare, quote, shape, bare, …; each
// quote or shape slice is compared with the bare slices either side, by rps and by workerd CPU per request.
import { execFile, spawn } from 'node:child_process'
import { promisify } from 'node:util'
import { mkdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { buildWorker } from './build.mjs'
import { bareWorkerScript, benchVars, COMPAT, median, shapeOf } from './common.mjs'
import { QUOTE_BODY } from './scenarios.mjs'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8)
const COUNT = Number(process.env.BENCH_COUNT ?? 10_000)
const dir = 'bench/.build/same'
mkdirSync(dir, { recursive: true })
await buildWorker(`${dir}/app.js`)

const freePort = () => new Promise((resolve) => { const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)) }) })
const ports = { bare: await freePort(), app: await freePort() }
const worker = (name, file, bindings = {}) => `(name = "${name}", worker = (modules = [(name = "${file}", esModule = embed "${file}")], compatibilityDate = "${COMPAT}",
      bindings = [${Object.entries(bindings).map(([k, v]) => `(name = "${k}", text = ${JSON.stringify(v)})`).join(', ')}]))`
const socket = (name) => `(name = "${name}", address = "127.0.0.1:${ports[name]}", http = (), service = "${name}")`

function writeConfig(shape) {
  writeFileSync(`${dir}/bare.js`, bareWorkerScript(shape) + '\n')
  writeFileSync(`${dir}/config.capnp`, `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [${worker('bare', 'bare.js')},
    ${worker('app', 'app.js', { ADMIN_TOKEN: 'bench', ...benchVars })}],
  sockets = [${socket('bare')}, ${socket('app')}],
);
`)
}

const binary = path.join(path.dirname(createRequire(import.meta.url).resolve('workerd/package.json')), 'bin', 'workerd')
async function startWorkerd() {
  const child = spawn(binary, ['serve', path.resolve(dir, 'config.capnp')], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (d) => { stderr += d })
  for (let i = 0; i < 100; i++) {
    try { const r = await fetch(`http://127.0.0.1:${ports.bare}/`); await r.text(); return child } catch { await new Promise((r) => setTimeout(r, 100)) }
  }
  child.kill()
  throw new Error(`workerd did not start: ${stderr}`)
}

// The bare Worker replays one real quote (see bench/common.mjs), which the app must answer first: workerd
// starts once with a placeholder to take it, then again with the bare Worker that replays it.
writeConfig({ body: '{}', headers: {} })
let workerd = await startWorkerd()
const sample = await fetch(`http://127.0.0.1:${ports.app}/api/v1/fees/quote`, { method: 'POST', headers: { 'content-type': 'application/json', 'accept-encoding': 'identity' }, body: QUOTE_BODY })
if (sample.status !== 200) throw new Error(`quote sample: ${sample.status} ${await sample.text()}`)
writeConfig(await shapeOf(sample))
workerd.kill()
await new Promise((r) => workerd.on('exit', r))
workerd = await startWorkerd()

const names = ['bare', 'quote', 'shape']
const targets = [
  { url: `http://127.0.0.1:${ports.bare}`, scenario: 'bare_post' },
  { url: `http://127.0.0.1:${ports.app}`, scenario: 'quote' },
  { url: `http://127.0.0.1:${ports.bare}`, scenario: 'bare_quote_shape' },
].map((t) => ({ ...t, context: {} }))
const order = [...Array.from({ length: ROUNDS }, () => [0, 1, 2]).flat(), 0]
const load = { targets, order, requestsPerSlice: COUNT, cpuPid: workerd.pid, concurrency: 16 }
const { stdout } = await promisify(execFile)(process.execPath, ['bench/load.mjs', JSON.stringify(load)], { encoding: 'utf8', maxBuffer: 1 << 20 })
workerd.kill()
const results = JSON.parse(stdout.trim().split('\n').pop())
for (const [i, r] of results.entries()) {
  const failed = r.slices.reduce((n, s) => n + s.requests, 0) - (r.statuses[200] ?? 0)
  if (failed) throw new Error(`${names[i]}: ${failed} requests failed (${JSON.stringify(r.statuses)})`)
}

const runs = results.map((r) => r.slices.map((s) => ({ rps: s.requests / s.seconds, cpu_us: (s.cpu_seconds * 1e6) / s.requests })))
const around = (k, key) => (runs[0][k][key] + runs[0][k + 1][key]) / 2
function row(i) {
  const byRps = runs[i].map((x, k) => x.rps / around(k, 'rps'))
  const byCpu = runs[i].map((x, k) => around(k, 'cpu_us') / x.cpu_us)
  return {
    name: names[i], rps: median(runs[i].map((x) => x.rps)), cpu_us_per_request: median(runs[i].map((x) => x.cpu_us)),
    ratio_to_bare: median(byRps), ratio_min: Math.min(...byRps), ratio_max: Math.max(...byRps), ratio_by_cpu: median(byCpu),
  }
}
const bare = { name: 'bare', rps: median(runs[0].map((x) => x.rps)), cpu_us_per_request: median(runs[0].map((x) => x.cpu_us)) }
const rows = [row(1), row(2)]
const fmt = (n, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d })
console.log(`\nSwipeSafe bench, one workerd without miniflare — ${new Date().toISOString()} — ${os.cpus().length} cores, ${ROUNDS} rounds of ${fmt(COUNT)} requests, 16 connections\n`)
console.log('worker'.padEnd(8) + 'rps'.padStart(8) + 'CPU µs/req'.padStart(12) + 'ratio'.padStart(8) + '  low–high'.padEnd(13) + 'by CPU'.padStart(7))
console.log('bare'.padEnd(8) + fmt(bare.rps).padStart(8) + fmt(bare.cpu_us_per_request).padStart(12))
for (const r of rows) console.log(r.name.padEnd(8) + fmt(r.rps).padStart(8) + fmt(r.cpu_us_per_request).padStart(12) + fmt(r.ratio_to_bare, 2).padStart(8) + `  ${fmt(r.ratio_min, 2)}–${fmt(r.ratio_max, 2)}`.padEnd(13) + fmt(r.ratio_by_cpu, 2).padStart(7))
console.log('\nquote: POST /api/v1/fees/quote; shape: the bare Worker answering with that quote\'s bytes and headers (its floor).')
console.log('ratio: rps over the mean rps of the bare slices either side, median over rounds; by CPU: the same with workerd CPU per request.')
let rev = 'unknown'
try { rev = (await promisify(execFile)('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' })).stdout.trim() } catch {}
mkdirSync('bench/results', { recursive: true })
writeFileSync('bench/results/same-workerd.json', JSON.stringify({ at: new Date().toISOString(), git: rev, node: process.version, cores: os.cpus().length, rounds: ROUNDS, count: COUNT, concurrency: 16, workers: [bare, ...rows] }, null, 2) + '\n')
console.log('\nwritten: bench/results/same-workerd.json')

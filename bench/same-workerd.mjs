// npm run bench:workerd — the fee quote and a bare Worker on ONE workerd process, without miniflare.
// `npm run bench` runs each Worker behind miniflare's entry worker (a dev-only JS worker that copies every
// request and response), which both pay; here nothing stands between the socket and the Worker, as in
// production, so the ratio shows what the quote itself costs. The quote reads neither D1 nor assets, so
// those bindings are left out. Runs alternate by fixed request counts, bare, quote, shape, bare, …; each
// quote or shape run is compared with the bare runs either side, by rps and by workerd CPU per request.
import { execFile, spawn } from 'node:child_process'
import { promisify } from 'node:util'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { QUOTE_BODY } from './scenarios.mjs'

const QUOTE_PATH = '/api/v1/fees/quote'

// Loader role: `node bench/same-workerd.mjs --drive <port> <count>` posts the quote body <count> times over
// 16 keep-alive connections and prints the seconds it took.
if (process.argv[2] === '--drive') {
  const [port, count] = process.argv.slice(3).map(Number)
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 })
  const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(QUOTE_BODY) }
  let left = count, failed = 0
  const once = () => new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, path: QUOTE_PATH, method: 'POST', headers, agent }, (res) => {
      if (res.statusCode !== 200) failed++
      res.resume(); res.on('end', resolve)
    })
    req.on('error', () => { failed++; resolve() })
    req.end(QUOTE_BODY)
  })
  const started = process.hrtime.bigint()
  await Promise.all(Array.from({ length: 16 }, async () => { while (left-- > 0) await once() }))
  console.log(JSON.stringify({ seconds: Number(process.hrtime.bigint() - started) / 1e9, failed }))
  agent.destroy()
  process.exit(0)
}

const { buildWorker } = await import('./build.mjs')
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8)
const COUNT = Number(process.env.BENCH_COUNT ?? 10_000)
const dir = 'bench/.build/same'
mkdirSync(dir, { recursive: true })
await buildWorker(`${dir}/app.js`)

const freePort = () => new Promise((resolve) => { const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)) }) })
const ports = { bare: await freePort(), quote: await freePort(), shape: await freePort() }
const vars = { ADMIN_TOKEN: 'bench', DATA_KEY: Buffer.alloc(32, 7).toString('base64'), DATA_KEY_ID: 'bench', APP_VERSION: 'bench' }
const worker = (name, file, bindings = {}) => `(name = "${name}", worker = (modules = [(name = "${file}", esModule = embed "${file}")], compatibilityDate = "2026-08-01",
      bindings = [${Object.entries(bindings).map(([k, v]) => `(name = "${k}", text = ${JSON.stringify(v)})`).join(', ')}]))`
const socket = (name) => `(name = "${name}", address = "127.0.0.1:${ports[name]}", http = (), service = "${name}")`

async function writeConfig(shape) {
  writeFileSync(`${dir}/bare.js`, 'export default { async fetch(req) { if (req.method !== "GET") await req.text(); return Response.json({ status: "ok" }) } }\n')
  writeFileSync(`${dir}/shape.js`, `const SHAPE = ${JSON.stringify(shape)}
export default { async fetch(req) { await req.text(); return new Response(SHAPE.body, { headers: { 'x-request-id': crypto.randomUUID(), ...SHAPE.headers } }) } }\n`)
  writeFileSync(`${dir}/config.capnp`, `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [${[worker('bare', 'bare.js'), worker('quote', 'app.js', vars), worker('shape', 'shape.js')].join(',\n    ')}],
  sockets = [${['bare', 'quote', 'shape'].map(socket).join(',\n    ')}],
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

// First a shape Worker with a placeholder, to take one real quote's bytes and headers; then the real shape.
await writeConfig({ body: '{}', headers: {} })
let workerd = await startWorkerd()
const sample = await fetch(`http://127.0.0.1:${ports.quote}${QUOTE_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', 'accept-encoding': 'identity' }, body: QUOTE_BODY })
if (sample.status !== 200) throw new Error(`quote sample: ${sample.status} ${await sample.text()}`)
const shape = { body: await sample.text(), headers: Object.fromEntries([...sample.headers].filter(([k]) => !['x-request-id', 'content-length'].includes(k))) }
workerd.kill()
await new Promise((r) => workerd.on('exit', r))
await writeConfig(shape)
workerd = await startWorkerd()

// utime + stime of the workerd process, in clock ticks of 1/100 s (Linux's USER_HZ).
const cpuSeconds = () => { const f = readFileSync(`/proc/${workerd.pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) / 100 }
async function drive(name, count) {
  const before = cpuSeconds()
  const { stdout } = await promisify(execFile)(process.execPath, ['bench/same-workerd.mjs', '--drive', String(ports[name]), String(count)], { encoding: 'utf8' })
  const { seconds, failed } = JSON.parse(stdout)
  if (failed) throw new Error(`${name}: ${failed} of ${count} requests failed`)
  return { rps: count / seconds, cpu_us: ((cpuSeconds() - before) * 1e6) / count }
}

for (const name of ['bare', 'quote', 'shape']) await drive(name, 2000) // warm-up: JIT, connections
const runs = { bare: [], quote: [], shape: [] }
for (let r = 0; r < ROUNDS; r++) for (const name of ['bare', 'quote', 'shape']) runs[name].push(await drive(name, COUNT))
runs.bare.push(await drive('bare', COUNT))
workerd.kill()

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2 }
const around = (k, key) => (runs.bare[k][key] + runs.bare[k + 1][key]) / 2
function row(name) {
  const byRps = runs[name].map((x, k) => x.rps / around(k, 'rps'))
  const byCpu = runs[name].map((x, k) => around(k, 'cpu_us') / x.cpu_us)
  return {
    name, rps: median(runs[name].map((x) => x.rps)), cpu_us_per_request: median(runs[name].map((x) => x.cpu_us)),
    ratio_to_bare: median(byRps), ratio_min: Math.min(...byRps), ratio_max: Math.max(...byRps), ratio_by_cpu: median(byCpu),
  }
}
const bare = { name: 'bare', rps: median(runs.bare.map((x) => x.rps)), cpu_us_per_request: median(runs.bare.map((x) => x.cpu_us)) }
const rows = [row('quote'), row('shape')]
const fmt = (n, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d })
console.log(`\nSwipeSafe bench, one workerd without miniflare — ${new Date().toISOString()} — ${os.cpus().length} cores, ${ROUNDS} rounds of ${fmt(COUNT)} requests, 16 connections\n`)
console.log('worker'.padEnd(8) + 'rps'.padStart(8) + 'CPU µs/req'.padStart(12) + 'ratio'.padStart(8) + '  low–high'.padEnd(13) + 'by CPU'.padStart(7))
console.log('bare'.padEnd(8) + fmt(bare.rps).padStart(8) + fmt(bare.cpu_us_per_request).padStart(12))
for (const r of rows) console.log(r.name.padEnd(8) + fmt(r.rps).padStart(8) + fmt(r.cpu_us_per_request).padStart(12) + fmt(r.ratio_to_bare, 2).padStart(8) + `  ${fmt(r.ratio_min, 2)}–${fmt(r.ratio_max, 2)}`.padEnd(13) + fmt(r.ratio_by_cpu, 2).padStart(7))
console.log('\nquote: POST /api/v1/fees/quote; shape: a bare Worker answering with that quote\'s bytes and headers (its floor).')
console.log('ratio: rps over the mean rps of the bare runs either side, median over rounds; by CPU: the same with workerd CPU per request.')
let rev = 'unknown'
try { rev = (await promisify(execFile)('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' })).stdout.trim() } catch {}
mkdirSync('bench/results', { recursive: true })
writeFileSync('bench/results/same-workerd.json', JSON.stringify({ at: new Date().toISOString(), git: rev, node: process.version, cores: os.cpus().length, rounds: ROUNDS, count: COUNT, concurrency: 16, workers: [bare, ...rows] }, null, 2) + '\n')
console.log('\nwritten: bench/results/same-workerd.json')

// Load generator, run as a separate process: keep-alive HTTP/1.1, fixed concurrency, fixed duration.
// Bodies carry Content-Length, as browsers and terminals send them (Node would otherwise send them chunked).
// Prints one JSON line: { requests, errors, statuses, rps, p50_ms, p99_ms }.
import http from 'node:http'
import { scenarios } from './scenarios.mjs'

const { url, scenario, seconds, concurrency, context } = JSON.parse(process.argv[2])
const target = new URL(url)
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency })
const make = scenarios[scenario].request

function once() {
  return new Promise(async (resolve) => {
    const r = await make(context)
    const started = process.hrtime.bigint()
    const req = http.request({ host: target.hostname, port: target.port, path: r.path, method: r.method ?? 'GET', headers: r.body ? { ...r.headers, 'content-length': Buffer.byteLength(r.body) } : r.headers ?? {}, agent }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }))
    })
    req.on('error', () => resolve({ status: 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }))
    if (r.body) req.write(r.body)
    req.end()
  })
}

async function drive(ms, record) {
  const stopAt = Date.now() + ms
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (Date.now() < stopAt) record(await once())
  }))
}

await drive(1000, () => {}) // warm-up: JIT, connections, D1 pages
const latencies = []
const statuses = {}
const started = Date.now()
await drive(seconds * 1000, (r) => { latencies.push(r.ms); statuses[r.status] = (statuses[r.status] ?? 0) + 1 })
const elapsed = (Date.now() - started) / 1000
latencies.sort((a, b) => a - b)
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0
const expected = scenarios[scenario].expectStatus ?? 200
const errors = latencies.length - (statuses[expected] ?? 0)
console.log(JSON.stringify({ requests: latencies.length, errors, statuses, rps: latencies.length / elapsed, p50_ms: pct(50), p99_ms: pct(99) }))
agent.destroy()

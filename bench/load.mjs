// Load generator, run as a separate process: keep-alive HTTP/1.1, fixed concurrency.
// It measures targets in alternating slices (`order`: target index per slice, e.g. A B A B … A), so a
// scenario and its baseline are driven seconds apart and a slow moment of the machine hits both alike.
// Bodies carry Content-Length, as browsers and terminals send them (Node would otherwise send them chunked).
// A slice lasts `sliceSeconds`, or with `requestsPerSlice` exactly that many requests; with `cpuPid`, each
// slice also records that process's CPU seconds over the slice (Linux /proc), so CPU per request is known.
// Prints one JSON line: per target { slices: [{ requests, seconds, p50_ms, cpu_seconds? }], statuses, p50_ms, p99_ms }.
import http from 'node:http'
import { readFileSync } from 'node:fs'
import { scenarios } from './scenarios.mjs'

const { targets, order, sliceSeconds, requestsPerSlice, cpuPid, concurrency } = JSON.parse(process.argv[2])
// utime + stime, in clock ticks of 1/100 s (Linux's USER_HZ).
const cpuSeconds = () => { const f = readFileSync(`/proc/${cpuPid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) / 100 }

const clients = targets.map(({ url, scenario, context }) => ({
  target: new URL(url),
  agent: new http.Agent({ keepAlive: true, maxSockets: concurrency }),
  make: scenarios[scenario].request,
  context,
  slices: [], latencies: [], statuses: {},
}))

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0

function once(client) {
  return new Promise(async (resolve) => {
    const r = await client.make(client.context)
    const started = process.hrtime.bigint()
    const ms = () => Number(process.hrtime.bigint() - started) / 1e6
    const headers = r.body ? { ...r.headers, 'content-length': Buffer.byteLength(r.body) } : r.headers ?? {}
    const req = http.request({ host: client.target.hostname, port: client.target.port, path: r.path, method: r.method ?? 'GET', headers, agent: client.agent }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode, ms: ms() }))
    })
    req.on('error', () => resolve({ status: 0, ms: ms() }))
    if (r.body) req.write(r.body)
    req.end()
  })
}

/**
 * Keeps `concurrency` requests in flight for `ms`, or until `count` have been sent; a slice ends when its
 * last request has answered.
 */
async function drive(client, { ms, count }, record) {
  const started = process.hrtime.bigint()
  const cpuBefore = cpuPid ? cpuSeconds() : 0
  const stopAt = Date.now() + ms
  let left = count
  const more = count === undefined ? () => Date.now() < stopAt : () => left-- > 0
  const latencies = []
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (more()) { const r = await once(client); record(r); latencies.push(r.ms) }
  }))
  const slice = { requests: latencies.length, seconds: Number(process.hrtime.bigint() - started) / 1e9, p50_ms: pct(latencies.sort((a, b) => a - b), 50) }
  return cpuPid ? { ...slice, cpu_seconds: cpuSeconds() - cpuBefore } : slice
}

for (const client of clients) await drive(client, { ms: 1000 }, () => {}) // warm-up: JIT, connections, D1 pages
const length = requestsPerSlice ? { count: requestsPerSlice } : { ms: sliceSeconds * 1000 }
for (const i of order) {
  const c = clients[i]
  c.slices.push(await drive(c, length, (r) => { c.latencies.push(r.ms); c.statuses[r.status] = (c.statuses[r.status] ?? 0) + 1 }))
}

console.log(JSON.stringify(clients.map((c) => {
  const sorted = c.latencies.sort((a, b) => a - b)
  return { slices: c.slices, statuses: c.statuses, p50_ms: pct(sorted, 50), p99_ms: pct(sorted, 99) }
})))
for (const c of clients) c.agent.destroy()

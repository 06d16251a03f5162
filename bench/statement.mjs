// npm run bench:statement — profit-share statement throughput and memory.
//
// For 100,000 and 1,000,000 generated rows (a realistic month: ~2,000 merchants under 21 agents, credit/
// debit/QR, some D0, ~1 % voids, ~2 % refunds) it measures, each in a fresh process so memory is its own:
//   engine  the pure statement engine (functions/fees/statement.ts, bundled) streaming the file from disk,
//           after three warm-up statements of 5,000 rows (a Worker isolate is long-lived; naive likewise):
//           timed: the process's first full statement, and after STATEMENT_WARM (3) more untimed ones,
//           STATEMENT_STEADY (5) statements as a long-lived isolate computes them (steady: median)
//   naive   a parse-fee-and-sum loop over the same stream: split lines and fields, fee = round(amount × rate)
//   worker  the built Worker in workerd through miniflare (real local D1): POST the file, streamed, after
//           one small untimed upload (a long-lived isolate has run the code before); includes the D1 writes
// and writes bench/results/statement.json. Rows/s is rows over wall time. Memory, for engine and naive: peak
// RSS; peak V8 heap + ArrayBuffers (what a Worker's 128 MB counts, garbage not yet collected included);
// and the live part of that after a GC, before finish() and after it (statement held). workerd has no
// isolate memory limit locally, so for the worker only the growth of the workerd process's RSS is shown,
// which also holds the runtime's request buffers and D1's SQLite pages.
//
// Env: STATEMENT_ROWS=100000,1000000  STATEMENT_WORKER=0 (skip workerd)  STATEMENT_REPEAT=3 (processes)  STATEMENT_WARM=3  STATEMENT_STEADY=5
//      PROFILE=/tmp/x.cpuprofile with `--child engine <file>`: a CPU profile of the timed part only
import { execFile } from 'node:child_process'
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { Readable } from 'node:stream'
import { promisify } from 'node:util'
import { build } from 'esbuild'

const OUT = 'bench/.build'
const CHUNK = 64 * 1024
const MONTH = '2026-11'
const ROOT = 'BENCH-TOP'
/** After the first statement of a process: full statements untimed, then timed ones (the steady figure). */
const WARM_STATEMENTS = Number(process.env.STATEMENT_WARM ?? 3)
const STEADY_STATEMENTS = Number(process.env.STATEMENT_STEADY ?? 5)

// --- The month's world and its transactions ---------------------------------------------------------------

function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function world() {
  const agents = [{ agent_id: ROOT, parent_agent_id: null }]
  for (let i = 1; i <= 20; i++) agents.push({ agent_id: `BENCH-S${String(i).padStart(2, '0')}`, parent_agent_id: ROOT })
  const merchants = []
  for (let i = 0; i < 2000; i++) merchants.push({ merchant_no: `8983${String(i).padStart(11, '0')}`, agent_id: i % 10 === 0 ? ROOT : agents[1 + (i % 20)].agent_id })
  return { agents, merchants }
}

async function generate(rows, file) {
  if (existsSync(file)) return
  const { merchants } = world()
  const rand = rng(rows)
  const out = createWriteStream(file)
  const write = (s) => (out.write(s) ? null : new Promise((r) => out.once('drain', r)))
  await write('txn_id,time,merchant_no,terminal_id,card,type,amount,settlement,original_txn_id\n')
  const recent = [] // sales that may still be refunded: [id, merchant, card, settlement, amount, refunded]
  const monthStart = Date.UTC(2026, 10, 1) - 8 * 3600_000
  const span = 30 * 86400_000
  let buf = ''
  for (let i = 0; i < rows; i++) {
    const t = new Date(monthStart + Math.floor((i * span) / rows) + 8 * 3600_000).toISOString().slice(0, 19) + '+08:00'
    const id = `B${String(i).padStart(8, '0')}`
    const r = rand()
    const last = recent[recent.length - 1]
    if (r < 0.01 && last && !last[6] && last[3] === 'T1' && last[5] === 0 && last[7] === t.slice(0, 10)) {
      // 撤销 of the sale just before: same terminal, same day, full amount.
      buf += `${id},${t},${last[1]},${last[8]},${last[2]},void,${last[4]},T1,${last[0]}\n`
      last[6] = true
    } else if (r < 0.03 && recent.length > 10) {
      const s = recent[Math.floor(rand() * recent.length)]
      const left = s[4] - s[5]
      if (s[6] || left <= 0) { i--; continue }
      const amount = rand() < 0.5 ? left : Math.max(1, Math.floor(left * rand()))
      s[5] += amount
      buf += `${id},${t},${s[1]},${s[8]},${s[2]},refund,${amount},${s[3]},${s[0]}\n`
    } else {
      const m = merchants[Math.floor(rand() * merchants.length)]
      const terminal = `T${m.merchant_no.slice(-6)}${Math.floor(rand() * 2)}`
      const c = rand()
      const card = c < 0.5 ? 'credit' : c < 0.8 ? 'debit' : 'qr'
      const settlement = rand() < 0.1 ? 'D0' : 'T1'
      const amount = Math.round(Math.exp(Math.log(500) + rand() * (Math.log(2_000_000) - Math.log(500))))
      buf += `${id},${t},${m.merchant_no},${terminal},${card},sale,${amount},${settlement},\n`
      recent.push([id, m.merchant_no, card, settlement, amount, 0, false, t.slice(0, 10), terminal])
      if (recent.length > 5000) recent.shift()
    }
    if (buf.length > 1 << 20) { await write(buf); buf = '' }
  }
  await write(buf)
  await new Promise((r) => out.end(r))
}

// --- The engine, bundled for Node ----------------------------------------------------------------------------

async function buildEngine() {
  const outfile = `${OUT}/statement-engine.mjs`
  await build({
    stdin: {
      contents: "export { StatementBuilder } from './functions/fees/statement'\nexport { termsFromBody } from './functions/fees/plans'\n",
      resolveDir: process.cwd(), loader: 'ts',
    },
    bundle: true, format: 'esm', platform: 'node', target: 'node22', outfile, logLevel: 'warning',
  })
  return outfile
}

function demoPlanVersion(termsFromBody) {
  const { plan_id, effective_from, ...body } = JSON.parse(readFileSync('scripts/lib/demo-plan.json', 'utf8'))
  return { plan_id, version: 1, effective_from, name: body.name, body, terms: termsFromBody(body), created_at: '2026-01-01T00:00:00Z' }
}

// --- Child: one measurement in its own process ---------------------------------------------------------------

async function child(mode, file) {
  const mem = () => { const m = process.memoryUsage(); return { rss: m.rss, js: m.heapUsed + m.arrayBuffers } }
  // A Worker isolate lives on between requests: warm each contender up on the first 5,000 rows first.
  const warm = readFileSync(file, 'utf8').split('\n').slice(0, 5001).join('\n') + '\n'
  let start // () => { onText, done }: one statement (or one naive pass) over the file
  if (mode === 'engine') {
    const { StatementBuilder, termsFromBody } = await import(`../${OUT}/statement-engine.mjs`)
    const plan = demoPlanVersion(termsFromBody)
    const { agents, merchants } = world()
    const context = () => ({
      month: MONTH, root: ROOT, agents, assignments: new Map([[ROOT, plan.plan_id]]), merchants, plans: new Map([[plan.plan_id, [plan]]]),
    })
    start = () => {
      const b = new StatementBuilder(context())
      return {
        onText: (text) => b.push(text),
        done: () => {
          const out = b.finish()
          if (!out.ok) throw new Error(`refused: ${JSON.stringify(out.errors.slice(0, 3))}`)
          return { held: out, result: { lines: out.statement.lines.length, profit: out.statement.totals.profit, fee: out.statement.totals.merchant_fee } }
        },
      }
    }
  } else {
    // Naive: what a quick script would do. Floats, no validation, no voids or refunds, no hierarchy.
    const rate = { credit: 0.006, debit: 0.005, qr: 0.0038 }
    start = () => {
      let rest = '', fee = 0, volume = 0, header = true
      return {
        onText: (text) => {
          const lines = (rest + text).split('\n')
          rest = lines.pop()
          for (const line of lines) {
            if (header) { header = false; continue }
            const f = line.split(',')
            const amount = Number(f[6])
            fee += Math.round(amount * rate[f[4]])
            volume += f[5] === 'refund' ? -amount : amount
          }
        },
        done: () => ({ held: null, result: { fee, volume } }),
      }
    }
  }
  for (let i = 0; i < 3; i++) { const w = start(); w.onText(warm); w.done() }

  // One statement streamed from disk, timed; memory sampled as it goes.
  const once = async (profile) => {
    global.gc?.()
    let session = null
    if (profile) { const { Session } = await import('node:inspector/promises'); session = new Session(); session.connect(); await session.post('Profiler.enable'); await session.post('Profiler.setSamplingInterval', { interval: 100 }); await session.post('Profiler.start') }
    const base = mem()
    let peak = { ...base }
    const run = start()
    const decoder = new TextDecoder('utf-8', { fatal: true })
    const started = process.hrtime.bigint()
    let chunks = 0
    for await (const chunk of createReadStream(file, { highWaterMark: CHUNK })) {
      run.onText(decoder.decode(chunk, { stream: true }))
      if ((++chunks & 7) === 0) {
        const m = mem()
        if (m.rss > peak.rss) peak.rss = m.rss
        if (m.js > peak.js) peak.js = m.js
      }
    }
    // Live memory while the file's state is still held (peak figures include garbage not yet collected).
    const gcStart = process.hrtime.bigint()
    global.gc?.()
    const live = mem().js
    const gcTime = process.hrtime.bigint() - gcStart
    const streamed = process.hrtime.bigint()
    const { held, result } = run.done()
    const seconds = Number(process.hrtime.bigint() - started - gcTime) / 1e9
    const finish_seconds = Number(process.hrtime.bigint() - streamed) / 1e9
    if (session) { const { profile: p } = await session.post('Profiler.stop'); writeFileSync(profile, JSON.stringify(p)) }
    const m = mem()
    peak = { rss: Math.max(peak.rss, m.rss), js: Math.max(peak.js, m.js) }
    global.gc?.()
    const liveAfter = mem().js
    if (held === 1) console.log() // keeps `held` reachable until here
    return { seconds, finish_seconds, js_live: live, js_live_after: liveAfter, rss_peak: peak.rss, rss_base: base.rss, js_peak: peak.js, js_base: base.js, result }
  }
  const first = await once(process.env.PROFILE)
  // Then a long-lived isolate: after WARM_STATEMENTS more full statements (untimed) V8 has optimized and
  // re-optimized all of the code, including what runs once per statement (seal, compute) and the rare
  // paths, and freed memory is reused instead of being faulted in fresh; then STEADY_STATEMENTS are timed.
  for (let i = 0; i < WARM_STATEMENTS; i++) await once(null)
  const steadySeconds = []
  for (let i = 0; i < STEADY_STATEMENTS; i++) steadySeconds.push((await once(null)).seconds)
  process.stdout.write(JSON.stringify({ ...first, steady_seconds: steadySeconds }) + '\n')
}

// --- Worker in workerd ---------------------------------------------------------------------------------------

async function worker(files) {
  const { Miniflare } = await import('miniflare')
  const { buildWorker } = await import('./build.mjs')
  const script = await buildWorker()
  const ADMIN = 'bench-admin-token'
  const mf = new Miniflare({
    host: '127.0.0.1', port: 0, handleRuntimeStdio: (o, e) => { o.resume(); e.resume() },
    workers: [{ name: 'swipesafe', modules: true, scriptPath: script, compatibilityDate: '2026-08-01', d1Databases: { DB: 'bench-statement' },
      bindings: { ADMIN_TOKEN: ADMIN, DATA_KEY: Buffer.alloc(32, 7).toString('base64'), DATA_KEY_ID: 'bench', APP_VERSION: 'bench' } }],
  })
  const url = (await mf.ready).toString().replace(/\/$/, '')
  const db = await mf.getD1Database('DB')
  for (const f of readdirSync('migrations').filter((x) => /^\d{4}_.*\.sql$/.test(x)).sort()) {
    const sql = readFileSync(`migrations/${f}`, 'utf8').replace(/--.*$/gm, '')
    for (const stmt of sql.split(/;\s*$/m).map((s) => s.trim()).filter(Boolean)) await db.prepare(stmt).run()
  }
  const { agents, merchants } = world()
  const now = new Date().toISOString()
  await db.batch(agents.map((a) => db.prepare('INSERT INTO agents (agent_id, name, parent_agent_id, created_at) VALUES (?1, ?1, ?2, ?3)').bind(a.agent_id, a.parent_agent_id, now)))
  for (let i = 0; i < merchants.length; i += 500) {
    await db.batch(merchants.slice(i, i + 500).map((m) => db.prepare('INSERT INTO merchants (merchant_no, name, agent_id, created_at) VALUES (?1, ?1, ?2, ?3)').bind(m.merchant_no, m.agent_id, now)))
  }
  const admin = { authorization: `Bearer ${ADMIN}` }
  const plan = JSON.parse(readFileSync('scripts/lib/demo-plan.json', 'utf8'))
  let res = await fetch(`${url}/api/v1/admin/rate-plans`, { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify(plan) })
  if (res.status === 404) {
    await mf.dispose()
    return Object.fromEntries(files.map(([rows]) => [rows, { skipped: 'rate plans and statements are not mounted in functions/app.ts yet' }]))
  }
  if (res.status !== 201) throw new Error(`plan: ${res.status} ${await res.text()}`)
  res = await fetch(`${url}/api/v1/admin/agents/${ROOT}/rate-plan`, { method: 'PUT', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ plan_id: plan.plan_id }) })
  if (res.status !== 200) throw new Error(`assign: ${res.status} ${await res.text()}`)

  // One small untimed upload first, as the load bench warms up: a long-lived isolate has run the code before.
  const warm = readFileSync(files[0][1], 'utf8').split('\n').slice(0, 2001).join('\n') + '\n'
  res = await fetch(`${url}/api/v1/statements?month=${MONTH}&agent_id=${ROOT}`, { method: 'POST', headers: { ...admin, 'content-type': 'text/csv' }, body: warm })
  await res.arrayBuffer()
  const workerd = await findWorkerd()
  const out = {}
  for (const [rows, file] of files) {
    const before = workerd ? rssOf(workerd) : null
    let peak = before ?? 0
    const timer = workerd ? setInterval(() => { peak = Math.max(peak, rssOf(workerd) ?? 0) }, 20) : null
    const started = process.hrtime.bigint()
    res = await fetch(`${url}/api/v1/statements?month=${MONTH}&agent_id=${ROOT}`, {
      method: 'POST', headers: { ...admin, 'content-type': 'text/csv' }, body: Readable.toWeb(createReadStream(file, { highWaterMark: CHUNK })), duplex: 'half',
    })
    const body = await res.json()
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    if (timer) clearInterval(timer)
    if (res.status === 404) { out[rows] = { skipped: 'POST /api/v1/statements is not mounted in functions/app.ts yet' }; continue }
    if (res.status !== 201) throw new Error(`statement: ${res.status} ${JSON.stringify(body).slice(0, 500)}`)
    out[rows] = { seconds, rows_per_s: rows / seconds, workerd_rss_before_mb: before && before / 2 ** 20, workerd_rss_peak_mb: workerd ? peak / 2 ** 20 : null, lines: body.line_count, profit: body.totals.profit }
  }
  await mf.dispose()
  return out
}

async function findWorkerd() {
  try {
    const { stdout } = await promisify(execFile)('ps', ['-eo', 'pid,ppid,rss,comm'])
    const rows = stdout.trim().split('\n').slice(1).map((l) => l.trim().split(/\s+/))
    const mine = new Set([String(process.pid)])
    let grew = true
    while (grew) { grew = false; for (const [pid, ppid] of rows) if (mine.has(ppid) && !mine.has(pid)) { mine.add(pid); grew = true } }
    const w = rows.filter(([pid, , , comm]) => mine.has(pid) && /workerd/.test(comm)).sort((a, b) => Number(b[2]) - Number(a[2]))[0]
    return w ? Number(w[0]) : null
  } catch { return null }
}

function rssOf(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) * 1024 : null
  } catch { return null }
}

// --- Main ----------------------------------------------------------------------------------------------------

async function main() {
  mkdirSync(OUT, { recursive: true })
  const sizes = (process.env.STATEMENT_ROWS ?? '100000,1000000').split(',').map(Number)
  const repeat = Number(process.env.STATEMENT_REPEAT ?? 3)
  await buildEngine()
  const files = []
  for (const n of sizes) {
    const file = `${OUT}/statement-${n}.csv`
    process.stderr.write(`bench: generating ${n.toLocaleString('en-US')} rows…\n`)
    await generate(n, file)
    files.push([n, file])
  }
  const run = async (mode, file) => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', 'bench/statement.mjs', '--child', mode, file], { maxBuffer: 1 << 20 })
    return JSON.parse(stdout.trim().split('\n').pop())
  }
  const median = (xs) => { const v = [...xs].sort((a, b) => a - b); return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2 }
  const results = []
  for (const [rows, file] of files) {
    const bytes = readFileSync(file).length
    for (const mode of ['engine', 'naive']) {
      process.stderr.write(`bench: ${mode} ${rows.toLocaleString('en-US')} rows (${repeat} processes: a first statement, ${WARM_STATEMENTS} untimed, ${STEADY_STATEMENTS} steady)…\n`)
      const runs = []
      for (let i = 0; i < repeat; i++) runs.push(await run(mode, file))
      const best = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a))
      const steady = median(runs.flatMap((r) => r.steady_seconds))
      results.push({
        mode, rows, mb: bytes / 2 ** 20,
        // First statement in a fresh process (after the 5,000-row warm-ups): best and median of the processes.
        seconds: best.seconds, rows_per_s: rows / best.seconds, first_median_rows_per_s: rows / median(runs.map((r) => r.seconds)),
        // Statements of a long-lived isolate (see child): the median over the processes.
        steady_seconds: steady, steady_rows_per_s: rows / steady,
        rss_peak_mb: best.rss_peak / 2 ** 20, rss_growth_mb: (best.rss_peak - best.rss_base) / 2 ** 20,
        heap_and_buffers_peak_mb: best.js_peak / 2 ** 20, heap_and_buffers_growth_mb: (best.js_peak - best.js_base) / 2 ** 20,
        live_before_finish_mb: best.js_live / 2 ** 20, live_after_finish_mb: best.js_live_after / 2 ** 20, finish_seconds: best.finish_seconds, result: best.result,
      })
    }
  }
  let workerResults = null
  if (process.env.STATEMENT_WORKER !== '0') {
    process.stderr.write('bench: worker (workerd via miniflare, real D1)…\n')
    workerResults = await worker(files)
    for (const [rows] of files) {
      const w = workerResults[rows]
      results.push(w.skipped ? { mode: 'worker', rows, skipped: w.skipped } : { mode: 'worker', rows, seconds: w.seconds, rows_per_s: w.rows_per_s, workerd_rss_peak_mb: w.workerd_rss_peak_mb, workerd_rss_before_mb: w.workerd_rss_before_mb, result: { lines: w.lines, profit: w.profit } })
    }
  }

  const fmt = (n, d = 0) => (n == null ? '—' : n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }))
  console.log(`\nSwipeSafe statement bench — ${new Date().toISOString()} — node ${process.version}, ${os.cpus().length} cores\n`)
  console.log('mode'.padEnd(8) + 'rows'.padStart(11) + 'MB'.padStart(7) + 'first s'.padStart(9) + 'first rows/s'.padStart(14) + 'steady rows/s'.padStart(15) + 'steady vs naive'.padStart(17) + 'peak RSS MB'.padStart(13) + 'heap+buf MB'.padStart(13) + 'live MB'.padStart(9) + 'live end'.padStart(10))
  for (const r of results) {
    if (r.skipped) { console.log(r.mode.padEnd(8) + fmt(r.rows).padStart(11) + '  skipped: ' + r.skipped); continue }
    const naive = results.find((x) => x.mode === 'naive' && x.rows === r.rows)
    const ratio = r.mode === 'engine' ? r.steady_rows_per_s / naive.steady_rows_per_s : null
    const mem = r.mode === 'worker' ? `+${fmt(r.workerd_rss_peak_mb - r.workerd_rss_before_mb)} workerd` : fmt(r.rss_peak_mb)
    console.log(r.mode.padEnd(8) + fmt(r.rows).padStart(11) + fmt(r.mb ?? null, 1).padStart(7) + fmt(r.seconds, 2).padStart(9) + fmt(r.rows_per_s).padStart(14) + fmt(r.steady_rows_per_s ?? null).padStart(15) + (ratio == null ? '' : fmt(ratio, 2)).padStart(17) + mem.padStart(13) + (r.heap_and_buffers_peak_mb == null ? '' : fmt(r.heap_and_buffers_peak_mb)).padStart(13) + (r.live_before_finish_mb == null ? '' : fmt(r.live_before_finish_mb)).padStart(9) + (r.live_after_finish_mb == null ? '' : fmt(r.live_after_finish_mb)).padStart(10))
  }
  console.log(`first: a fresh process's first statement (best of ${repeat}); steady: median of ${STEADY_STATEMENTS} statements per process after ${WARM_STATEMENTS} untimed ones.`)
  // Two sizes give a line: seconds = fixed + rows / marginal rate. The fixed part is per statement
  // (finish() over lines and terminals, which depend on merchants, not rows).
  const model = {}
  for (const mode of ['engine', 'worker']) {
    const [a, b] = results.filter((r) => r.mode === mode && !r.skipped).sort((x, y) => x.rows - y.rows)
    if (a && b && b.seconds > a.seconds) {
      const marginal = (b.rows - a.rows) / (b.seconds - a.seconds)
      model[mode] = { marginal_rows_per_s: marginal, fixed_seconds: a.seconds - a.rows / marginal }
    }
  }
  for (const [mode, m] of Object.entries(model)) console.log(`${mode}: ~${fmt(m.fixed_seconds, 2)} s per statement + ${fmt(m.marginal_rows_per_s)} rows/s`)
  const report = { at: new Date().toISOString(), node: process.version, cores: os.cpus().length, load_average: os.loadavg(), chunk_bytes: CHUNK, target_rows_per_s: 500_000, model, results }
  mkdirSync('bench/results', { recursive: true })
  writeFileSync('bench/results/statement.json', JSON.stringify(report, null, 2) + '\n')
  console.log('\nwritten: bench/results/statement.json')
  // The target: 500,000 rows/s in a long-lived isolate at every size, and for a first statement at the largest.
  const engine = results.filter((r) => r.mode === 'engine').sort((x, y) => y.rows - x.rows)
  const short = [...engine.filter((r) => r.steady_rows_per_s < 500_000).map((r) => `steady at ${r.rows} rows`), ...engine.slice(0, 1).filter((r) => r.rows_per_s < 500_000).map((r) => `first statement at ${r.rows} rows`)]
  if (short.length) { console.error(`bench: engine below 500,000 rows/s: ${short.join(', ')}`); process.exitCode = 1 }
}

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4])
else await main()

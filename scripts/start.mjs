// npm start: build the site, migrate and seed the local D1, and serve site + API on http://localhost:8787.
import { readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describeCredentials, seedDemo } from './lib/seed.mjs'
import { ensureDevVars, run, startWranglerDev, stopWranglerDev, waitForHealth } from './lib/wrangler.mjs'

const PORT = Number(process.env.PORT ?? 8787)
const base = `http://localhost:${PORT}`

const vars = ensureDevVars()
run('npm', ['run', '--silent', 'build:site'])
run('npx', ['wrangler', 'd1', 'migrations', 'apply', 'DB', '--local'])

const dev = startWranglerDev({ port: PORT })
const stop = async () => { await stopWranglerDev(dev); process.exit(0) }
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
dev.on('exit', (code) => process.exit(code ?? 0))

await waitForHealth(base, dev)
const { created, credentials } = await seedDemo(base, vars.ADMIN_TOKEN, '.wrangler/demo-credentials.json')

const d1Dir = '.wrangler/state/v3/d1/miniflare-D1DatabaseObject'
const dbFile = readdirSync(d1Dir).find((f) => f.endsWith('.sqlite'))
console.log([
  '',
  '──────────────── 刷卡无忧 SwipeSafe is running ────────────────',
  `  培训站点 site        ${base}/          English ${base}/en/`,
  `  登录 sign in         ${base}/sign-in/`,
  `  API                  ${base}/api/v1/health   reference ${base}/api/docs`,
  `  本地数据库 local D1   ${relative(process.cwd(), join(d1Dir, dbFile ?? '?'))}`,
  `  演示数据 demo data    ${created ? `seeded ${created} new records` : 'already present (reused)'}`,
  `  管理员令牌 admin token (Authorization: Bearer …)  ${vars.ADMIN_TOKEN}`,
  '  演示登录 demo sign-in codes:',
  ...describeCredentials(credentials),
  '  Ctrl+C to stop. Secrets live in .dev.vars; codes in .wrangler/demo-credentials.json.',
  '────────────────────────────────────────────────────────────────',
].join('\n'))

// npm run test:e2e: build the site, start the Worker (site + API) on a fresh local D1 in a temp folder,
// seed the demo data, then run the browser tests in Debian's Chromium. Exit code = the tests'.
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { seedDemo } from './lib/seed.mjs'
import { newCertKey, OFFLINE_ENV, run, startWranglerDev, stopWranglerDev, waitForHealth } from './lib/wrangler.mjs'

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
if (!existsSync(chromium)) {
  console.error(`e2e: no Chromium at ${chromium}. Install it with: apt-get update && apt-get install -y chromium`)
  process.exit(1)
}

const port = 8900 + Math.floor(Math.random() * 90)
const base = `http://localhost:${port}`
const state = mkdtempSync(join(tmpdir(), 'swipesafe-e2e-'))
const vars = { ADMIN_TOKEN: randomBytes(16).toString('hex'), DATA_KEY: randomBytes(32).toString('base64'), DATA_KEY_ID: 'e2e', CERT_SIGNING_KEY: newCertKey().replace(/\n/g, '\\n') }

if (!process.env.E2E_SKIP_BUILD) run('npm', ['run', '--silent', 'build:site'])
run('npx', ['wrangler', 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', state])
const dev = startWranglerDev({ port, persistTo: state, vars, quiet: true })
let code = 1
try {
  await waitForHealth(base, dev)
  const credentialsFile = join(state, 'credentials.json')
  await seedDemo(base, vars.ADMIN_TOKEN, credentialsFile)
  const r = spawnSync('npx', ['vitest', 'run', '--config', 'vitest.e2e.config.ts', ...process.argv.slice(2)], {
    stdio: 'inherit', env: { ...OFFLINE_ENV, E2E_BASE_URL: base, E2E_CREDENTIALS: credentialsFile, E2E_ADMIN_TOKEN: vars.ADMIN_TOKEN, CHROMIUM_PATH: chromium },
  })
  code = r.status ?? 1
} catch (err) {
  console.error(`e2e: ${err.message}`)
} finally {
  await stopWranglerDev(dev)
  rmSync(state, { recursive: true, force: true })
}
process.exit(code)

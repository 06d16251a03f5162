// npm run deploy: build the site, apply D1 migrations remotely, deploy the Worker. Needs `wrangler login`
// and the secrets set with `wrangler secret put` (see README). Never run by CI.
import { readFileSync } from 'node:fs'
import { run } from './lib/wrangler.mjs'

if (/database_id = "0{8}-/.test(readFileSync('wrangler.toml', 'utf8'))) {
  console.error('deploy: set database_id in wrangler.toml first (npx wrangler d1 create swipesafe).')
  process.exit(1)
}
run('npm', ['run', '--silent', 'build:site'])
run('npx', ['wrangler', 'd1', 'migrations', 'apply', 'DB', '--remote'])
run('npx', ['wrangler', 'deploy'])

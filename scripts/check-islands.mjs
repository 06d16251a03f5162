// npm test, first step for the site: type-check the <script> of every .astro component (the islands). Astro
// bundles those scripts without checking their types, and tsc does not read .astro files; so each script is
// copied next to its component as a .ts file (its `import type … from './X.astro'` pointing at a copy of X's
// frontmatter, where the strings interfaces live), tsc checks them with site/tsconfig.json, and the copies go.
// Errors are reported at the component's own lines.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

const PREFIX = '__island_check_'

// The astro:* modules' types come from `astro sync` (a fresh clone has none until the first build).
if (!existsSync('site/.astro/types.d.ts')) {
  const sync = spawnSync('npx', ['astro', 'sync'], { cwd: 'site', encoding: 'utf8', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } })
  if (sync.status !== 0) {
    console.error(sync.stdout + sync.stderr)
    console.error('check-islands: astro sync failed')
    process.exit(1)
  }
}
const components = readdirSync('site/src/components', { recursive: true })
  .filter((f) => f.endsWith('.astro'))
  .map((f) => join('site/src/components', f))

/** Copy (as tsc prints it, run in site/) -> [component, line offset]. */
const origin = new Map()
const written = []
try {
  for (const file of components) {
    const src = readFileSync(file, 'utf8')
    const name = basename(file, '.astro')
    const scripts = [...src.matchAll(/<script>([\s\S]*?)<\/script>/g)]
    if (scripts.length === 0) continue
    // The frontmatter up to its Props: imports and the exported interfaces. Stylesheets and the components the
    // template uses (default imports of .astro files) are left out: scripts never import them.
    const head = (src.split('---')[1] ?? '').split(/^interface Props/m)[0].split('\n')
      .filter((l) => !/^\s*import '.*\.css'/.test(l) && !/^\s*import \w+ from '.*\.astro'/.test(l)).join('\n')
    const strings = join(dirname(file), `${PREFIX}${name}.strings.ts`)
    writeFileSync(strings, head)
    written.push(strings)
    scripts.forEach((m, i) => {
      const copy = join(dirname(file), `${PREFIX}${name}.${i}.ts`)
      writeFileSync(copy, m[1].replace(/from '\.\/(\w+)\.astro'/g, (_, n) => `from './${PREFIX}${n}.strings'`))
      written.push(copy)
      origin.set(copy.replace(/^site\//, ''), [file, src.slice(0, m.index + '<script>'.length).split('\n').length - 1])
    })
  }
  const r = spawnSync('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json'], { cwd: 'site', encoding: 'utf8' })
  const lines = (r.stdout + r.stderr).split('\n')
  // starlight-links-validator ships .ts sources that do not type-check on their own: not ours to fix.
  const ours = lines.filter((l) => /^src\/.*error TS/.test(l)).map((l) => {
    const m = /^(src\/[^(]+)\((\d+),(\d+)\)(.*)$/.exec(l)
    const at = m && origin.get(m[1])
    return at ? `${at[0]}:${Number(m[2]) + at[1]}:${m[3]}${m[4]}` : `site/${l}`
  })
  if (ours.length) {
    console.error(ours.join('\n'))
    console.error(`check-islands: ${ours.length} type error(s) in the site's scripts`)
    process.exitCode = 1
  } else if (r.status !== 0 && !lines.some((l) => /error TS/.test(l))) {
    console.error(r.stdout + r.stderr)
    console.error('check-islands: tsc did not run')
    process.exitCode = 1
  } else {
    console.log(`check-islands: ${origin.size} scripts of ${components.length} components type-check`)
  }
} finally {
  for (const f of written) rmSync(f, { force: true })
}

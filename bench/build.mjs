// Bundles the Worker the way wrangler does (ESM, workerd conditions) so the bench runs the real code.
import { build } from 'esbuild'

export async function buildWorker(outfile = 'bench/.build/worker.js') {
  await build({
    entryPoints: ['functions/index.ts'], bundle: true, format: 'esm', platform: 'neutral', target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'], mainFields: ['browser', 'module', 'main'], minify: true,
    outfile, logLevel: 'warning', external: ['cloudflare:*', 'node:*'],
  })
  return outfile
}

// Copies Scalar's standalone bundle into the site's public folder so /api/docs loads it from our own origin.
import { copyFileSync, mkdirSync } from 'node:fs'

const from = new URL('../node_modules/@scalar/api-reference/dist/browser/standalone.js', import.meta.url)
const dir = new URL('../site/public/scalar/', import.meta.url)
mkdirSync(dir, { recursive: true })
copyFileSync(from, new URL('standalone.js', dir))

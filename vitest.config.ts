import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin'
import { generateKeyPairSync } from 'node:crypto'
import { defineConfig } from 'vitest/config'

// Unit and integration tests run inside workerd with a real (SQLite-backed) D1.
export default defineConfig(async () => ({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: await readD1Migrations('./migrations'),
          ADMIN_TOKEN: 'test-admin-token-0123456789abcdef',
          DATA_KEY: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
          DATA_KEY_ID: 'test1',
          CERT_SIGNING_KEY: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        },
      },
    }),
  ],
  test: {
    include: ['test/**/*.test.ts'],
    // Request logs only for failing tests.
    silent: 'passed-only',
    exclude: ['test/e2e/**'],
    setupFiles: ['./test/apply-migrations.ts'],
  },
}))

import { applyD1Migrations } from 'cloudflare:test'
import { env } from 'cloudflare:workers'

// Runs before each test file; migrations are idempotent, storage is per file.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS)

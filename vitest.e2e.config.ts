import { defineConfig } from 'vitest/config'

// Browser tests: Node drives Debian's Chromium (playwright-core) against the running Worker (scripts/e2e.mjs).
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
})

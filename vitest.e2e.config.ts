import { defineConfig } from 'vitest/config';

// End-to-end: each spec file starts the real server on a fresh embedded database and drives
// the system Chromium through playwright-core. Run with `npm run test:e2e` (it builds web/dist first).
export default defineConfig({
  test: {
    include: ['e2e/**/*.spec.ts'],
    testTimeout: 120_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    // A change the page shows after a save (a status, a row) may take seconds on a busy machine;
    // vitest's own default gives expect.poll one second.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    pool: 'forks',
  },
});

import { defineConfig } from 'vitest/config';

/**
 * `npm run test:faults`: fault tests (kill -9 a worker, restart Redis, stop
 * PostgreSQL, poisoned stories). Each file starts its own private Redis and
 * PostgreSQL (tests/helpers/private-services.ts) and worker processes, so the
 * files run one after the other to keep the machine responsive.
 */
export default defineConfig({
  test: {
    include: ['tests/faults/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The machines have 2 cores: forks keep emulators and fake servers isolated per file.
    pool: 'forks',
    // Vitest's default is one worker on 2 cores (cores − 1). Much of the suite waits on sockets and backoff timers
    // (the fault matrix alone is ~60 s of mostly waiting), so two files at a time use the cores better:
    // on this 2-core machine the suite took 296 s with one worker and 194 s with two (2026-12-01).
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});

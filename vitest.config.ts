import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { PlainSummaryReporter } from './vitest.summary-reporter.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Vitest's default is one worker fewer than the cores: one worker on 2 cores. Most test files wait on child
    // processes (the deployed functions, osls, chromium) or the embedded cloud's HTTP, so two files at a time on
    // 2 cores take ~7 min instead of ~12.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 60_000,
    unstubEnvs: true,
    reporters: ['default', new PlainSummaryReporter()],
  },
});

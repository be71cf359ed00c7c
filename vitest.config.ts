import { defineConfig } from 'vitest/config';
import { PlainSummaryReporter } from './vitest.summary-reporter.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    unstubEnvs: true,
    reporters: ['default', new PlainSummaryReporter()],
  },
});

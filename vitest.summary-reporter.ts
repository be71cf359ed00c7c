import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints `tests: N passed, N failed, N skipped` as the very last line, the plain form CI reads.
 * A test file that fails to load counts as one failure, and so does each unhandled error.
 */
class PlainSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of testModules) {
      let n = 0;
      for (const t of mod.children.allTests()) {
        n++;
        const state = t.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      if (n === 0 && mod.state() === 'failed') failed++;
    }
    failed += unhandledErrors.length;
    process.stdout.write(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}

export { PlainSummaryReporter };

import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints one plain closing line, `N passed, N failed, N skipped`, after vitest's own summary:
 * CI reads this line, not vitest's formatted one. Failed suites (a file that does not even
 * load) and unhandled errors count as failures so they can never hide behind a green count.
 *
 * The counts come from `onTestRunEnd`; the line is written from `onFinished`, because vitest
 * calls every reporter's `onTestRunEnd` before any `onFinished`, and the default reporter
 * prints its summary (and the failure details) from `onFinished`: listed after it, this
 * reporter's line comes last.
 */
export default class SummaryReporter implements Reporter {
  private line: string | undefined;

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>) {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const testModule of testModules) {
      if (testModule.state() === 'failed' && countTests(testModule) === 0) failed += 1;
      for (const test of testModule.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped += 1;
      }
    }
    this.line = `${passed} passed, ${failed} failed, ${skipped} skipped`;
  }

  onFinished() {
    // A run that never reached onTestRunEnd (it crashed first) must not look green.
    process.stdout.write(`\n${this.line ?? '0 passed, 1 failed, 0 skipped'}\n`);
  }
}

function countTests(testModule: TestModule): number {
  let count = 0;
  for (const _ of testModule.children.allTests()) count += 1;
  return count;
}

// Playwright reporter: after the run, the ten slowest tests with their time, so CI time can be watched
// (used beside the list reporter in playwright.config.ts).
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

const SHOWN = 10;

export default class SlowestTests implements Reporter {
  private readonly times: { name: string; ms: number }[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    this.times.push({ name: `${test.location.file.split('/tests/e2e/').pop()}:${test.location.line} ${test.title}`, ms: result.duration });
  }

  onEnd(_result: FullResult): void {
    if (this.times.length === 0) return;
    const top = [...this.times].sort((a, b) => b.ms - a.ms).slice(0, SHOWN);
    const lines = top.map((t) => `  ${(t.ms / 1000).toFixed(2).padStart(7)} s  ${t.name}`);
    process.stdout.write(`\nSlowest ${top.length} end-to-end tests:\n${lines.join('\n')}\n`);
  }

  printsToStdio(): boolean {
    return false;
  }
}

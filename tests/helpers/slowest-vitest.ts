// Vitest reporter: after the run, the ten slowest tests with their time, so CI time can be watched
// (used beside the default reporter in vitest.config.ts).
import { relative } from 'node:path';
import type { Reporter, TestCase } from 'vitest/node';

const SHOWN = 10;

export default class SlowestTests implements Reporter {
  private readonly times: { name: string; ms: number }[] = [];

  onTestCaseResult(test: TestCase): void {
    const d = test.diagnostic();
    if (!d) return;
    this.times.push({ name: `${relative(process.cwd(), test.module.moduleId)} > ${test.fullName}`, ms: d.duration });
  }

  onTestRunEnd(): void {
    if (this.times.length === 0) return;
    const top = [...this.times].sort((a, b) => b.ms - a.ms).slice(0, SHOWN);
    const lines = top.map((t) => `  ${(t.ms / 1000).toFixed(2).padStart(7)} s  ${t.name}`);
    process.stdout.write(`\nSlowest ${top.length} unit tests:\n${lines.join('\n')}\n`);
  }
}

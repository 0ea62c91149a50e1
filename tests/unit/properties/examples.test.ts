// The repository's example scenarios (the ones lessons and widgets load) pass the independent checker, and
// the contract's command line end to end: `simulate` writes a trace that `check-trace` accepts, and
// check-trace rejects a tampered copy with exit 1.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTrace, formatResult, type TraceLine } from '../../../src/checker/index.ts';
import { Simulation } from '../../../src/raft/index.ts';
import { exampleNames, getExample } from '../../../src/scenarios/index.ts';

const root = join(import.meta.dirname, '..', '..', '..');

/** Property runs are CPU-bound: a loaded machine may take many times what they need on an idle core. */
const SLOW = 600_000;

describe('example scenarios pass the checker', () => {
  for (const name of exampleNames) {
    it(name, () => {
      const s = getExample(name)!;
      const sim = new Simulation(s);
      sim.advanceTo(s.until);
      const r = checkTrace([...sim.trace(), sim.finalLine()] as unknown as TraceLine[], { requireFinal: true });
      expect(r.violations, formatResult(r)).toEqual([]);
      expect(r.ok).toBe(true);
    });
  }
});

describe('simulate | check-trace', () => {
  it('accepts the trace of the worked example and rejects a tampered one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-trace-'));
    const trace = join(dir, 'trace.jsonl');
    const sim = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/simulate.ts', 'src/scenarios/examples/worked-example-3.json', '--out', trace], { cwd: root, encoding: 'utf8' });
    expect(sim.status, sim.stderr).toBe(0);
    const good = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/check-trace.ts', trace], { cwd: root, encoding: 'utf8' });
    expect(good.stdout).toContain('OK: no violation');
    expect(good.status).toBe(0);
    // Make a second node leader of the first leader's term: check-trace must name the violation and exit 1.
    const lines = readFileSync(trace, 'utf8').trim().split('\n');
    const i = lines.findIndex((l) => JSON.parse(l).role === 'leader');
    const lead = JSON.parse(lines[i]);
    const other = JSON.parse(lines.find((l) => JSON.parse(l).type === 'role' && JSON.parse(l).node !== lead.node)!);
    lines.splice(i + 1, 0, JSON.stringify({ t: lead.t, type: 'role', node: other.node, role: 'leader', term: lead.term }));
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, lines.join('\n') + '\n');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/check-trace.ts', bad], { cwd: root, encoding: 'utf8' });
    expect(r.stdout).toContain('[election-safety] two leaders in term');
    expect(r.status).toBe(1);
    const usage = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/check-trace.ts'], { cwd: root, encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('usage');
  }, SLOW);
});

// Golden traces (issue 16): each example scenario of src/scenarios/examples runs to its end and its contract trace
// (JSON Lines, final line included) is compared byte for byte with tests/unit/raft/golden/<name>.jsonl. An engine
// change that alters a run — and so share links and exercise solutions — shows here, in review. Regenerate on
// purpose with UPDATE_GOLDEN=1 npx vitest run tests/unit/raft/golden.test.ts
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkTrace } from '../../../src/checker/index';
import { Simulation, toJsonl } from '../../../src/raft/index';
import { exampleNames, getExample } from '../../../src/scenarios/index';

const DIR = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

describe('golden traces of the example scenarios', () => {
  it('there is one golden file per example', () => {
    expect(exampleNames.length).toBeGreaterThan(5);
  });
  it.each(exampleNames.map((n) => [n]))('%s: the trace is byte-identical to its golden file, and checks', (name) => {
    const scenario = getExample(name);
    expect(scenario, name).toBeDefined();
    const sim = new Simulation(scenario!);
    sim.run();
    const text = toJsonl(sim.trace(), sim.finalLine());
    expect(checkTrace(sim.trace()).violations).toEqual([]);
    const file = join(DIR, `${name}.jsonl`);
    if (UPDATE || !existsSync(file)) {
      if (!UPDATE && process.env.CI) throw new Error(`missing golden file ${name}.jsonl (run with UPDATE_GOLDEN=1)`);
      mkdirSync(DIR, { recursive: true });
      writeFileSync(file, text);
    }
    const want = readFileSync(file, 'utf8');
    // Compare lines first for a readable diff, then bytes.
    expect(text.split('\n')).toEqual(want.split('\n'));
    expect(text === want).toBe(true);
  });
});

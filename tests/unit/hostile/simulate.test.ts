// Hostile inputs to `npm run simulate` (issue 15, cases 1 to 3): huge but legal scenarios, unwritable --out,
// a closed pipe, a byte-order mark. Every failure is one line on standard error, never a stack trace.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Simulation, toJsonl, type TraceLine } from '../../../src/raft/index';
import { writeJson, writeTraceLine } from '../../../src/raft/trace';
import { exampleNames, getExample, parseScenario } from '../../../src/scenarios/index';
import { streamTrace } from '../../../scripts/stream-trace';
import { MAX_SCENARIO_FILE_BYTES, MAX_TRACE_VALUE_BYTES, MAX_VALUE_CHARS, MAX_WORK } from '../../../src/scenarios/limits';

const dir = mkdtempSync(join(tmpdir(), 'hostile-sim-'));
const simulate = (...args: string[]) => spawnSync('npx', ['tsx', 'scripts/simulate.ts', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
/** Room for the two heavy cases on a loaded machine (a bound, not a speed goal). */
const HEAVY = 300_000;
const NINE = ['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7', 'n8', 'n9'];
/** One line, no stack trace ("    at …" lines, "Error:" headers, file positions). */
const oneLine = (s: string) => {
  expect(s.endsWith('\n')).toBe(true);
  expect(s.trimEnd().split('\n')).toHaveLength(1);
  expect(s).not.toMatch(/\n\s+at |RangeError|TypeError|node:internal|\.ts:\d+/);
};
function file(name: string, data: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, typeof data === 'string' ? data : JSON.stringify(data));
  return p;
}

describe('case 1: a legal but huge run is bounded before it starts', () => {
  it('500 puts of 65,536-character values on 9 nodes: exit 2 naming the limit, no trace file', () => {
    const events = Array.from({ length: 500 }, (_, i) => ({ at: 1000 + i, action: 'put', key: `k${i}`, value: 'x'.repeat(MAX_VALUE_CHARS) }));
    const scenario = { seed: 1, members: NINE, until: 10_000, events };
    const out = join(dir, 'big.jsonl');
    const r = simulate(file('big.json', scenario), '--out', out);
    expect(r.status).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/^scenario\.events: the trace would carry about 622\.6 MB of keys and values .*at most 256 MB/);
    expect(existsSync(out)).toBe(false);
  }, HEAVY);

  it('a 24-hour run with 9 nodes and heartbeats every 10 ms: exit 2 naming the limit', () => {
    const scenario = { seed: 1, members: NINE, timing: { heartbeatMs: 10 }, network: { dropRate: 0.3 }, until: 86_400_000, events: [] };
    const r = simulate(file('long.json', scenario));
    expect(r.status).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toBe(`scenario.until: too long a run for heartbeats every 10 ms (about 700 million messages; at most ${MAX_WORK / 1e6} million)\n`);
  });

  it('the limits are checked by the schema (widgets and links get the same answer)', () => {
    const ok = parseScenario({ seed: 1, members: NINE, until: 10_000, events: [{ at: 1, action: 'put', key: 'k', value: 'x'.repeat(MAX_VALUE_CHARS) }] });
    expect(ok.ok).toBe(true);
    const values = Math.ceil(MAX_TRACE_VALUE_BYTES / 19 / MAX_VALUE_CHARS) + 1;
    const tooMuch = parseScenario({ seed: 1, members: NINE, until: 10_000, events: Array.from({ length: values }, (_, i) => ({ at: i, action: 'put', key: 'k', value: 'x'.repeat(MAX_VALUE_CHARS) })) });
    expect(tooMuch.ok || tooMuch.error).toMatch(/^scenario\.events: the trace would carry/);
  });

  it('a scenario file larger than the limit is refused without being read', () => {
    const p = join(dir, 'huge.json');
    writeFileSync(p, '');
    truncateSync(p, MAX_SCENARIO_FILE_BYTES + 1); // sparse: nothing is written
    const r = simulate(p);
    expect(r.status).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/scenario file too large \(64 MB; at most 64 MB\)|scenario file too large/);
  });
});

describe('case 1: the trace is streamed, byte for byte as before', () => {
  it('the final line is written in pieces: no single string, even past a string’s maximum length', () => {
    // 9 nodes × 920 log entries × 65,536 characters: about 543 million characters, just past V8's string limit.
    const value = 'v'.repeat(MAX_VALUE_CHARS);
    const log = Array.from({ length: 920 }, (_, i) => ({ index: i + 1, term: 1, entry: { kind: 'put' as const, key: `k${i}`, value } }));
    const nodes = Object.fromEntries(NINE.map((id) => [id, { role: 'follower' as const, term: 1, votedFor: null, commitIndex: 1000, lastApplied: 1000, up: true, log }]));
    const final = { t: 1, type: 'final', nodes } as TraceLine;
    expect(() => toJsonl([], final)).toThrow(RangeError); // what simulate did before: one big string
    let chars = 0;
    let longest = 0;
    writeTraceLine(final, (c) => {
      chars += c.length;
      longest = Math.max(longest, c.length);
    });
    expect(chars).toBeGreaterThan(2 ** 29);
    expect(longest).toBeLessThan(MAX_VALUE_CHARS + 200);
  }, HEAVY);

  it('writeJson gives exactly JSON.stringify’s bytes', () => {
    const samples: unknown[] = [
      { a: 1, b: [1, 'x', null, { c: undefined, d: '\u202e<script>' }], e: undefined, f: true, g: -0, h: 1e21 },
      [undefined, () => 1, 'é"\\\n'],
      { nested: { deeper: { deepest: { leaf: [1, 2, { x: 'y' }] } } } },
    ];
    for (const s of samples) {
      let out = '';
      writeJson(s, (c) => (out += c), 3);
      expect(out).toBe(JSON.stringify(s));
    }
  });

  it.each(exampleNames)('the stream of %s is the same bytes as the whole-trace serialisation', (name) => {
    const sim = new Simulation(getExample(name)!);
    sim.run();
    let streamed = '';
    streamTrace(getExample(name)!, (c) => (streamed += c));
    expect(streamed).toBe(toJsonl(sim.trace(), sim.finalLine()));
  });

  it('simulate writes that stream, to standard output and to --out alike', () => {
    const sim = new Simulation(getExample('worked-example-3')!);
    sim.run();
    const out = join(dir, 'w3.jsonl');
    const r = simulate('src/scenarios/examples/worked-example-3.json', '--out', out);
    expect(r.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(toJsonl(sim.trace(), sim.finalLine()));
  });
});

describe('case 2: --out problems and closed pipes', () => {
  const ex = 'src/scenarios/examples/three-nodes.json';

  it('--out to a folder: one line, non-zero exit', () => {
    const r = simulate(ex, '--out', dir);
    expect(r.status).not.toBe(0);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/^--out .*: cannot write the trace file \(is a folder, not a file \(EISDIR\)\)\n$/);
  });

  it('--out into a folder that does not exist: one line, non-zero exit, nothing created', () => {
    const out = join(dir, 'missing', 'trace.jsonl');
    const r = simulate(ex, '--out', out);
    expect(r.status).not.toBe(0);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/cannot write the trace file \(no such file or folder \(ENOENT\)\)/);
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });

  it('piping into head ends quietly', () => {
    const big = 'src/scenarios/examples/learner-catch-up.json';
    const r = spawnSync('sh', ['-c', `npx tsx scripts/simulate.ts ${big} 2>"${join(dir, 'err.txt')}" | head -c 100 >/dev/null; echo $?`], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, 'err.txt'), 'utf8')).toBe('');
    // Many more lines than a pipe buffer holds, through `head -n 1`.
    const r2 = spawnSync('sh', ['-c', `npx tsx scripts/simulate.ts /dev/stdin 2>"${join(dir, 'err2.txt')}" <"${file('many.json', { seed: 2, members: ['n1', 'n2', 'n3'], until: 60_000, events: Array.from({ length: 3000 }, (_, i) => ({ at: 1000 + i * 10, action: 'put', key: `k${i}`, value: 'v'.repeat(200) })) })}" | head -n 1 >/dev/null`], { encoding: 'utf8' });
    expect(r2.status).toBe(0);
    expect(readFileSync(join(dir, 'err2.txt'), 'utf8')).toBe('');
  });

  it('a scenario path that is a folder or missing: one line, exit 2', () => {
    for (const p of [dir, join(dir, 'nope.json')]) {
      const r = simulate(p);
      expect(r.status).toBe(2);
      oneLine(r.stderr);
      expect(r.stderr).toMatch(/cannot read the scenario file/);
    }
  });
});

describe('case 3: a UTF-8 byte-order mark', () => {
  it('is accepted at the start of a scenario file, and the trace is the same as without it', () => {
    const text = readFileSync('src/scenarios/examples/three-nodes.json', 'utf8');
    const withBom = file('bom.json', '\uFEFF' + text);
    const a = simulate(withBom);
    const b = simulate('src/scenarios/examples/three-nodes.json');
    expect(a.stderr).toBe('');
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });

  it('a BOM elsewhere is still an error that says where', () => {
    const r = simulate(file('bom-mid.json', '{"seed":1,\uFEFF"members":["n1"],"until":1,"events":[]}'));
    expect(r.status).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/^scenario: not valid JSON: .* at line 1, column 11/);
  });
});

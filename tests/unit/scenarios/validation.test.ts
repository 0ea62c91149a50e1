// Hostile scenarios: every one is refused with one line naming the field, never a crash.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { locateJsonError, parseScenario, parseScenarioText } from '../../../src/scenarios/index';

const base = () => ({ seed: 7, members: ['n1', 'n2', 'n3'], until: 20000, events: [] as object[] });
const err = (data: unknown) => {
  const r = parseScenario(data);
  return r.ok ? 'OK' : r.error;
};

describe('scenario validation', () => {
  it('accepts the contract example and fills in etcd defaults', () => {
    const r = parseScenario({ ...base(), events: [{ at: 3000, action: 'put', key: 'k1', value: 'v1' }, { at: 4000, action: 'crash', node: 'leader' }] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.timing).toEqual({ heartbeatMs: 100, electionTimeoutMs: 1000, latencyMs: [2, 10], requestTimeoutMs: 5000 });
    expect(r.scenario.features).toEqual({ preVote: true, checkQuorum: true });
    expect(r.scenario.network).toEqual({ dropRate: 0, duplicateRate: 0 });
    expect(r.scenario.learners).toEqual([]);
  });

  it.each([
    ['unknown node', { ...base(), events: [{ at: 1, action: 'crash', node: 'n1' }, { at: 1, action: 'crash', node: 'n2' }, { at: 1, action: 'crash', node: 'n3' }, { at: 1, action: 'crash', node: 'n9' }] }, 'scenario.events[3].node: unknown node "n9"'],
    ['duplicate members', { ...base(), members: ['n1', 'n2', 'n1'] }, 'scenario.members[2]: duplicate member "n1"'],
    ['10 members', { ...base(), members: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'] }, 'scenario.members: at most 9 members'],
    ['no members', { ...base(), members: [] }, 'scenario.members: needs at least 1 member'],
    ['bad node id', { ...base(), members: ['N1'] }, 'scenario.members[0]: must be a node id: 1 to 16 characters among a-z, 0-9 and "-"'],
    ['node in two groups', { ...base(), events: [{ at: 5, action: 'partition', groups: [['n1', 'n2'], ['n2', 'n3']] }] }, 'scenario.events[0].groups[1][0]: node "n2" is in two groups (0 and 1)'],
    ['"leader" inside groups', { ...base(), events: [{ at: 5, action: 'partition', groups: [['leader'], ['n2']] }] }, 'scenario.events[0].groups[0][0]: the words "leader" and "follower" cannot be node ids'],
    ['negative at', { ...base(), events: [{ at: -5, action: 'heal' }] }, 'scenario.events[0].at: must be >= 0 (virtual ms from the start)'],
    ['bad action', { ...base(), events: [{ at: 5, action: 'explode' }] }, 'scenario.events[0].action: unknown action "explode" (expected one of crash, restart, partition, heal, network, put, get, delete, addMember, removeMember, promote, transferLeader, setFeatures)'],
    ['missing seed', { members: ['n1'], until: 5, events: [] }, 'scenario.seed: is required'],
    ['fractional seed', { ...base(), seed: 1.5 }, 'scenario.seed: must be an integer'],
    ['missing until', { seed: 1, members: ['n1'], events: [] }, 'scenario.until: is required'],
    ['huge until', { ...base(), until: 1e15 }, 'scenario.until: at most 86400000 (24 virtual hours)'],
    ['missing events', { seed: 1, members: ['n1'], until: 5 }, 'scenario.events: is required'],
    ['put without value', { ...base(), events: [{ at: 5, action: 'put', key: 'k' }] }, 'scenario.events[0].value: is required'],
    ['bad consistency', { ...base(), events: [{ at: 5, action: 'get', key: 'k', consistency: 'eventual' }] }, 'scenario.events[0].consistency: must be "linearizable" or "serializable"'],
    ['drop rate above 1', { ...base(), network: { dropRate: 2 } }, 'scenario.network.dropRate: must be between 0 and 1'],
    ['latency min > max', { ...base(), timing: { latencyMs: [10, 2] } }, 'scenario.timing.latencyMs: min must not exceed max'],
    ['heartbeat >= election timeout', { ...base(), timing: { heartbeatMs: 1000, electionTimeoutMs: 1000 } }, 'scenario.timing.heartbeatMs: heartbeatMs must be smaller than electionTimeoutMs'],
    ['learner also a member', { ...base(), learners: ['n3'] }, 'scenario.learners[0]: "n3" is already a member'],
    ['add an existing member', { ...base(), events: [{ at: 5, action: 'addMember', node: 'n2' }] }, 'scenario.events[0].node: "n2" is already a member'],
    ['name a node before it is added', { ...base(), events: [{ at: 5, action: 'crash', node: 'n4' }, { at: 6, action: 'addMember', node: 'n4' }] }, 'scenario.events[0].node: unknown node "n4"'],
    ['not an object', [1, 2, 3], 'scenario: must be a JSON object'],
    ['null', null, 'scenario: must be a JSON object'],
    ['a run that would take hours', { ...base(), timing: { heartbeatMs: 1, electionTimeoutMs: 10 }, until: 86400000, members: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] }, 'scenario.until: too long a run for heartbeats every 1 ms (about 6998 million messages; at most 300 million)'],
    ['events not an array', { ...base(), events: {} }, 'scenario.events: must be an array'],
  ])('refuses %s', (_name, data, message) => {
    expect(err(data)).toBe(message);
  });

  it('lets later events name a node added by addMember', () => {
    expect(err({ ...base(), events: [{ at: 5, action: 'addMember', node: 'n4' }, { at: 5, action: 'crash', node: 'n4' }] })).toBe('OK');
  });

  it('says where JSON text is broken', () => {
    expect(parseScenarioText('{"seed": 1,\n  "members": ["n1",]\n}')).toEqual({
      ok: false,
      error: 'scenario: not valid JSON: unexpected character "]": expected a value at line 2, column 20 (position 31)',
    });
    const r = parseScenarioText('');
    expect(r.ok ? '' : r.error).toBe('scenario: not valid JSON: unexpected end of input: expected a value at line 1, column 1 (position 0)');
    expect(locateJsonError('{"a": [1, 2, {"b": null}], "c": "\\u00e9"}')).toBeUndefined();
    expect(locateJsonError('{"a": 1} x')?.message).toBe('unexpected character "x" after the end of the JSON value');
  });
});

describe('npm run simulate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'simulate-'));
  const sim = (...args: string[]) => spawnSync('npx', ['tsx', 'scripts/simulate.ts', ...args], { encoding: 'utf8' });

  it('exits 2 with one line naming the field and writes no trace on a bad scenario', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...base(), events: [{ at: 1, action: 'crash', node: 'n9' }] }));
    const out = join(dir, 'bad.jsonl');
    const r = sim(bad, '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('scenario.events[0].node: unknown node "n9"\n');
    expect(existsSync(out)).toBe(false);
    const notJson = join(dir, 'notjson.json');
    writeFileSync(notJson, 'seed: 7\n');
    const r2 = sim(notJson, '--out', out);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/^scenario: not valid JSON: .* at line 1, column 1 \(position 0\)\n$/);
    expect(existsSync(out)).toBe(false);
  });

  it('writes the same bytes for the same seed, final line last', () => {
    const a = join(dir, 'a.jsonl');
    const b = join(dir, 'b.jsonl');
    execFileSync('npx', ['tsx', 'scripts/simulate.ts', 'src/scenarios/examples/worked-example-3.json', '--out', a]);
    const stdout = execFileSync('npx', ['tsx', 'scripts/simulate.ts', 'src/scenarios/examples/worked-example-3.json'], { encoding: 'utf8' });
    writeFileSync(b, stdout);
    const ta = readFileSync(a, 'utf8');
    expect(readFileSync(b, 'utf8')).toBe(ta);
    const ls = ta.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(ls.at(-1).type).toBe('final');
    expect(ls.filter((l) => l.type === 'final').length).toBe(1);
    expect(ls.every((l) => typeof l.t === 'number' && typeof l.type === 'string')).toBe(true);
  });
});

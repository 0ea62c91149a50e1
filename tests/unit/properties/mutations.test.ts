// The checker has teeth on real engine traces: each mutation below turns a correct trace into one that
// breaks a property, and the checker must say which. (The engine's traces themselves must pass.)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTrace, type TraceLine, type ViolationKind } from '../../../src/checker/index.ts';
import { runTrace } from './run.ts';
import { scenarioArb } from './scenarios.ts';

type Mutation = { name: string; expect: ViolationKind; apply: (lines: TraceLine[]) => TraceLine[] | undefined };

const clone = (lines: TraceLine[]) => lines.map((l) => structuredClone(l));

const mutations: Mutation[] = [
  {
    name: 'a get returns a value nobody wrote',
    expect: 'linearizability',
    apply: (lines) => {
      const ls = clone(lines);
      const gets = new Set(ls.filter((l) => l.type === 'invoke' && l.f === 'get' && l.consistency !== 'serializable').map((l) => l.op));
      const ok = ls.find((l) => l.type === 'ok' && gets.has(l.op));
      if (!ok) return undefined;
      ok.value = 'never-written';
      return ls;
    },
  },
  {
    name: 'a second leader in a term',
    expect: 'election-safety',
    apply: (lines) => {
      const ls = clone(lines);
      const i = ls.findIndex((l) => l.type === 'role' && l.role === 'leader');
      if (i < 0) return undefined;
      const other = ls.find((l) => l.type === 'role' && l.node !== ls[i].node && (l.term as number) <= (ls[i].term as number));
      if (!other) return undefined;
      ls.splice(i + 1, 0, { t: ls[i].t, type: 'role', node: other.node, role: 'leader', term: ls[i].term });
      return ls;
    },
  },
  {
    name: 'an apply line dropped (a gap)',
    expect: 'apply-order',
    apply: (lines) => {
      const ls = clone(lines);
      // An apply followed by another apply of the next index on the same node, with no crash in between.
      for (let i = 0; i < ls.length; i++) {
        if (ls[i].type !== 'apply') continue;
        const j = ls.findIndex((l, k) => k > i && (l.node === ls[i].node) && (l.type === 'apply' || l.type === 'restart' || l.type === 'snapshot'));
        if (j > 0 && ls[j].type === 'apply' && ls[j].index === (ls[i].index as number) + 1) {
          ls.splice(i, 1);
          return ls;
        }
      }
      return undefined;
    },
  },
  {
    name: 'one node applies a different value',
    expect: 'apply-disagree',
    apply: (lines) => {
      const ls = clone(lines);
      const seen = new Set<unknown>();
      for (const l of ls) {
        if (l.type !== 'apply') continue;
        if (seen.has(l.index) && (l.entry as { kind: string }).kind === 'put') {
          (l.entry as { value: string }).value = 'tampered';
          return ls;
        }
        seen.add(l.index);
      }
      return undefined;
    },
  },
  {
    name: 'a term goes down',
    expect: 'term-monotonicity',
    apply: (lines) => {
      const ls = clone(lines);
      const l = ls.find((x) => x.type === 'role' && (x.term as number) >= 2);
      if (!l) return undefined;
      const i = ls.indexOf(l);
      ls.splice(i + 1, 0, { t: l.t, type: 'role', node: l.node, role: 'follower', term: (l.term as number) - 1 });
      return ls;
    },
  },
  {
    name: 'an applied put reported as failed',
    expect: 'failed-put-applied',
    apply: (lines) => {
      const ls = clone(lines);
      const applied = new Set(ls.filter((l) => l.type === 'apply' && (l.entry as { kind: string }).kind === 'put').map((l) => (l.entry as { value: string }).value));
      const puts = new Map(ls.filter((l) => l.type === 'invoke' && l.f === 'put').map((l) => [l.op, l.value]));
      const ok = ls.find((l) => l.type === 'ok' && applied.has(puts.get(l.op) as string));
      if (!ok) return undefined;
      ok.type = 'fail';
      ok.error = 'tampered';
      return ls;
    },
  },
  {
    name: 'the final leader lost an applied entry',
    expect: 'leader-completeness',
    apply: (lines) => {
      const ls = clone(lines);
      const fin = ls[ls.length - 1] as unknown as { type: string; nodes: Record<string, { role: string; up: boolean; log: { index: number }[] }> };
      const leader = Object.values(fin.nodes).find((n) => n.role === 'leader' && n.up);
      if (!leader || leader.log.length < 2) return undefined;
      leader.log.pop();
      const applied = new Set(ls.filter((l) => l.type === 'apply').map((l) => l.index));
      const lastIdx = Math.max(...leader.log.map((e) => e.index), 0) + 1;
      if (!applied.has(lastIdx)) return undefined;
      return ls;
    },
  },
];

/** Property runs are CPU-bound: a loaded machine may take many times what they need on an idle core. */
const SLOW = 600_000;

describe('mutated engine traces are rejected', () => {
  it('each mutation is caught on 60 random engine traces', () => {
    const samples = fc.sample(scenarioArb({ minVoters: 3, maxEvents: 25 }), { numRuns: 60, seed: 77 });
    const applied = new Map<string, number>();
    for (const s of samples) {
      const lines = runTrace(s);
      const base = checkTrace(lines);
      expect(base.ok, JSON.stringify(base.violations)).toBe(true);
      for (const m of mutations) {
        const mutated = m.apply(lines);
        if (!mutated) continue;
        applied.set(m.name, (applied.get(m.name) ?? 0) + 1);
        const r = checkTrace(mutated);
        expect(r.violations.map((v) => v.kind), `${m.name} on scenario ${JSON.stringify(s)}`).toContain(m.expect);
      }
    }
    // Every mutation found something to mutate in a good share of the traces.
    for (const m of mutations) expect(applied.get(m.name) ?? 0, m.name).toBeGreaterThanOrEqual(10);
  }, SLOW);
});

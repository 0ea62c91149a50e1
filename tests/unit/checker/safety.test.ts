// The checker's own tests, safety side: traces that MUST be rejected, and traces that must pass.
import { describe, expect, it } from 'vitest';
import { checkTrace, formatResult } from '../../../src/checker/index.ts';
import { Trace, del, log, noop, put } from './builder.ts';

const N3 = ['n1', 'n2', 'n3'];
const kinds = (t: Trace) => checkTrace(t.lines).violations.map((v) => v.kind);

/** A healthy 3-node run: n1 leads term 1, commits a noop and two puts everywhere. */
function healthy(): Trace {
  const t = new Trace();
  t.at(0);
  for (const n of N3) t.role(n, 'follower', 0);
  t.at(1200).role('n1', 'precandidate', 0).role('n1', 'candidate', 1).role('n2', 'follower', 1).role('n3', 'follower', 1).role('n1', 'leader', 1);
  t.at(1210).commitApply(N3, 1, 1, noop);
  const a = t.at(3000).invoke('put', 'k', 'v1');
  t.at(3010).commitApply(N3, 2, 1, put('k', 'v1')).ok(a);
  const b = t.at(3100).invoke('get', 'k');
  t.at(3110).ok(b, 'v1');
  const c = t.at(3200).invoke('delete', 'k');
  t.at(3210).commitApply(N3, 3, 1, del('k')).ok(c);
  const L = log([1, noop], [1, put('k', 'v1')], [1, del('k')]);
  t.at(5000).final({ n1: { role: 'leader', term: 1, commitIndex: 3, log: L }, n2: { role: 'follower', term: 1, commitIndex: 3, log: L }, n3: { role: 'follower', term: 1, commitIndex: 3, log: L } });
  return t;
}

describe('checker: traces that must pass', () => {
  it('accepts a healthy run', () => {
    const r = checkTrace(healthy().lines, { requireFinal: true });
    expect(r.violations, formatResult(r)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.stats.applies).toBe(9);
    expect(r.stats.ops).toBe(3);
  });

  it('accepts a restart that re-applies from 1, and one that resumes after its snapshot', () => {
    const t = healthy();
    t.lines.pop(); // final
    t.at(6000).crash('n2').at(7000).restart('n2');
    t.at(7100).commit('n2', 3, 1).apply('n2', 1, 1, noop).apply('n2', 2, 1, put('k', 'v1')).apply('n2', 3, 1, del('k'));
    t.at(7200).snapshot('n3', 3, 1).crash('n3').at(7300).restart('n3').apply('n3', 4, 2, noop);
    // n3 at index 4 needs a commit: a new leader in term 2.
    const r = checkTrace(t.lines);
    // apply at 4 on n3 is above its commit index (3): must be flagged as uncommitted, nothing else.
    expect(r.violations.map((v) => v.kind)).toEqual(['apply-uncommitted']);
  });

  it('accepts a snapshot installed from the leader, then applies after it', () => {
    const t = new Trace();
    t.role('n1', 'leader', 1).commitApply(['n1'], 1, 1, noop).commitApply(['n1'], 2, 1, put('a', '1')).commitApply(['n1'], 3, 1, put('a', '2'));
    t.snapshot('n1', 3, 1);
    t.snapshot('n4', 3, 1).commit('n4', 4, 1).apply('n4', 4, 1, put('a', '3'));
    t.commit('n1', 4, 1).apply('n1', 4, 1, put('a', '3'));
    t.final({ n1: { role: 'leader', term: 1, commitIndex: 4, log: [{ index: 4, term: 1, entry: put('a', '3') }] }, n4: { role: 'follower', term: 1, commitIndex: 4, log: [{ index: 4, term: 1, entry: put('a', '3') }] } });
    expect(kinds(t)).toEqual([]);
  });

  it('accepts a stale leader in a lower term beside the new one (different terms)', () => {
    const t = new Trace();
    t.role('n1', 'leader', 1).role('n2', 'candidate', 2).role('n2', 'leader', 2);
    expect(kinds(t)).toEqual([]);
  });

  it('accepts an uncommitted tail that differs between final logs', () => {
    const t = new Trace();
    t.role('n1', 'leader', 1).commitApply(N3, 1, 1, noop);
    t.role('n2', 'leader', 2).commitApply(['n2', 'n3'], 2, 2, noop);
    t.final({
      n1: { role: 'follower', term: 2, commitIndex: 1, log: log([1, noop], [1, put('x', 'lost')]) },
      n2: { role: 'leader', term: 2, commitIndex: 2, log: log([1, noop], [2, noop]) },
      n3: { role: 'follower', term: 2, commitIndex: 2, log: log([1, noop], [2, noop]) },
    });
    expect(kinds(t)).toEqual([]);
  });

  it('accepts a failed put whose value another put wrote', () => {
    const t = new Trace();
    t.role('n1', 'leader', 1);
    const a = t.invoke('put', 'k', 'same');
    t.fail(a);
    const b = t.invoke('put', 'k', 'same');
    t.commitApply(['n1'], 1, 1, put('k', 'same')).ok(b);
    expect(kinds(t)).toEqual([]);
  });

  it('accepts an id removed and added again as a new member (engine `removed` line)', () => {
    const t = new Trace();
    t.role('n1', 'leader', 3).role('n4', 'follower', 3).commitApply(['n1', 'n4'], 1, 3, noop);
    t.lines.push({ t: 0, type: 'removed', node: 'n4' });
    t.role('n4', 'follower', 0).role('n4', 'follower', 3).commit('n4', 1, 3).apply('n4', 1, 3, noop);
    expect(kinds(t)).toEqual([]);
    // Without the removed line, the same lines are a term going down and an index applied twice.
    const u = new Trace();
    u.role('n1', 'leader', 3).role('n4', 'follower', 3).commitApply(['n1', 'n4'], 1, 3, noop);
    u.role('n4', 'follower', 0).role('n4', 'follower', 3).commit('n4', 1, 3).apply('n4', 1, 3, noop);
    expect(kinds(u)).toEqual(expect.arrayContaining(['term-monotonicity', 'apply-order', 'commit-regress']));
  });

  it('ignores unknown line types and extra fields', () => {
    const t = healthy();
    t.lines.splice(3, 0, { t: 1, type: 'send', msg: { type: 'AppendEntries' } }, { t: 1, type: 'vote', from: 'n1', to: 'n2' });
    (t.lines[5] as Record<string, unknown>).extra = 42;
    expect(kinds(t)).toEqual([]);
  });
});

describe('checker: traces that must be rejected', () => {
  it('two leaders in one term', () => {
    const t = healthy();
    t.lines.splice(8, 0, { t: 1205, type: 'role', node: 'n3', role: 'leader', term: 1 });
    const r = checkTrace(t.lines);
    expect(r.ok).toBe(false);
    expect(r.violations[0].kind).toBe('election-safety');
    expect(r.violations[0].message).toContain('two leaders in term 1: n1');
    expect(r.violations[0].message).toContain('n3');
  });

  it('two leaders in one term, the second only in final', () => {
    const t = healthy();
    const f = t.lines[t.lines.length - 1] as unknown as { nodes: Record<string, { role: string }> };
    f.nodes.n2.role = 'leader';
    expect(kinds(t)).toContain('election-safety');
  });

  it("a node's term going down", () => {
    const t = healthy();
    t.lines.pop();
    t.role('n2', 'follower', 5).crash('n2').restart('n2').role('n2', 'follower', 3);
    const r = checkTrace(t.lines);
    expect(r.violations.map((v) => v.kind)).toEqual(['term-monotonicity']);
    expect(r.violations[0].message).toContain('from 5');
  });

  it('a term going down seen only in final', () => {
    const t = healthy();
    const f = t.lines[t.lines.length - 1] as unknown as { nodes: Record<string, { term: number }> };
    f.nodes.n3.term = 0;
    expect(kinds(t)).toEqual(['term-monotonicity']);
  });

  it('a gap in applies', () => {
    const t = new Trace();
    t.role('n1', 'leader', 1).commit('n1', 3, 1).apply('n1', 1, 1, noop).apply('n1', 3, 1, put('a', 'b'));
    const r = checkTrace(t.lines);
    expect(r.violations.map((v) => v.kind)).toEqual(['apply-order']);
    expect(r.violations[0].message).toContain('gap');
  });

  it('applying an index twice without a restart', () => {
    const t = new Trace();
    t.role('n1', 'leader', 1).commit('n1', 2, 1).apply('n1', 1, 1, noop).apply('n1', 2, 1, put('a', 'b')).apply('n1', 2, 1, put('a', 'b'));
    expect(kinds(t)).toEqual(['apply-order']);
  });

  it('a restart that resumes from neither 1 nor its snapshot', () => {
    const t = new Trace();
    t.role('n1', 'leader', 1).commit('n1', 3, 1).apply('n1', 1, 1, noop).apply('n1', 2, 1, put('a', 'b')).apply('n1', 3, 1, put('a', 'c'));
    t.crash('n1').restart('n1').apply('n1', 3, 1, put('a', 'c'));
    expect(kinds(t)).toEqual(['apply-order']);
  });

  it('divergent applies at one index', () => {
    const t = new Trace();
    t.role('n1', 'leader', 1).commitApply(['n1', 'n2'], 1, 1, noop);
    t.commit('n1', 2, 1).apply('n1', 2, 1, put('k', 'a'));
    t.commit('n2', 2, 1).apply('n2', 2, 1, put('k', 'b'));
    const r = checkTrace(t.lines);
    expect(r.violations.map((v) => v.kind)).toEqual(['apply-disagree']);
    expect(r.violations[0].message).toContain('index 2');
  });

  it('same entry applied with different terms', () => {
    const t = new Trace();
    t.role('n1', 'leader', 1).role('n2', 'leader', 2);
    t.commit('n1', 1, 1).apply('n1', 1, 1, noop);
    t.commit('n2', 1, 2).apply('n2', 1, 2, noop);
    expect(kinds(t)).toContain('apply-disagree');
    expect(kinds(t)).toContain('commit-disagree');
  });

  it('an apply above the commit index', () => {
    const t = new Trace();
    t.role('n1', 'leader', 1).commit('n1', 1, 1).apply('n1', 1, 1, noop).apply('n1', 2, 1, put('a', 'b'));
    expect(kinds(t)).toEqual(['apply-uncommitted']);
  });

  it('a commit index that does not advance', () => {
    const t = new Trace();
    t.role('n1', 'leader', 1).commit('n1', 2, 1).commit('n1', 2, 1);
    expect(kinds(t)).toEqual(['commit-regress']);
  });

  it('a failed put that got applied', () => {
    const t = new Trace();
    t.role('n1', 'leader', 1).commitApply(['n1'], 1, 1, noop);
    const a = t.invoke('put', 'k', 'ghost');
    t.fail(a, 'no leader');
    t.commitApply(['n1'], 2, 1, put('k', 'ghost'));
    const r = checkTrace(t.lines);
    expect(r.violations.map((v) => v.kind)).toEqual(['failed-put-applied']);
    expect(r.violations[0].ops).toEqual([a]);
  });

  it('log matching broken in final', () => {
    const t = new Trace();
    t.final({
      n1: { role: 'follower', term: 2, commitIndex: 0, log: log([1, noop], [1, put('a', '1')], [2, noop]) },
      n2: { role: 'follower', term: 2, commitIndex: 0, log: log([1, noop], [1, put('a', '2')], [2, noop]) },
    });
    const r = checkTrace(t.lines);
    expect(r.violations.map((v) => v.kind)).toEqual(['log-matching']);
    expect(r.violations[0].message).toContain('index 2');
  });

  it('a committed entry lost from the final leader log', () => {
    const t = new Trace();
    t.role('n1', 'leader', 1).commitApply(N3, 1, 1, noop).commitApply(['n1', 'n2'], 2, 1, put('k', 'v'));
    t.role('n3', 'candidate', 2).role('n3', 'leader', 2).commitApply(['n3'], 2, 2, noop);
    // n3's log replaced index 2: divergent applies too, but leader completeness must be flagged on its own.
    t.final({
      n1: { role: 'follower', term: 2, commitIndex: 2, log: log([1, noop], [1, put('k', 'v')]) },
      n2: { role: 'follower', term: 2, commitIndex: 2, log: log([1, noop], [1, put('k', 'v')]) },
      n3: { role: 'leader', term: 2, commitIndex: 2, log: log([1, noop], [2, noop]) },
    });
    expect(kinds(t)).toContain('leader-completeness');
  });

  it('a committed entry missing from the final leader log (no divergence elsewhere)', () => {
    const t = new Trace();
    t.role('n1', 'leader', 1).commitApply(N3, 1, 1, noop).commitApply(['n1', 'n2'], 2, 1, put('k', 'v'));
    t.role('n3', 'leader', 2);
    t.final({
      n1: { role: 'follower', term: 2, commitIndex: 2, log: log([1, noop], [1, put('k', 'v')]) },
      n2: { role: 'follower', term: 2, commitIndex: 2, log: log([1, noop], [1, put('k', 'v')]) },
      n3: { role: 'leader', term: 2, commitIndex: 1, log: log([1, noop]) },
    });
    const r = checkTrace(t.lines);
    expect(r.violations.map((v) => v.kind)).toEqual(['leader-completeness']);
    expect(r.violations[0].message).toContain('index 2');
  });

  it('a final log that rewrote a committed entry', () => {
    const t = healthy();
    const f = t.lines[t.lines.length - 1] as unknown as { nodes: Record<string, { log: { index: number; term: number; entry: unknown }[] }> };
    f.nodes.n3.log = log([1, noop], [1, put('k', 'other')], [1, del('k')]);
    expect(kinds(t)).toEqual(expect.arrayContaining(['final-log-disagree', 'log-matching']));
  });

  it('malformed lines are reported, not thrown', () => {
    const r = checkTrace([{ t: 0, type: 'role', node: 'n1' }, { t: 0, type: 'apply', node: 'n1' }, { t: 1, type: 'ok', op: 9 }, { t: 2, type: 'final', nodes: 3 }]);
    expect(r.ok).toBe(false);
    expect(r.violations.map((v) => v.kind)).toEqual(['history-format', 'trace-format', 'trace-format', 'trace-format']);
  });

  it('a missing final is reported when required', () => {
    const t = healthy();
    t.lines.pop();
    expect(checkTrace(t.lines).ok).toBe(true);
    expect(checkTrace(t.lines, { requireFinal: true }).violations.map((v) => v.kind)).toEqual(['trace-format']);
  });
});

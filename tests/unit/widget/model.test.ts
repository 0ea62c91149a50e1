// The widget's adapter drives the real engine: these tests check what a reader would see change.
import { describe, expect, it } from 'vitest';
import { ClusterModel } from '../../../src/widgets/cluster/cluster.svelte';
import fr from '../../../src/i18n/fr.json';
import { scenario } from './helpers';

const strings = fr as Record<string, string>;

/** Run screen time until `pred` holds (at most `maxWall` ms of screen time). */
function runUntil(m: ClusterModel, pred: () => boolean, maxWall = 120_000) {
  for (let w = 0; w < maxWall && !pred(); w += 50) m.advanceWall(50);
  return pred();
}

describe('ClusterModel', () => {
  it('elects a leader and shows quorum reached', () => {
    const m = new ClusterModel(scenario(), strings, 10);
    expect(m.quorum.hasQuorum).toBe(false);
    expect(runUntil(m, () => m.quorum.hasQuorum)).toBe(true);
    const leaders = m.nodes.filter((n) => n.role === 'leader');
    expect(leaders).toHaveLength(1);
    expect(m.lines.some((l) => l.kind === 'leader' && l.text.includes(leaders[0].id))).toBe(true);
    expect(m.announcement).toMatch(/Nouveau leader|Quorum atteint/);
  });

  it('crashing two of three loses the quorum and a put does not succeed', () => {
    const m = new ClusterModel(scenario(), strings, 10);
    runUntil(m, () => m.quorum.hasQuorum);
    const others = m.nodes.filter((n) => n.role !== 'leader').map((n) => n.id);
    m.apply({ action: 'crash', node: others[0] });
    m.apply({ action: 'crash', node: others[1] });
    expect(m.quorum.hasQuorum).toBe(false);
    expect(m.quorum.tolerated).toBe(0);
    m.apply({ action: 'put', key: 'k', value: 'v' });
    expect(runUntil(m, () => m.ops.at(-1)!.status !== 'pending')).toBe(true);
    expect(['fail', 'info']).toContain(m.ops.at(-1)!.status);
  });

  it('seeks back and forth and forks when acting in the past', () => {
    const m = new ClusterModel(scenario(), strings, 10);
    runUntil(m, () => m.quorum.hasQuorum);
    m.advanceWall(2000);
    const end = m.now;
    const leaderAtEnd = m.quorum.leader;
    m.seek(0);
    expect(m.now).toBe(0);
    expect(m.quorum.leader).toBeNull();
    expect(m.lines).toHaveLength(0);
    m.seek(end);
    expect(m.now).toBe(end);
    expect(m.quorum.leader).toBe(leaderAtEnd);
    const linesAtEnd = m.lines.length;
    m.seek(end / 2);
    m.apply({ action: 'crash', node: 'n1' });
    expect(m.horizon).toBe(m.now);
    expect(m.lines.length).toBeLessThan(linesAtEnd + 2);
  });

  it('share state replays to the same cluster', async () => {
    const a = new ClusterModel(scenario(), strings, 10);
    runUntil(a, () => a.quorum.hasQuorum);
    a.apply({ action: 'crash', node: a.quorum.leader! });
    a.advanceWall(3000);
    a.apply({ action: 'put', key: 'x', value: '1' });
    a.advanceWall(1000);
    const st = a.shareState();
    const b = new ClusterModel(scenario(), strings, 1);
    await b.load(JSON.parse(JSON.stringify(st)));
    expect(b.now).toBe(a.now);
    expect(JSON.stringify(b.nodes)).toBe(JSON.stringify(a.nodes));
    expect(JSON.stringify(b.ops)).toBe(JSON.stringify(a.ops));
  });
});

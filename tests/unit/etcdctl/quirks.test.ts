// The quirks a learner should meet, and the terminal widget's plumbing.
import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import type { Component } from 'svelte';
import { lab } from './helpers';
import { makeAccess, wallFor } from '../../../src/widgets/terminal/session';
import TerminalRaw from '../../../src/widgets/terminal/Terminal.svelte';
import { serveStrings } from '../../../src/widgets/strings';
import { Simulation } from '../../../src/raft/index';
import { scenario } from './helpers';

describe('etcd 3.4 quirks', () => {
  it('RAFT TERM is the term of the last applied entry: it does not move while candidates raise the term', async () => {
    const l = lab(); // PreVote off, as etcd 3.4.23 by default
    const before = await l.run('etcdctl --endpoints=127.0.0.1:22383 endpoint status');
    const termBefore = Number(before.out[0].split(', ')[6]);
    l.crash('m1', 'm2');
    l.wait(20000);
    expect(l.sim.node('m3')!.term).toBeGreaterThan(termBefore + 3); // the lone survivor keeps campaigning
    const after = await l.run('etcdctl --endpoints=127.0.0.1:22383 endpoint status');
    expect(after.out[0].split(', ')[6]).toBe(String(termBefore));
    expect(after.out[0]).toMatch(/, etcdserver: no leader$/);
    const j = await l.run('etcdctl --endpoints=127.0.0.1:22383 endpoint status -w json');
    const parsed = JSON.parse(j.out[0].replace(/:(\d{16,})/g, ':"$1"'));
    expect(parsed[0].Status.errors).toEqual(['etcdserver: no leader']);
    expect(parsed[0].Status.leader).toBeUndefined();
    expect(parsed[0].Status.raftTerm).toBe(termBefore);
  });

  it('--endpoints accepts http:// URLs and node names; an address outside the cluster is unreachable', async () => {
    const l = lab();
    expect((await l.run('etcdctl --endpoints=http://127.0.0.1:22382 put a 1')).out).toEqual(['OK']);
    l.wait(500); // a serializable read right away may be stale (m3 may not have applied it yet)
    expect((await l.run('etcdctl --endpoints=m3 get a --consistency=s')).out).toEqual(['a', '1']);
    const r = await l.run('etcdctl --endpoints=127.0.0.1:2379 get a');
    expect(r.exit).toBe(1);
    expect(r.out[0]).toContain('all SubConns are in TransientFailure');
    expect(r.out[1]).toBe('Error: context deadline exceeded');
    expect(r.waited).toBe(5000);
  });

  it('get --prefix reads a range from the member that served the Raft read; del --prefix counts deletions', async () => {
    const l = lab();
    for (const k of ['app/a', 'app/b', 'other']) await l.run(`etcdctl put ${k} v-${k}`);
    expect((await l.run('etcdctl get app/ --prefix')).out).toEqual(['app/a', 'v-app/a', 'app/b', 'v-app/b']);
    expect((await l.run('etcdctl get app/ --prefix --keys-only')).out).toEqual(['app/a', 'app/b']);
    expect((await l.run('etcdctl del app/ --prefix')).out).toEqual(['2']);
    expect((await l.run('etcdctl del nothing-here')).out).toEqual(['0']);
    expect((await l.run('etcdctl get app/ --prefix')).out).toEqual([]);
  });

  it('member remove of the leader answers (the leader hands over, then stops), with the %16x padding', async () => {
    const l = lab();
    const leader = l.leader()!;
    l.ctl.nodeNames();
    const id = (l.ctl['naming'].id(leader) as bigint).toString(16);
    const r = await l.run(`etcdctl member remove ${id}`);
    expect(r.exit).toBe(0);
    expect(r.out).toEqual([`Member ${id.padStart(16, ' ')} removed from cluster ${(l.ctl['naming'].clusterId as bigint).toString(16).padStart(16, ' ')}`]);
    const list = await l.run('etcdctl member list');
    expect(list.out.length).toBe(2);
    expect(list.out.join('\n')).not.toContain(`, ${leader}, `);
  });

  it('a put is a real client request: the engine records it and every member applies it', async () => {
    const l = lab();
    await l.run('etcdctl put seen-by-raft yes');
    const op = l.sim.ops().find((o) => o.key === 'seen-by-raft');
    expect(op).toMatchObject({ f: 'put', status: 'ok', client: 'etcdctl' });
    l.wait(500);
    for (const n of l.sim.nodes()) expect(n.kv['seen-by-raft']?.value).toBe('yes');
  });
});

describe('terminal widget plumbing', () => {
  it('shortens long waits to at most about 1.5 s of wall time, keeps short ones real-time', () => {
    expect(wallFor(20)).toBe(20);
    expect(wallFor(5000)).toBeLessThanOrEqual(1500);
    expect(wallFor(10000)).toBe(1500);
  });

  it('without animation frames the wait runs synchronously on the shared clock', async () => {
    const sim = new Simulation(scenario());
    sim.advanceTo(3000);
    let frames = 0;
    const access = makeAccess({ sim: () => sim, apply: (a) => sim.apply(a), advanceTo: (t) => sim.advanceTo(t), onFrame: () => frames++ });
    await access.wait!(sim.now + 5000, () => false);
    expect(sim.now).toBe(8000);
    expect(frames).toBe(1);
  });

  it('renders a labelled input and a text scrollback on the server (no markup from strings)', () => {
    const Terminal = TerminalRaw as unknown as Component<Record<string, unknown>>;
    serveStrings(() => ({ 'terminal.input': 'Commande etcdctl', 'terminal.label': 'Terminal <b>etcdctl</b>' }));
    const { body } = render(Terminal, { props: { scenario: scenario() } });
    expect(body).toContain('Commande etcdctl');
    expect(body).toMatch(/<label[^>]*for="term-[^"]+"/);
    expect(body).toContain('Terminal &lt;b>etcdctl&lt;/b>');
    expect(body).not.toContain('<b>etcdctl</b>');
  });
});

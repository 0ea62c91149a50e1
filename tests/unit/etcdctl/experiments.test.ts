// The membership and learner experiments (experiments/membership.txt, learner.txt): same commands, same
// situations, on the engine.
import { expect, it } from 'vitest';
import { experiment, lab, shape, type Lab } from './helpers';
import { describeWithReference } from '../../helpers/reference';
import { hex } from '../../../src/etcdctl/format';

const idOf = (l: Lab, name: string) => {
  l.ctl.nodeNames();
  return hex(l.ctl['naming'].id(name) as bigint);
};
const find = (file: string, pred: (cmd: string, out: string[]) => boolean) => {
  const r = experiment(file).find((x) => pred(x.command, x.output));
  if (!r) throw new Error(`no such block in ${file}`);
  return r;
};

describeWithReference('membership experiment', () => {
  it('4 voters: one SIGKILL is tolerated, a second loses quorum; serializable reads still answer; status says no leader', async () => {
    const l = lab();
    const add = await l.run('etcdctl member add m4 --peer-urls=http://127.0.0.1:22484');
    expect(add.exit).toBe(0);
    l.wait(3000);
    const victims = ['m1', 'm2', 'm3'].filter((n) => n !== l.leader());
    l.crash(victims[0]);
    const ok = await l.run('etcdctl --endpoints=127.0.0.1:22384 --command-timeout=5s put after-1-of-4-killed x');
    expect(ok.out).toEqual(['OK']);
    l.crash(victims[1]);
    const put = await l.run('etcdctl --endpoints=127.0.0.1:22384 --command-timeout=5s put after-2-of-4-killed x');
    expect(put.exit).toBe(1);
    expect(put.out[1]).toMatch(/^Error: (context deadline exceeded|rpc error: code = Unknown desc = context deadline exceeded|etcdserver: request timed out)$/);
    const s = await l.run('etcdctl --endpoints=127.0.0.1:22384 --command-timeout=5s get after-1-of-4-killed --consistency=s');
    expect(s.out).toEqual(['after-1-of-4-killed', 'x']);
    const survivor = ['m1', 'm2', 'm3'].find((n) => !victims.includes(n))!;
    const st = await l.run(`etcdctl --endpoints=127.0.0.1:2238${survivor.slice(1)},127.0.0.1:22384 endpoint status -w table`);
    const rec = find('membership.txt', (c, o) => c.includes('endpoint status') && o.some((x) => x.includes('no leader')));
    expect(st.out.map(shape)).toEqual(rec.output.map(shape));
    expect(st.out.filter((x) => x.includes('etcdserver: no leader')).length).toBe(2);
  });

  it('member list keeps showing a SIGKILLed member as "started"', async () => {
    const l = lab();
    const victim = ['m1', 'm2', 'm3'].find((n) => n !== l.leader())!;
    l.crash(victim);
    const r = await l.run('etcdctl member list -w table');
    expect(r.out.filter((x) => x.includes('| started |')).length).toBe(3);
  });

  it('strict reconfiguration check: with 1 of 3 down, member add and member remove of a live member are refused', async () => {
    const l = lab();
    const victim = ['m1', 'm2', 'm3'].find((n) => n !== l.leader())!;
    l.crash(victim);
    const add = find('membership.txt', (c) => c.startsWith('etcdctl --endpoints=127.0.0.1:22382,127.0.0.1:22383 member add'));
    const r = await l.run('etcdctl member add m4 --peer-urls=http://127.0.0.1:22484');
    expect(r.out.map(shape)).toEqual(add.output.map(shape));
    const live = ['m1', 'm2', 'm3'].find((n) => n !== victim)!;
    const rm = await l.run(`etcdctl member remove ${idOf(l, live)}`);
    expect(rm.exit).toBe(1);
    expect(rm.out[1]).toBe('Error: etcdserver: unhealthy cluster');
  });
});

describeWithReference('learner experiment', () => {
  it('member add --learner shows IS LEARNER true; requests to the learner get the recorded errors', async () => {
    const l = lab();
    const add = await l.run('etcdctl member add m4 --learner --peer-urls=http://127.0.0.1:22484');
    expect(add.exit).toBe(0);
    expect(add.out[0]).toMatch(/^Member [ 0-9a-f]{16} added to cluster [ 0-9a-f]{16}$/);
    l.wait(3000);
    const list = await l.run('etcdctl member list -w table');
    expect(list.out.some((x) => /\| +m4 \|.*\| +true \|$/.test(x))).toBe(true);
    const put = await l.run('etcdctl --endpoints=127.0.0.1:22384 put via-learner x');
    const rec = find('learner.txt', (c) => c.includes('put via-learner'));
    expect(put.out.map(shape)).toEqual(rec.output.map(shape));
    expect(put.exit).toBe(1);
    const get = await l.run('etcdctl --endpoints=127.0.0.1:22384 get foo');
    const recGet = find('learner.txt', (c) => c === 'etcdctl --endpoints=127.0.0.1:22384 get foo');
    expect(get.out.length).toBe(recGet.output.length); // 100 retries, then the error
    expect(get.out.map(shape)).toEqual(recGet.output.map(shape));
    const ser = await l.run('etcdctl --endpoints=127.0.0.1:22384 get foo --consistency=s');
    expect(ser.exit).toBe(0);
  });

  it('promote before the learner caught up is refused; after it caught up it succeeds', async () => {
    const l = lab();
    for (let i = 0; i < 30; i++) await l.run(`etcdctl put k${i} v${i}`);
    await l.run('etcdctl member add m4 --learner --peer-urls=http://127.0.0.1:22484');
    const early = await l.run(`etcdctl member promote ${idOf(l, 'm4')}`);
    const rec = find('learner.txt', (c, o) => c.includes('member promote') && o.some((x) => x.startsWith('Error')));
    expect(early.out.map(shape)).toEqual(rec.output.map(shape));
    l.wait(3000);
    const later = await l.run(`etcdctl member promote ${idOf(l, 'm4')}`);
    const recOk = find('learner.txt', (c, o) => c.includes('member promote') && o.some((x) => x.includes('promoted')));
    expect(later.out.map(shape)).toEqual(recOk.output.map(shape));
    const st = await l.run('etcdctl member list -w table');
    expect(st.out.some((x) => /\| +m4 \|.*\| +false \|$/.test(x))).toBe(true);
  });

  it('a learner does not count towards quorum: 3 voters + 1 learner, 2 voters down, a put fails', async () => {
    const l = lab();
    await l.run('etcdctl member add m4 --learner --peer-urls=http://127.0.0.1:22484');
    l.wait(3000);
    const leader = l.leader()!;
    const others = ['m1', 'm2', 'm3'].filter((n) => n !== leader);
    l.crash(leader, others[0]);
    const r = await l.run(`etcdctl --endpoints=127.0.0.1:2238${others[1].slice(1)} --command-timeout=5s put with-2-voters-down x`);
    expect(r.exit).toBe(1);
    expect(r.out[1]).toMatch(/context deadline exceeded/);
  });
});

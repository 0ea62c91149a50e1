// The experiments of etcd-compare run on a real etcd on this machine (issue 19): a cluster started by
// src/bridge/etcd.ts (the same code as `npm run lab:etcd`), so that `npm run bench -- etcd-compare` measures a
// real etcd where one is installed instead of only quoting the stored reference. Wall-clock time: this is
// real etcd, with its default timing (heartbeat 100 ms, election timeout 1000 ms).
import { EtcdCluster, findBinary } from '../src/bridge/etcd.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function realEtcdAvailable(): boolean {
  return findBinary('etcd') !== null && findBinary('etcdctl') !== null;
}

async function start(size: number): Promise<EtcdCluster> {
  const c = new EtcdCluster({ size, etcd: findBinary('etcd') as string, etcdctl: findBinary('etcdctl') as string });
  await c.start();
  return c;
}

async function leaderOf(c: EtcdCluster, among?: string[]): Promise<string | null> {
  const s = await c.state();
  const m = s.members.find((x) => x.role === 'leader' && x.answering && (!among || among.includes(x.name)));
  return m ? m.name : null;
}

/** Kill the leader of a settled cluster `reps` times (as the reference harness and section (b) do): time to a
 *  new leader seen by polling the survivors, and to the first successful put through a survivor. */
export async function realFailover(size: number, reps: number): Promise<{ leader: number[]; write: number[] }> {
  const c = await start(size);
  const leader: number[] = [];
  const write: number[] = [];
  try {
    for (let rep = 0; rep < reps; rep++) {
      await c.waitFor(async () => (await leaderOf(c)) !== null && (await c.state()).members.every((m) => m.answering), 30_000, 'not settled');
      await sleep(1000 + Math.floor(Math.random() * 100));
      const killed = (await leaderOf(c)) as string;
      const survivors = c.members.map((m) => m.name).filter((n) => n !== killed);
      const t0 = performance.now();
      await c.crash(killed);
      await c.waitFor(async () => (await leaderOf(c, survivors)) !== null, 30_000, 'no new leader');
      leader.push(performance.now() - t0);
      for (;;) {
        const r = await c.etcdctl([`--endpoints=${c.endpoints(survivors)}`, '--command-timeout=1s', 'put', 'failover', `rep${rep}`]);
        if (r.code === 0) break;
        await sleep(20);
      }
      write.push(performance.now() - t0);
      await c.restart(killed);
    }
  } finally {
    await c.stop();
  }
  return { leader, write };
}

/** A put through each member: which succeed (5 s client timeout, as etcdctl's default). */
async function putsThrough(c: EtcdCluster, names: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  await Promise.all(
    names.map(async (n) => {
      const r = await c.etcdctl([`--endpoints=${c.endpoints([n])}`, 'put', `probe-${n}`, 'x']);
      const err = r.stderr.split('\n').find((l) => l.startsWith('Error:')) ?? r.stderr.trim().split('\n').pop() ?? '';
      out[n] = r.code === 0 ? 'ok' : `FAIL (${err.replace(/^Error:\s*/, '').slice(0, 80)})`;
    }),
  );
  return out;
}

/** 2/2 split of 4 members and 2/3 split of 5, after an election timeout: puts through every member. */
export async function realSplits(): Promise<{ name: string; puts: Record<string, string> }[]> {
  const out: { name: string; puts: Record<string, string> }[] = [];
  for (const [size, groups] of [[4, [['n1', 'n2'], ['n3', 'n4']]], [5, [['n1', 'n2'], ['n3', 'n4', 'n5']]]] as const) {
    const c = await start(size);
    try {
      c.setPartition(groups.map((g) => [...g]));
      await sleep(2500);
      out.push({ name: groups.map((g) => g.join('+')).join(' | '), puts: await putsThrough(c, c.members.map((m) => m.name)) });
    } finally {
      await c.stop();
    }
  }
  return out;
}

/** 3 members, 2 crashed: a put through the survivor fails (quorum lost). */
export async function realQuorumLost(): Promise<Record<string, string>> {
  const c = await start(3);
  try {
    const l = (await leaderOf(c)) as string;
    const others = c.members.map((m) => m.name).filter((n) => n !== l);
    await c.crash(l);
    await c.crash(others[0]);
    return await putsThrough(c, [others[1]]);
  } finally {
    await c.stop();
  }
}

// How long the etcdctl interpreter takes, in wall time inside this process, to run typical commands against the
// engine (the terminal then spreads long virtual waits over ~1.5 s on purpose; this measures the computation
// only). Prints figures; asserts nothing.
import { Simulation } from '../src/raft/index.ts';
import { getExample } from '../src/scenarios/index.ts';
import { Etcdctl } from '../src/etcdctl/interpreter.ts';

function fresh() {
  const sc = { ...getExample('three-nodes')!, members: ['m1', 'm2', 'm3'], features: { preVote: false, checkQuorum: true } };
  const sim = new Simulation(sc);
  sim.advanceTo(3000);
  return { sim, ctl: new Etcdctl({ sim: () => sim, apply: (a) => sim.apply(a) }) };
}

async function time(label: string, n: number, setup: () => { sim: Simulation; ctl: Etcdctl }, line: string) {
  const runs: number[] = [];
  let virtual = 0;
  for (let i = 0; i < n; i++) {
    const { sim, ctl } = setup();
    const t0 = performance.now();
    const r = await ctl.run(line);
    runs.push(performance.now() - t0);
    virtual = r.endedAt - r.startedAt;
    void sim;
  }
  runs.sort((a, b) => a - b);
  const med = runs[Math.floor(runs.length / 2)];
  console.log(`${label.padEnd(44)} median ${med.toFixed(2)} ms wall, max ${runs[runs.length - 1].toFixed(2)} ms (virtual ${virtual} ms, n=${n})`);
}

await time('put foo bar (healthy)', 50, fresh, 'etcdctl put foo bar');
await time('endpoint status -w table (healthy)', 50, fresh, 'etcdctl endpoint status -w table');
await time('endpoint health --cluster (healthy)', 50, fresh, 'etcdctl endpoint health --cluster');
const lost = () => {
  const x = fresh();
  x.sim.apply({ action: 'crash', node: 'm1' });
  x.sim.apply({ action: 'crash', node: 'm2' });
  x.sim.advanceTo(x.sim.now + 3000);
  return x;
};
await time('put foo bar (quorum lost, 5 s timeout)', 20, lost, 'etcdctl --endpoints=127.0.0.1:22383 put foo bar');
await time('endpoint status (quorum lost, 2 dead)', 20, lost, 'etcdctl endpoint status -w table');

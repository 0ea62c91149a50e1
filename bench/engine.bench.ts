// npm run bench -- engine: the Raft engine's speed and memory (a benchmark, not a test).
// Figures are measured inside the process, around the simulation loop only (as RaftScope's were).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Simulation, Timeline, type Scenario, type ScenarioEvent } from '../src/raft/index';
import { parseScenarioText } from '../src/scenarios/index';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const mb = (b: number) => `${(b / 1048576).toFixed(1)} MB`;
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');

function loadScenario(path: string): Scenario {
  const r = parseScenarioText(readFileSync(path, 'utf8'));
  if (!r.ok) throw new Error(r.error);
  return r.scenario;
}

/** One put every 10 virtual ms; every 2 virtual s a node crashes, and comes back 1 s later. */
function loadScenarioFor(voters: number, seconds: number): Scenario {
  const members = Array.from({ length: voters }, (_, i) => `n${i + 1}`);
  const events: ScenarioEvent[] = [];
  for (let t = 1000; t < seconds * 1000; t += 10) events.push({ at: t, action: 'put', key: `k${t % 97}`, value: `v${t}` });
  for (let t = 2000, i = 0; t < seconds * 1000; t += 2000, i++) {
    const node = members[i % voters];
    events.push({ at: t, action: 'crash', node }, { at: t + 1000, action: 'restart', node });
  }
  return {
    seed: 42,
    members,
    learners: [],
    timing: { heartbeatMs: 100, electionTimeoutMs: 1000, latencyMs: [2, 10], requestTimeoutMs: 5000 },
    features: { preVote: true, checkQuorum: true },
    network: { dropRate: 0, duplicateRate: 0 },
    until: seconds * 1000,
    events,
  };
}

interface Result {
  wallMs: number;
  cpuMs: number;
  virtualS: number;
  messages: number;
  peakHeap: number;
}

/** Run a scenario to its end, `reps` times; report the best (least disturbed) repetition. */
function measure(make: () => { advance: (t: number) => void; messages: () => number }, until: number, reps: number): Result {
  let best: Result | undefined;
  for (let r = 0; r < reps; r++) {
    gc();
    const base = process.memoryUsage().heapUsed;
    let peak = base;
    const h = make();
    const step = Math.max(1000, Math.floor(until / 60));
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let t = step; ; t += step) {
      h.advance(Math.min(t, until));
      const used = process.memoryUsage().heapUsed;
      if (used > peak) peak = used;
      if (t >= until) break;
    }
    const wallMs = performance.now() - t0;
    const c = process.cpuUsage(c0);
    const res = { wallMs, cpuMs: (c.user + c.system) / 1000, virtualS: until / 1000, messages: h.messages(), peakHeap: peak };
    if (!best || res.wallMs < best.wallMs) best = res;
  }
  return best as Result;
}

function report(label: string, r: Result): void {
  const vps = r.virtualS / (r.wallMs / 1000);
  const mps = r.messages / (r.wallMs / 1000);
  const vpc = r.virtualS / (r.cpuMs / 1000);
  const mpc = r.messages / (r.cpuMs / 1000);
  console.log(
    `${label.padEnd(44)} ${fmt(vps).padStart(7)} virtual s/wall s ${fmt(mps).padStart(10)} msg/wall s | per CPU s: ${fmt(vpc).padStart(7)} virtual s ${fmt(mpc).padStart(10)} msg | peak heap ${mb(r.peakHeap)}`,
  );
}

const sim = (s: Scenario, history: boolean) => () => {
  const x = new Simulation(s, { history });
  return { advance: (t: number) => x.advanceTo(t), messages: () => x.stats().messages };
};
const timeline = (s: Scenario, every: number) => () => {
  const x = new Timeline(s, { checkpointEveryMs: every });
  return { advance: (t: number) => x.advanceTo(t), messages: () => x.sim.stats().messages };
};

console.log('Wall-clock figures depend on what else runs on the machine; the per-CPU-second figures (process.cpuUsage)');
console.log('are steadier on a shared machine. Best of several repetitions, loop only.\n');
console.log('Load: one put every 10 virtual ms, a crash and a restart every 2 virtual s, 60 virtual s (etcd timing)');
for (const n of [3, 5, 7]) {
  const s = loadScenarioFor(n, 60);
  report(`${n} voters, no history`, measure(sim(s, false), s.until, 5));
  report(`${n} voters, trace + ops kept`, measure(sim(s, true), s.until, 5));
  report(`${n} voters, Timeline (checkpoint every 1 s)`, measure(timeline(s, 1000), s.until, 3));
}

const raftscope = loadScenario(join(import.meta.dirname, '..', '..', 'shared', 'bench', 'raftscope-workload.json'));
console.log('\nRaftScope reference workload (5 servers, 10-15 ms latency, 100-200 ms election timeout, 50 ms heartbeat,');
console.log('one request every 100 ms, 60 virtual s). RaftScope\'s own model: ~290 virtual s/wall s, ~46,000 msg/wall s.');
report('engine, no history', measure(sim(raftscope, false), raftscope.until, 7));
report('engine, trace + ops kept', measure(sim(raftscope, true), raftscope.until, 7));
report('engine, Timeline (checkpoint every 1 s)', measure(timeline(raftscope, 1000), raftscope.until, 7));
report('engine, Timeline (checkpoint every 100 ms)', measure(timeline(raftscope, 100), raftscope.until, 5));
{
  const x = new Simulation(raftscope);
  x.run();
  const commits = x.trace().filter((l) => l.type === 'ok').length;
  console.log(`  (one run: ${fmt(x.stats().messages)} messages, ${commits} client requests acknowledged)`);
}

console.log('\nMemory over a 1-hour virtual run, 5 voters, the load above (puts injected with apply(), no history):');
{
  gc();
  const members = ['n1', 'n2', 'n3', 'n4', 'n5'];
  const s: Scenario = { ...loadScenarioFor(5, 1), until: 3600_000, events: [] };
  const x = new Simulation(s, { history: false });
  const t0 = performance.now();
  const samples: string[] = [];
  for (let t = 1000, i = 0; t <= 3600_000; t += 10, i++) {
    x.advanceTo(t);
    x.apply({ action: 'put', key: `k${i % 97}`, value: `v${t}` });
    if (t % 2000 === 0) x.apply({ action: 'crash', node: members[(t / 2000) % 5] });
    if (t % 2000 === 1000 && t > 2000) x.apply({ action: 'restart', node: members[((t - 1000) / 2000) % 5] });
    if (t % 600_000 === 0 || t === 60_000) {
      gc();
      samples.push(`${t / 60000} min: ${mb(process.memoryUsage().heapUsed)}`);
    }
  }
  const wall = performance.now() - t0;
  console.log(`  heap after gc: ${samples.join(', ')}`);
  const n = x.nodes();
  console.log(`  largest log held by a node at the end: ${Math.max(...n.map((v) => v.log.length))} entries (snapshot every 1000 applied)`);
  console.log(`  ${fmt(3600 / (wall / 1000))} virtual s/wall s, ${fmt(x.stats().messages / (wall / 1000))} msg/wall s over the hour`);
}

console.log('\nScrubber: seek(t) on a Timeline of a 10-minute run (5 voters, the load above, checkpoint every 2 s):');
{
  const s = loadScenarioFor(5, 600);
  const tl = new Timeline(s, { checkpointEveryMs: 2000 });
  const t0 = performance.now();
  tl.advanceTo(s.until);
  const build = performance.now() - t0;
  const times: number[] = [];
  let x = 12345;
  for (let i = 0; i < 200; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const t = Math.floor((x / 2147483648) * s.until);
    const a = performance.now();
    tl.seek(t);
    times.push(performance.now() - a);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
  console.log(`  recording 600 virtual s with ${tl.checkpointCount()} checkpoints: ${(build / 1000).toFixed(2)} s wall`);
  console.log(`  200 random seeks: median ${q(0.5)} ms, 90th percentile ${q(0.9)} ms, worst ${q(0.999)} ms (wall)`);
}

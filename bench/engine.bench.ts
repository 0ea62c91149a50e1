// npm run bench -- engine: the Raft engine's speed and memory (a benchmark, not a test).
// Figures are measured inside the process, around the simulation loop only (as RaftScope's were).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Simulation, Timeline, type Scenario, type ScenarioEvent } from '../src/raft/index';
import { parseScenarioText } from '../src/scenarios/index';
import { replay } from '../src/widgets/cluster/replay';
import { quantile, sampled } from './report';

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


// RaftScope's own model on its workload, measured on this machine beside the engine (issue 17): warm and first
// run in a fresh process. Its code is not in the repository; the goals are multiples of these figures.
const RAFTSCOPE_WARM = 214;
const RAFTSCOPE_FIRST = 141;
const raftscope = loadScenario(join(import.meta.dirname, '..', '..', 'shared', 'bench', 'raftscope-workload.json'));
const E = 'Engine';
const W = 'Widget (engine side)';

console.log('Goals of issue 17 (median of several runs, lowest–highest in brackets; wall clock: quiet machine only)');
// Each section runs in its own function: a block's variables would stay alive in the module's frame (a
// 10-minute recording is ~180 MB) and weigh on every later figure's garbage collection and heap size.
(() => {
  // Warm: discard the first runs (compiler warm-up), then time each run of 60 virtual s.
  const rates: number[] = [];
  for (let i = 0; i < 40; i++) {
    const t0 = performance.now();
    new Simulation(raftscope, { history: false }).run();
    const r = raftscope.until / 1000 / ((performance.now() - t0) / 1000);
    if (i >= 10) rates.push(r);
  }
  sampled({ area: E, name: `RaftScope workload, warm (${RAFTSCOPE_WARM} = RaftScope's model)`, unit: 'virtual s/wall s', samples: rates,
    goal: `≥ ${(100 * RAFTSCOPE_WARM).toLocaleString('en-US')} (100×)`, check: (m) => m >= 100 * RAFTSCOPE_WARM });
  // First run in a fresh process, given the scenario as a page gets it: validated beforehand (at build time, for a
  // lesson), as JSON. And, beside it, as the simulate command runs: the scenario parsed and validated (zod) in the
  // same process just before, whose compilation then competes with the run's for V8's optimising compiler.
  const dir = mkdtempSync(join(tmpdir(), 'ql-first-run-'));
  const validated = join(dir, 'raftscope.json');
  writeFileSync(validated, JSON.stringify(raftscope));
  const firstRuns = (args: string[]) => {
    const out: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'first-run.ts'), ...args], { encoding: 'utf8' });
      const v = Number(r.stdout.trim());
      if (Number.isFinite(v)) out.push(v);
    }
    return out;
  };
  const goal = `≥ ${(10 * RAFTSCOPE_FIRST).toLocaleString('en-US')} (10×)`;
  sampled({ area: E, name: `RaftScope workload, first run in a fresh process (${RAFTSCOPE_FIRST} = RaftScope's)`, unit: 'virtual s/wall s',
    samples: firstRuns([validated]), goal, check: (m) => m >= 10 * RAFTSCOPE_FIRST });
  sampled({ area: E, name: '  the same, the scenario file parsed and validated (zod) just before, as `simulate` does', unit: 'virtual s/wall s',
    samples: firstRuns(['--parse']), goal, check: () => null });
  rmSync(dir, { recursive: true, force: true });
})();
(() => {
  // The widget's engine: a Timeline (history, trace, checkpoints every 2 s as in the widget), 5 voters under load.
  const s = loadScenarioFor(5, 60);
  const rates: number[] = [];
  const settled: number[] = [];
  for (let i = 0; i < 10; i++) {
    const tl = new Timeline(s);
    const t0 = performance.now();
    for (let t = 16; t <= s.until; t += 16) tl.advanceTo(t);
    const r = s.until / 1000 / ((performance.now() - t0) / 1000);
    if (i > 0 && i < 6) rates.push(r);
    else if (i >= 6) settled.push(r);
  }
  sampled({ area: E, name: '5 voters under load, with the widget\'s history and checkpoints', unit: '× real time', samples: rates,
    goal: '≥ 2,000×', check: (m) => m >= 2000 });
  // Beside it, the runs after V8 has settled: the second and third runs of a process are still slow (V8 moves
  // the history's allocations to the old generation, deoptimising the request code, and compiles the largest
  // functions in 20-40 ms each), and they weigh on the median above.
  sampled({ area: E, name: '  the same, runs 7-10 of the process (once V8 has settled)', unit: '× real time', samples: settled,
    goal: '≥ 2,000×', check: () => null });
  // What reading the views costs (a widget re-reading nodes() and inFlight() every 16 virtual ms).
  const x = new Timeline(s);
  x.advanceTo(30_000);
  const per: number[] = [];
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now();
    for (let i = 0; i < 2000; i++) {
      x.sim.nodes();
      x.sim.inFlight();
    }
    per.push(((performance.now() - t0) / 2000) * 1000);
  }
  sampled({ area: E, name: 'nodes() + inFlight(), one read of the whole cluster (5 voters)', unit: 'µs', samples: per,
    goal: 'read only when version() moved (the widget does)', check: () => null });
})();
(() => {
  // Scrubbing: seek anywhere in a 10-minute recording (5 voters under load), as the widget's Timeline does.
  const s = loadScenarioFor(5, 600);
  const tl = new Timeline(s);
  tl.advanceTo(s.until);
  const p99s: number[] = [];
  const all: number[] = [];
  let seed = 12345;
  for (let rep = 0; rep < 3; rep++) {
    const times: number[] = [];
    for (let i = 0; i < 300; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const t = Math.floor((seed / 2147483648) * s.until);
      const a = performance.now();
      tl.seek(t);
      times.push(performance.now() - a);
    }
    p99s.push(quantile(times, 0.99));
    all.push(...times);
  }
  sampled({ area: W, name: 'seek in a 10-minute recording (5 voters), 99th percentile of 300 seeks', unit: 'ms', samples: p99s,
    goal: '≤ 16 ms', check: (m) => m <= 16 });
  console.log(`           (all ${all.length} seeks: median ${quantile(all, 0.5).toFixed(1)} ms, 90th ${quantile(all, 0.9).toFixed(1)} ms, worst ${quantile(all, 1).toFixed(1)} ms)`);
})();
await (async () => {
  // A share link of one virtual hour with 9 voters, replayed as the widget replays one (replay.ts: in slices
  // that give the page back; here the yield is immediate, so the figure is the work alone).
  const members = Array.from({ length: 9 }, (_, i) => `n${i + 1}`);
  const scenario: Scenario = { ...loadScenarioFor(9, 1), until: 3_600_000, events: [] };
  const injected: ScenarioEvent[] = [];
  for (let t = 1000; t < 3_600_000; t += 5000) injected.push({ at: t, action: 'put', key: `k${t % 31}`, value: `v${t}` });
  for (let t = 60_000, i = 0; t < 3_600_000; t += 120_000, i++) injected.push({ at: t, action: 'crash', node: members[i % 9] }, { at: t + 30_000, action: 'restart', node: members[i % 9] });
  const walls: number[] = [];
  const slices: number[] = [];
  for (let i = 0; i < 3; i++) {
    const tl = new Timeline(scenario);
    let last = performance.now();
    let longest = 0;
    const t0 = last;
    // eslint-disable-next-line no-await-in-loop
    const r = await replay(tl, { scenario, injected, t: 3_600_000 }, {
      yieldFn: async () => {
        const w = performance.now();
        longest = Math.max(longest, w - last);
        last = w;
      },
    });
    if (!r.ok) throw new Error('replay did not finish');
    walls.push(performance.now() - t0);
    slices.push(Math.max(longest, performance.now() - last));
  }
  sampled({ area: W, name: 'replay of a 1-hour share link, 9 voters (a put every 5 s, a member down 30 s every 2 min)', unit: 'ms', samples: walls,
    goal: '< 1,000 ms', check: (m) => m < 1000 });
  sampled({ area: W, name: '  its longest slice without giving the page back', unit: 'ms', samples: slices,
    goal: '≤ 50 ms (no long task)', check: (m) => m <= 50 });
})();

console.log('\nDetails. Wall-clock figures depend on what else runs on the machine; the per-CPU-second figures');
console.log('(process.cpuUsage) are steadier on a shared machine. Best of several repetitions, loop only.\n');
console.log('Load: one put every 10 virtual ms, a crash and a restart every 2 virtual s, 60 virtual s (etcd timing)');
for (const n of [3, 5, 7]) {
  const s = loadScenarioFor(n, 60);
  report(`${n} voters, no history`, measure(sim(s, false), s.until, 5));
  report(`${n} voters, trace + ops kept`, measure(sim(s, true), s.until, 5));
  report(`${n} voters, Timeline (checkpoint every 1 s)`, measure(timeline(s, 1000), s.until, 3));
}

console.log('\nRaftScope reference workload (5 servers, 10-15 ms latency, 100-200 ms election timeout, 50 ms heartbeat,');
console.log('one request every 100 ms, 60 virtual s). RaftScope\'s own model: ~290 virtual s/wall s, ~46,000 msg/wall s.');
report('engine, no history', measure(sim(raftscope, false), raftscope.until, 7));
report('engine, trace + ops kept', measure(sim(raftscope, true), raftscope.until, 7));
report('engine, Timeline (checkpoint every 1 s)', measure(timeline(raftscope, 1000), raftscope.until, 7));
report('engine, Timeline (checkpoint every 100 ms)', measure(timeline(raftscope, 100), raftscope.until, 5));
(() => {
  const x = new Simulation(raftscope);
  x.run();
  const commits = x.trace().filter((l) => l.type === 'ok').length;
  console.log(`  (one run: ${fmt(x.stats().messages)} messages, ${commits} client requests acknowledged)`);
})();

console.log('\nMemory over a 1-hour virtual run, 5 voters, the load above (puts injected with apply(), no history):');
(() => {
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
})();

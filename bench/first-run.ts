// One run of RaftScope's workload in this (fresh) process, timed around the run only; prints virtual s per
// wall s. Spawned by engine.bench.ts: "the first run in a fresh process", before the optimising compiler has
// warmed up (on two cores it competes with the run).
//   first-run.ts <file>   the scenario as a page gets it: already validated, read as JSON (a lesson's widget
//                         receives its scenario validated at build time)
//   first-run.ts --parse  the workload file parsed and validated here first, as `npm run simulate` does
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Simulation, type Scenario } from '../src/raft/index';

async function scenario(arg: string | undefined): Promise<Scenario> {
  if (arg !== undefined && arg !== '--parse') return JSON.parse(readFileSync(arg, 'utf8')) as Scenario;
  const { parseScenarioText } = await import('../src/scenarios/index');
  const r = parseScenarioText(readFileSync(join(import.meta.dirname, '..', '..', 'shared', 'bench', 'raftscope-workload.json'), 'utf8'));
  if (!r.ok) throw new Error(r.error);
  return r.scenario;
}

const s = await scenario(process.argv[2]);
const t0 = performance.now();
const sim = new Simulation(s, { history: false });
sim.run();
console.log(String(s.until / 1000 / ((performance.now() - t0) / 1000)));

// One run of RaftScope's workload in this (fresh) process, timed around the run only; prints virtual s per
// wall s. Spawned by engine.bench.ts: "the first run in a fresh process", before the optimising compiler has
// warmed up (on two cores it competes with the run).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Simulation } from '../src/raft/index';
import { parseScenarioText } from '../src/scenarios/index';

const r = parseScenarioText(readFileSync(join(import.meta.dirname, '..', '..', 'shared', 'bench', 'raftscope-workload.json'), 'utf8'));
if (!r.ok) throw new Error(r.error);
const t0 = performance.now();
const sim = new Simulation(r.scenario, { history: false });
sim.run();
console.log(String(r.scenario.until / 1000 / ((performance.now() - t0) / 1000)));

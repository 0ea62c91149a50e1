// npm run fuzz -- [N=10000] [--seed S] [--path P] [--no-membership] [--out FILE]
// Runs N random schedules on the engine (the generators of tests/unit/properties), checks every trace
// with the independent checker (plus the liveness properties on liveness schedules), and prints the count,
// the rate, and on failure the seed and the shrunk counterexample scenario as JSON (also written to a file,
// with its trace, so that `npm run simulate -- FILE` and `tsx scripts/check-trace.ts TRACE` replay it).
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatResult } from '../src/checker/index.ts';
import { runAndCheck } from '../tests/unit/properties/run.ts';
import { livenessArb, noMajorityArb, quietConvergenceArb, scenarioArb, type ScenarioJson } from '../tests/unit/properties/scenarios.ts';
import { convergenceProblem, livenessProblem, noMajorityProblem } from '../tests/unit/properties/props.ts';
import { bounceArb, bounceScenario, staleLeaderArb, staleLeaderScenario } from '../tests/unit/properties/targeted.ts';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const n = Number(args.find((a, i) => /^\d+$/.test(a) && !['--seed', '--out', '--path'].includes(args[i - 1] ?? '')) ?? 10_000);
const path = flag('--path');
const seed = flag('--seed') !== undefined ? Number(flag('--seed')) : Date.now() % 2 ** 31;
const membership = !args.includes('--no-membership');
const out = flag('--out') ?? join(tmpdir(), `fuzz-counterexample-${seed}.json`);

type Case =
  | { kind: 'safety'; scenario: ScenarioJson }
  | { kind: 'targeted'; scenario: ScenarioJson | undefined }
  | { kind: 'liveness' | 'convergence'; scenario: ScenarioJson; faultsEnd: number; deadline: number; majority: string[] }
  | { kind: 'no-majority'; scenario: ScenarioJson; from: number };

const caseArb: fc.Arbitrary<Case> = fc.oneof(
  { weight: 5, arbitrary: scenarioArb().map((scenario) => ({ kind: 'safety' as const, scenario })) },
  ...(membership ? [{ weight: 3, arbitrary: scenarioArb({ membership: true }).map((scenario) => ({ kind: 'safety' as const, scenario })) }] : []),
  { weight: 2, arbitrary: livenessArb().map((c) => ({ kind: 'liveness' as const, ...c })) },
  { weight: 1, arbitrary: quietConvergenceArb().map((c) => ({ kind: 'convergence' as const, ...c })) },
  { weight: 1, arbitrary: noMajorityArb().map((c) => ({ kind: 'no-majority' as const, ...c })) },
  // Targeted: cut the leader off and read through it; crash a voter right after it votes.
  { weight: 1, arbitrary: staleLeaderArb.map((p) => ({ kind: 'targeted' as const, scenario: staleLeaderScenario(p) })) },
  { weight: 1, arbitrary: bounceArb.map((p) => ({ kind: 'targeted' as const, scenario: bounceScenario(p) })) },
);

/** Returns a description of what is wrong, or undefined. */
function problem(c: Case): string | undefined {
  if (c.scenario === undefined) return undefined;
  let checked;
  try {
    checked = runAndCheck(c.scenario);
  } catch (e) {
    return `the engine threw: ${(e as Error).stack}`;
  }
  if (!checked.result.ok) return formatResult(checked.result);
  if (c.kind === 'liveness') return livenessProblem(checked.lines, c) ?? convergenceProblem(checked.lines, c);
  if (c.kind === 'convergence') return convergenceProblem(checked.lines, c);
  if (c.kind === 'no-majority') return noMajorityProblem(checked.lines, c);
  return undefined;
}

let runs = 0;
let virtualMs = 0;
const counts = { safety: 0, liveness: 0, convergence: 0, 'no-majority': 0, targeted: 0 };
const start = performance.now();
const cpu0 = process.cpuUsage();
let lastPrint = start;
console.log(`fuzz: ${n} schedules, seed ${seed}, membership changes ${membership ? 'on' : 'off'}`);
const details = fc.check(
  fc.property(caseArb, (c) => {
    runs++;
    counts[c.kind]++;
    virtualMs += c.scenario?.until ?? 0;
    const now = performance.now();
    if (now - lastPrint > 10_000) {
      lastPrint = now;
      console.log(`  … ${runs} runs, ${(runs / ((now - start) / 1000)).toFixed(1)} schedules/s`);
    }
    const p = problem(c);
    if (p) throw new Error(p);
  }),
  { numRuns: n, seed, ...(path ? { path } : {}) },
);
const secs = (performance.now() - start) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSecs = (cpu.user + cpu.system) / 1e6;
console.log(`ran ${runs} schedules (${counts.safety} safety, ${counts.targeted} targeted, ${counts.liveness} liveness, ${counts.convergence} convergence, ${counts['no-majority']} no-majority; shrinking included) in ${secs.toFixed(1)} s wall, ${cpuSecs.toFixed(1)} s CPU`);
console.log(`rate: ${(runs / secs).toFixed(1)} schedules per wall second (${(runs / cpuSecs).toFixed(1)} per CPU second), ${(virtualMs / 1000 / secs).toFixed(0)} virtual seconds per wall second`);
if (details.failed) {
  const c = details.counterexample![0] as Case & { scenario: ScenarioJson };
  const p = problem(c) ?? String(details.errorInstance);
  console.log(`\nCOUNTEREXAMPLE after ${details.numRuns} runs, seed ${details.seed}, path ${details.counterexamplePath}, shrunk ${details.numShrinks} times (${c.kind}):`);
  console.log(p);
  console.log('\nscenario:');
  console.log(JSON.stringify(c.scenario));
  writeFileSync(out, JSON.stringify(c.scenario, null, 2) + '\n');
  try {
    const { lines } = runAndCheck(c.scenario);
    writeFileSync(out.replace(/\.json$/, '') + '.trace.jsonl', lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  } catch {
    /* the engine threw: the scenario alone reproduces it */
  }
  console.log(`\nwritten to ${out} (replay the shrunk case: npm run fuzz -- --seed ${details.seed} --path ${details.counterexamplePath}${membership ? '' : ' --no-membership'}; or npm run --silent simulate -- ${out})`);
  process.exit(1);
}
console.log('no counterexample');

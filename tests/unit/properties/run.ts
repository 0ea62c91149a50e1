// Runs a scenario JSON on the engine (through the project's scenario parser) and returns its trace.
// The checker itself never sees the engine: only these trace lines.
import { Simulation } from '../../../src/raft/index.ts';
import { parseScenario } from '../../../src/scenarios/index.ts';
import { checkTrace, formatResult, type CheckResult, type TraceLine } from '../../../src/checker/index.ts';
import type { ScenarioJson } from './scenarios.ts';

export function toScenario(json: ScenarioJson) {
  const r = parseScenario(json as unknown);
  if (!r.ok) throw new Error(`generated scenario rejected by the parser: ${r.error}\n${JSON.stringify(json)}`);
  return r.scenario;
}

export function runTrace(json: ScenarioJson): TraceLine[] {
  const sim = new Simulation(toScenario(json));
  sim.advanceTo(json.until);
  return [...(sim.trace() as unknown as TraceLine[]), sim.finalLine() as unknown as TraceLine];
}

export interface Checked {
  lines: TraceLine[];
  result: CheckResult;
}

export function runAndCheck(json: ScenarioJson): Checked {
  const lines = runTrace(json);
  return { lines, result: checkTrace(lines, { requireFinal: true }) };
}

/** Throws (so fast-check shrinks and reports) when the checker finds a violation. */
export function assertSafe(json: ScenarioJson): Checked {
  let c: Checked;
  try {
    c = runAndCheck(json);
  } catch (e) {
    throw new Error(`the engine threw on this scenario: ${(e as Error).stack}\nscenario: ${JSON.stringify(json)}`);
  }
  if (!c.result.ok) throw new Error(`${formatResult(c.result)}\nscenario: ${JSON.stringify(json)}`);
  return c;
}

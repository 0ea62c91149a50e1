// Run a scenario and hand its trace to `write` line by line as the engine produces it (used by simulate.ts;
// tests call it directly). The engine keeps no history: memory stays flat however long the run.
import { Simulation, type Scenario, type TraceLine } from '../src/raft/index';
import { writeTraceLine } from '../src/raft/trace';

/** Run `scenario` to its end, writing the contract trace (JSON Lines, `final` last) through `write`. The engine
 *  keeps no history: every contract line goes straight to the sink (SimOptions.onLine). */
export function streamTrace(scenario: Scenario, write: (chunk: string) => void): void {
  const sim = new Simulation(scenario, { history: false, onLine: (l: TraceLine) => writeTraceLine(l, write) });
  sim.run();
  writeTraceLine(sim.finalLine(), write);
}

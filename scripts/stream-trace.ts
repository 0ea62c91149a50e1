// Run a scenario and hand its trace to `write` line by line as the engine produces it (used by simulate.ts;
// tests call it directly). The engine keeps no history (SimOptions.onLine): memory stays flat however long
// the run, and no string ever holds the whole trace.
import { Simulation, type Scenario, type TraceLine } from '../src/raft/index';
import { writeTraceLine } from '../src/raft/trace';

/** Run `scenario` to its end, writing the contract trace (JSON Lines, `final` last) through `write`. */
export function streamTrace(scenario: Scenario, write: (chunk: string) => void): void {
  const sink = (l: TraceLine) => writeTraceLine(l, write);
  const sim = new Simulation(scenario, { history: false, onLine: sink });
  sim.run();
  writeTraceLine(sim.finalLine(), write);
}

// Run a scenario and hand its trace to `write` line by line as the engine produces it (used by simulate.ts;
// tests call it directly). The engine keeps no history: memory stays flat however long the run.
import { Simulation, type Scenario, type TraceLine } from '../src/raft/index';
import { writeTraceLine } from '../src/raft/trace';

/** The engine with no history kept: every contract line goes straight to the sink. */
class StreamingSimulation extends Simulation {
  declare sink: ((l: TraceLine) => void) | undefined;
  /** Lines traced by the constructor, before `sink` can be set. */
  declare early: TraceLine[] | undefined;
  constructor(s: Scenario) {
    super(s, { history: false });
    this.recording = true; // trace commits, applies and client operations, as with history
  }
  override line(l: TraceLine): void {
    if (this.sink) this.sink(l);
    else (this.early ??= []).push(l);
  }
}

/** Run `scenario` to its end, writing the contract trace (JSON Lines, `final` last) through `write`. */
export function streamTrace(scenario: Scenario, write: (chunk: string) => void): void {
  const sim = new StreamingSimulation(scenario);
  const sink = (l: TraceLine) => writeTraceLine(l, write);
  for (const l of sim.early ?? []) sink(l);
  sim.early = undefined;
  sim.sink = sink;
  sim.run();
  writeTraceLine(sim.finalLine(), write);
}

// The contract's command: npm run --silent simulate -- SCENARIO.json [--out TRACE.jsonl]
// Runs the scenario on virtual time and writes the trace as JSON Lines (to --out, else standard output).
// Exit 2 with a one-line reason, and no trace file, when the scenario breaks the contract.
import { readFileSync, writeFileSync } from 'node:fs';
import { Simulation, toJsonl } from '../src/raft/index';
import { parseScenarioText } from '../src/scenarios/index';

function usage(reason: string): never {
  process.stderr.write(`${reason}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
let input: string | undefined;
let out: string | undefined;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--out') {
    out = args[++i];
    if (out === undefined) usage('--out: missing file name (usage: simulate SCENARIO.json [--out TRACE.jsonl])');
  } else if (a.startsWith('--out=')) out = a.slice(6);
  else if (a.startsWith('--')) usage(`${a}: unknown option (usage: simulate SCENARIO.json [--out TRACE.jsonl])`);
  else if (input === undefined) input = a;
  else usage(`${a}: only one scenario file (usage: simulate SCENARIO.json [--out TRACE.jsonl])`);
}
if (input === undefined) usage('usage: simulate SCENARIO.json [--out TRACE.jsonl]');

let text: string;
try {
  text = readFileSync(input, 'utf8');
} catch (e) {
  usage(`${input}: cannot read the scenario file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
}
const parsed = parseScenarioText(text);
if (!parsed.ok) usage(parsed.error.replace(/\s*\n\s*/g, ' '));

const sim = new Simulation(parsed.scenario);
sim.run();
const jsonl = toJsonl(sim.trace(), sim.finalLine());
if (out !== undefined) writeFileSync(out, jsonl);
else process.stdout.write(jsonl);

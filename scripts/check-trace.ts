// tsx scripts/check-trace.ts TRACE.jsonl [--max-steps N] [--json]
// Checks a contract trace with the project's independent checker and prints the violations.
// Exit 0: no violation; 1: violations; 2: bad usage or unreadable file.
import { readFileSync } from 'node:fs';
import { checkTrace, formatResult, parseTrace } from '../src/checker/index.ts';

const args = process.argv.slice(2);
const json = args.includes('--json');
const ms = args.indexOf('--max-steps');
const maxSearchSteps = ms >= 0 ? Number(args[ms + 1]) : undefined;
const file = args.find((a, i) => !a.startsWith('--') && (ms < 0 || i !== ms + 1));
if (!file || (maxSearchSteps !== undefined && !(maxSearchSteps > 0))) {
  console.error('usage: tsx scripts/check-trace.ts TRACE.jsonl [--max-steps N] [--json]');
  process.exit(2);
}
let text: string;
try {
  text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
} catch (e) {
  console.error(`cannot read ${file}: ${(e as Error).message}`);
  process.exit(2);
}
const { lines, errors } = parseTrace(text);
for (const e of errors) console.error(`warning: ${e}`);
const r = checkTrace(lines, { requireFinal: true, maxSearchSteps });
console.log(json ? JSON.stringify(r, null, 2) : formatResult(r));
process.exit(r.ok && errors.length === 0 ? 0 : 1);

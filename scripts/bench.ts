// npm run bench: runs every bench/*.bench.ts in turn (or those named: `npm run bench -- engine site`), each in
// its own process, then prints every goal figure they reported (bench/report.ts) in one table. Not a test.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { line, type Figure } from '../bench/report';

const dir = join(import.meta.dirname, '..', 'bench');
const only = process.argv.slice(2);
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).filter((f) => only.length === 0 || only.some((o) => f.includes(o))).sort();
const tmp = mkdtempSync(join(tmpdir(), 'quorum-bench-'));
const results = join(tmp, 'figures.jsonl');
let failed = 0;
for (const f of files) {
  console.log(`\n=== ${f} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', join(dir, f)], { stdio: 'inherit', env: { ...process.env, BENCH_RESULTS: results } });
  if (r.status !== 0) { failed++; console.log(`(${f} exited ${r.status})`); }
}
let figures: Figure[] = [];
try {
  figures = readFileSync(results, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Figure);
} catch {
  /* no figure reported */
}
rmSync(tmp, { recursive: true, force: true });
if (figures.length > 0) {
  const goals = figures.filter((f) => f.met !== null);
  console.log(`\n=== Summary: ${goals.filter((f) => f.met).length} of ${goals.length} goals met ===`);
  for (const area of [...new Set(figures.map((f) => f.area))]) {
    console.log(`\n${area}`);
    for (const f of figures.filter((x) => x.area === area)) console.log('  ' + line(f));
  }
}
process.exit(failed ? 1 : 0);

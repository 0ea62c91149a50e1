// npm run bench: runs every bench/*.bench.ts in turn and prints their figures. Not a test.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const dir = join(import.meta.dirname, '..', 'bench');
const only = process.argv.slice(2);
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).filter((f) => only.length === 0 || only.some((o) => f.includes(o))).sort();
let failed = 0;
for (const f of files) {
  console.log(`\n=== ${f} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', join(dir, f)], { stdio: 'inherit' });
  if (r.status !== 0) { failed++; console.log(`(${f} exited ${r.status})`); }
}
process.exit(failed ? 1 : 0);

// The one way tests reach the real-etcd reference data (docs/ARCHITECTURE.md, "Shared concerns"):
// `ETCD_REFERENCE_DIR` (absolute, or relative to the repository root), default `../shared/etcd-reference`
// relative to the repository root. Where the folder is absent, suites that need it are skipped with a notice
// on a developer's machine, and fail under `CI`: a CI run must never pass by skipping them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the reference lives (resolved). */
export const REFERENCE_DIR = resolve(REPO_ROOT, process.env.ETCD_REFERENCE_DIR || '../shared/etcd-reference');
export const TRANSCRIPTS_DIR = join(REFERENCE_DIR, 'transcripts');
export const EXPERIMENTS_DIR = join(REFERENCE_DIR, 'experiments');

/** True when the reference's transcripts and experiments are both there. */
export const haveReference = existsSync(TRANSCRIPTS_DIR) && existsSync(EXPERIMENTS_DIR);

const missing =
  `the etcd reference is missing at ${REFERENCE_DIR}: set ETCD_REFERENCE_DIR to the folder holding ` +
  '`transcripts/` and `experiments/` (default ../shared/etcd-reference relative to the repository root)';

/** Under CI a missing reference is an error; elsewhere a skip. */
export function referenceRequired(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return Boolean(env.CI) && env.CI !== 'false' && env.CI !== '0';
}

let warned = false;
/**
 * `describe` for a suite that needs the reference: runs it when present; otherwise skips it with a notice, or,
 * under CI, replaces it with one failing test that says what is missing.
 */
export function describeWithReference(name: string, body: () => void): void {
  if (haveReference) {
    describe(name, body);
  } else if (referenceRequired()) {
    describe(name, () => {
      it('has the etcd reference data it checks against', () => {
        throw new Error(missing);
      });
    });
  } else {
    if (!warned) console.warn(`[tests] ${missing}; the suites that need it are skipped.`);
    warned = true;
    describe.skip(name, body);
  }
}

/** The text of every transcript and experiment file (.txt, .tsv), in file-name order. */
export function referenceCorpus(): { file: string; text: string }[] {
  return [TRANSCRIPTS_DIR, EXPERIMENTS_DIR].flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => /\.(txt|tsv)$/.test(f))
      .sort()
      .map((f) => ({ file: join(dir === TRANSCRIPTS_DIR ? 'transcripts' : 'experiments', f), text: readFileSync(join(dir, f), 'utf8') })),
  );
}

// Lessons quote real etcd output. Every `console` block that starts with `$ etcdctl` must be copied verbatim
// (command, output and the exit-code line) from the reference transcripts in ../shared/etcd-reference/
// (or ETCD_REFERENCE_DIR). Skipped, with a notice, where that folder is absent.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../../..');
const refDir = process.env.ETCD_REFERENCE_DIR ?? resolve(root, '../shared/etcd-reference');
const haveRef = existsSync(join(refDir, 'transcripts'));
const lessons = ['cours', 'en/cours'].flatMap((d) =>
  readdirSync(join(root, 'src/content/docs', d)).filter((f) => f.endsWith('.mdx')).map((f) => join(root, 'src/content/docs', d, f)),
);

/** Console blocks presented as transcripts: they carry the reference's `[exit code: …]` line. Lesson 09 quotes only those. */
function blocks(src: string, all = false): string[] {
  return [...src.matchAll(/```console\n([\s\S]*?)\n```/g)]
    .map((m) => m[1])
    .filter((b) => b.startsWith('$ etcdctl') && (all || b.includes('[exit code:')));
}

describe.skipIf(!haveRef)(`etcdctl transcripts quoted in lessons (reference: ${refDir})`, () => {
  const corpus = haveRef
    ? ['transcripts', 'experiments'].flatMap((d) =>
        readdirSync(join(refDir, d)).filter((f) => /\.(txt|tsv)$/.test(f)).map((f) => readFileSync(join(refDir, d, f), 'utf8')),
      )
    : [];

  it('lesson 10 quotes at least ten transcripts in each language', () => {
    for (const loc of ['cours', 'en/cours']) {
      const src = readFileSync(join(root, 'src/content/docs', loc, '10-aller-plus-loin.mdx'), 'utf8');
      expect(blocks(src).length).toBeGreaterThanOrEqual(10);
      expect(blocks(src, true)).toEqual(blocks(src)); // no etcdctl block in lesson 10 is left unsourced
    }
  });

  for (const file of lessons) {
    const quoted = blocks(readFileSync(file, 'utf8'));
    if (quoted.length === 0) continue;
    it(`${file.slice(root.length + 1)}: ${quoted.length} etcdctl blocks, each verbatim from the reference`, () => {
      for (const b of quoted) {
        expect(corpus.some((text) => text.includes(b)), `not found verbatim:\n${b.slice(0, 300)}`).toBe(true);
        expect(b).toMatch(/\[exit code: \d+; wall time: \d+ ms\]$/);
      }
    });
  }
});

it.runIf(!haveRef)('reference transcripts absent: the verbatim check is skipped', () => {
  expect(haveRef).toBe(false);
});

// Lessons quote real etcd output. Every `console` block that starts with `$ etcdctl` and carries the reference's
// `[exit code: …]` line must be copied verbatim (command, output and the exit-code line) from the reference
// transcripts (tests/helpers/reference.ts: ETCD_REFERENCE_DIR, default ../shared/etcd-reference). Without the
// reference the suite is skipped with a notice, and fails under CI.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeWithReference, REFERENCE_DIR, REPO_ROOT, referenceCorpus } from '../../helpers/reference';

const trees = ['cours', 'en/cours'];
const lessons = trees.flatMap((d) =>
  readdirSync(join(REPO_ROOT, 'src/content/docs', d)).filter((f) => f.endsWith('.mdx')).map((f) => `src/content/docs/${d}/${f}`),
);
/** The lesson about the real etcd cluster (its number moves as lessons are added; its slug does not). */
const ETCD_LESSON = /-aller-plus-loin\.mdx$/;

/** Console blocks presented as transcripts: they carry the reference's `[exit code: …]` line. */
function transcriptBlocks(src: string, all = false): string[] {
  return [...src.matchAll(/```console\n([\s\S]*?)\n```/g)]
    .map((m) => m[1])
    .filter((b) => b.startsWith('$ etcdctl') && (all || b.includes('[exit code:')));
}

describeWithReference(`etcdctl transcripts quoted in lessons (reference: ${REFERENCE_DIR})`, () => {
  const corpus = () => referenceCorpus().map((f) => f.text);

  it('the real-cluster lesson quotes at least ten transcripts in each language, and no etcdctl block there is unsourced', () => {
    for (const tree of trees) {
      const file = lessons.find((f) => f.startsWith(`src/content/docs/${tree}/`) && ETCD_LESSON.test(f));
      expect(file, `no *-aller-plus-loin.mdx in src/content/docs/${tree}`).toBeDefined();
      const src = readFileSync(join(REPO_ROOT, file!), 'utf8');
      expect(transcriptBlocks(src).length).toBeGreaterThanOrEqual(10);
      expect(transcriptBlocks(src, true)).toEqual(transcriptBlocks(src));
    }
  });

  // One test per lesson that quotes transcripts; which lessons do is itself checked, so none is skipped unseen.
  const quoting = lessons.filter((f) => transcriptBlocks(readFileSync(join(REPO_ROOT, f), 'utf8')).length > 0);
  it('the lessons quoting etcdctl transcripts include the real-cluster lesson in both languages', () => {
    expect(quoting.filter((f) => ETCD_LESSON.test(f))).toHaveLength(2);
  });
  for (const file of quoting) {
    it(`${file}: every quoted etcdctl block is verbatim from the reference`, () => {
      const texts = corpus();
      for (const b of transcriptBlocks(readFileSync(join(REPO_ROOT, file), 'utf8'))) {
        expect(texts.some((text) => text.includes(b)), `not found verbatim:\n${b.slice(0, 300)}`).toBe(true);
        expect(b).toMatch(/\[exit code: \d+; wall time: \d+ ms\]$/);
      }
    });
  }

  it('the verbatim check can fail: an altered block is not found', () => {
    const texts = corpus();
    const file = quoting[0];
    const block = transcriptBlocks(readFileSync(join(REPO_ROOT, file), 'utf8'))[0];
    expect(texts.some((t) => t.includes(block))).toBe(true);
    const altered = block.replace(/\[exit code: (\d+);/, (_m, n: string) => `[exit code: ${Number(n) + 1};`);
    expect(texts.some((t) => t.includes(altered))).toBe(false);
  });
});

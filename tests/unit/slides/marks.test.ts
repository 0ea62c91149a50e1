// Slides are marked in the lessons themselves: every lesson has a deck's worth of <Slide> marks, each with a
// title and speaker notes, and the French and English lessons have the same slides.
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';

const root = new URL('../../../src/content/docs/', import.meta.url);
const lessons = readdirSync(new URL('cours/', root)).filter((f) => f.endsWith('.mdx'));

function slides(path: URL): { title: string; notes: string }[] {
  const src = readFileSync(path, 'utf8');
  return [...src.matchAll(/<Slide\b([^>]*)>/g)].map((m) => ({
    title: /title="([^"]*)"/.exec(m[1])?.[1] ?? '',
    notes: /notes="([^"]*)"/.exec(m[1])?.[1] ?? '',
  }));
}

describe('slide marks in lessons', () => {
  it('finds the ten lessons', () => expect(lessons.length).toBe(10));
  for (const file of lessons) {
    it(`${file}: 3 to 8 slides with titles and notes, same count in French and English, balanced tags`, () => {
      const fr = slides(new URL(`cours/${file}`, root));
      const en = slides(new URL(`en/cours/${file}`, root));
      expect(fr.length).toBeGreaterThanOrEqual(3);
      expect(fr.length).toBeLessThanOrEqual(8);
      expect(en.length).toBe(fr.length);
      for (const s of [...fr, ...en]) {
        expect(s.title.length).toBeGreaterThan(0);
        expect(s.notes.length).toBeGreaterThan(20);
      }
      for (const loc of ['cours/', 'en/cours/']) {
        const src = readFileSync(new URL(`${loc}${file}`, root), 'utf8');
        expect((src.match(/<\/Slide>/g) ?? []).length).toBe((src.match(/<Slide\b/g) ?? []).length);
      }
    });
  }
  it('French notes and titles use no-break spaces before high punctuation', () => {
    for (const file of lessons) {
      for (const s of slides(new URL(`cours/${file}`, root))) {
        expect(`${s.title} ${s.notes}`, file).not.toMatch(/ [:;!?»]/);
        expect(`${s.title} ${s.notes}`, file).not.toMatch(/« /);
      }
    }
  });
});

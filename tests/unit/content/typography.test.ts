// French typography over the prose of every French lesson: no ASCII space before ; : ! ? (a no-break space is
// required: the narrow U+202F before ; ! ?, as the whole site writes them, U+00A0 or U+202F before :), no-break spaces inside « », no straight double quotes or apostrophes. Code
// blocks, inline code, URLs, imports, JSX syntax and <style> elements are not prose; JSX string and template
// literals (quiz questions, choices and explanations, captions) are. English lessons: typographic apostrophes.
// The other pages (home, lab, glossary, sheet, guide, progress, 404) get the same checks in both languages.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { englishTypographyErrors, fixFrenchTypography, frenchTypographyErrors, proseMask } from './mdx-prose';

const frDir = resolve(__dirname, '../../../src/content/docs/cours');
const enDir = resolve(__dirname, '../../../src/content/docs/en/cours');
const files = readdirSync(frDir).filter((f) => /\.mdx?$/.test(f)).sort();
// The other pages (home, lab, glossary, Raft sheet, instructor's guide, progress, 404), in both languages.
const docs = resolve(__dirname, '../../../src/content/docs');
const pages = readdirSync(docs).filter((f) => /\.mdx?$/.test(f)).sort();

describe('French typography of the lessons', () => {
  it('finds the French lessons', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });
  for (const f of files) {
    it(`${f}: no typography error in the prose`, () => {
      const errors = frenchTypographyErrors(readFileSync(join(frDir, f), 'utf8'));
      expect(errors.map((e) => `${f}:${e.line}:${e.column} ${e.rule} «${e.excerpt}»`)).toEqual([]);
    });
  }
});

describe('typography of the other pages', () => {
  it('finds them in both languages', () => {
    expect(pages.length).toBeGreaterThanOrEqual(6);
    for (const f of pages) expect(readdirSync(join(docs, 'en'))).toContain(f);
  });
  for (const f of pages) {
    it(`${f}: French typography`, () => {
      const errors = frenchTypographyErrors(readFileSync(join(docs, f), 'utf8'));
      expect(errors.map((e) => `${f}:${e.line}:${e.column} ${e.rule} «${e.excerpt}»`)).toEqual([]);
    });
    it(`en/${f}: typographic apostrophes`, () => {
      const errors = englishTypographyErrors(readFileSync(join(docs, 'en', f), 'utf8'));
      expect(errors.map((e) => `en/${f}:${e.line}:${e.column} ${e.rule} «${e.excerpt}»`)).toEqual([]);
    });
  }
});

describe('English typography of the lessons', () => {
  for (const f of files) {
    it(`en/${f}: typographic apostrophes in the prose and the quiz`, () => {
      const errors = englishTypographyErrors(readFileSync(join(enDir, f), 'utf8'));
      expect(errors.map((e) => `en/${f}:${e.line}:${e.column} ${e.rule} «${e.excerpt}»`)).toEqual([]);
    });
  }

  it('the lint reports a straight apostrophe in text and in a quiz template string, not in code', () => {
    const sample = [
      "import Quiz from '../../../components/Quiz.astro';",
      "The leader's term, `it's code`.",
      "<Quiz id=\"x\" questions={[{ q: `${quorumSize(3)} members' votes?`, choices: ['a', 'b'] }]} />",
    ].join('\n');
    expect(englishTypographyErrors(sample).map((e) => `${e.line}:${e.column}`)).toEqual(['2:11', '3:56']);
  });
});

describe('the typography lint itself', () => {
  const sample = [
    '---',
    'title: "Combien de pannes ?"',
    '---',
    "import Quiz from '../../../components/Quiz.astro';",
    '',
    'Le quorum : la majorité ; voyez « ceci » !',
    '',
    '```console',
    '$ etcdctl get foo ; echo "a : b ?"',
    '```',
    '',
    'Du code `a : b` et un lien [x](https://etcd.io/docs/v3.4/faq/?q=1) puis {quorumSize(3) ? 1 : 2}.',
    '<Quiz id="x" questions={[{ q: "Vraiment ?", choices: [`${quorumSize(3)} : deux`] }]} />',
    // Lessons 01-03 had straight apostrophes in quiz template strings, which a line check stripping `…` missed.
    '<Quiz id="y" questions={[{ q: "L\u2019écriture\u202f?", explain: [`Exact\u00a0: ${quorumSize(3)}, c\'est une majorité.`] }]} />',
    "<style>{`html[data-print='resume'] a { color: red; }`}</style>",
    // Speaker notes run over several lines; the text after them is prose again.
    '<Slide title="T" notes="Un\u00a0: deux.',
    '',
    'Trois ; quatre.">',
    'Après la note ; encore. Et ensuite\u00a0? Fin.',
    '</Slide>',
  ].join('\n');

  it('reports each ASCII or wide no-break space before ; ! ?, ASCII space before :, bad guillemets, straight quotes and apostrophes in prose (quiz template strings too)', () => {
    const errors = frenchTypographyErrors(sample);
    const rules = errors.map((e) => `${e.line}:${e.rule.slice(0, 28)}`);
    expect(rules).toEqual([
      '2:ASCII space before "?" (use ',
      '6:ASCII space before ":" (use ',
      '6:ASCII space before ";" (use ',
      '6:no no-break space after «',
      '6:no no-break space before »',
      '6:ASCII space before "!" (use ',
      '13:ASCII space before "?" (use ',
      '13:ASCII space before ":" (use ',
      '14:straight apostrophe in Frenc',
      '18:ASCII space before ";" (use ',
      '19:ASCII space before ";" (use ',
      '19:wide no-break space before "',
    ]);
  });

  it('ignores code blocks, inline code, URLs, JSX expressions and <style>; reads multiline attributes', () => {
    const mask = proseMask(sample);
    const proseOf = (needle: string) => mask[sample.indexOf(needle)];
    expect(proseOf('echo')).toBe(false);
    expect(proseOf('a : b`')).toBe(false);
    expect(proseOf('etcd.io')).toBe(false);
    expect(proseOf('quorumSize(3) ?')).toBe(false);
    expect(proseOf('Vraiment')).toBe(true);
    expect(proseOf('Le quorum')).toBe(true);
    expect(proseOf('est une majorité')).toBe(true);
    expect(proseOf("data-print='resume'")).toBe(false);
    expect(proseOf('Trois')).toBe(true);
    expect(proseOf('</Slide>')).toBe(false);
  });

  it('accepts the corrected text', () => {
    expect(frenchTypographyErrors(fixFrenchTypography(sample))).toEqual([]);
  });
});

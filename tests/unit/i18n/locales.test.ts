// The UI string files: same keys in both languages, nothing empty, every key the code names exists,
// and French typography in the French file.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import fr from '../../../src/i18n/fr.json';
import en from '../../../src/i18n/en.json';
import { pageLocale, pick, pickPrefix, useT } from '../../../src/i18n';

const frDict = fr as Record<string, string>;
const enDict = en as Record<string, string>;
const root = join(import.meta.dirname, '../../..');
const PREFIXES = ['site', 'widget', 'terminal', 'quiz', 'exercise', 'progress', 'slides', 'glossary', 'chart'];
const KEY = new RegExp(`^(?:${PREFIXES.join('|')})\\.[A-Za-z0-9_.-]+$`);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(astro|ts|svelte|mdx|mjs|js)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Key literals the code hands to the translation helpers, with the file they appear in. */
export function usedKeys(text: string): { keys: string[]; prefixes: string[] } {
  const keys: string[] = [];
  const prefixes: string[] = [];
  const lit = `['"\`]([^'"\`$]+)['"\`]`;
  // t('site.x'), tOther('glossary.x'), useT(locale)('site.x'), fmt(…)… : any call whose first argument is a key
  for (const m of text.matchAll(new RegExp(`[\\w)]\\(\\s*${lit}`, 'g'))) keys.push(m[1]);
  // strings['widget.x'], this.#strings["widget.x"]
  for (const m of text.matchAll(new RegExp(`strings\\s*\\[\\s*${lit}\\s*\\]`, 'g'))) keys.push(m[1]);
  // pick(locale, ['a', 'b'])
  for (const m of text.matchAll(/\bpick\(\s*[^,()]+,\s*\[([^\]]*)\]/g)) {
    for (const k of m[1].matchAll(new RegExp(lit, 'g'))) keys.push(k[1]);
  }
  // pickPrefix(locale, 'quiz.')
  for (const m of text.matchAll(new RegExp(`\\bpickPrefix\\(\\s*[^,()]+,\\s*${lit}`, 'g'))) prefixes.push(m[1]);
  return { keys: keys.filter((k) => KEY.test(k)), prefixes };
}

const exists = (k: string) => k in frDict || `${k}_one` in frDict || `${k}_other` in frDict;

describe('locale files', () => {
  it('have the same keys in French and English', () => {
    const onlyFr = Object.keys(frDict).filter((k) => !(k in enDict));
    const onlyEn = Object.keys(enDict).filter((k) => !(k in frDict));
    expect({ onlyFr, onlyEn }).toEqual({ onlyFr: [], onlyEn: [] });
  });

  it('have no empty value', () => {
    const empty = [
      ...Object.entries(frDict).filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => `fr ${k}`),
      ...Object.entries(enDict).filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => `en ${k}`),
    ];
    expect(empty).toEqual([]);
  });

  it('use the same {{placeholders}} in both languages', () => {
    const vars = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort().join(',');
    const differ = Object.keys(frDict).filter((k) => k in enDict && vars(frDict[k]) !== vars(enDict[k]));
    expect(differ).toEqual([]);
  });

  it('write every placeholder as {{name}} (i18next and src/i18n/format.ts), never {name}', () => {
    const single = /(?<!\{)\{\s*\w+\s*\}(?!\})/;
    expect(single.test('Question {n}')).toBe(true);
    expect(single.test('Question {{n}}')).toBe(false);
    const bad = [...Object.entries(frDict).map(([k, v]) => [`fr ${k}`, v]), ...Object.entries(enDict).map(([k, v]) => [`en ${k}`, v])]
      .filter(([, v]) => single.test(v)).map(([k, v]) => `${k}: ${v}`);
    expect(bad).toEqual([]);
  });

  it('contain every key the code uses', () => {
    const missing: string[] = [];
    const emptyPrefixes: string[] = [];
    let seen = 0;
    for (const file of sourceFiles(join(root, 'src'))) {
      const { keys, prefixes } = usedKeys(readFileSync(file, 'utf8'));
      seen += keys.length;
      for (const k of keys) if (!exists(k)) missing.push(`${relative(root, file)}: ${k}`);
      for (const p of prefixes) {
        if (!Object.keys(frDict).some((k) => k.startsWith(p))) emptyPrefixes.push(`${relative(root, file)}: ${p}`);
      }
    }
    expect(missing).toEqual([]);
    expect(emptyPrefixes).toEqual([]);
    expect(seen).toBeGreaterThan(10); // the scan does find keys (the site shell alone uses dozens)
  });
});

describe('the key scan', () => {
  it('finds keys in t(), strings[…], pick([…]) and pickPrefix()', () => {
    const code = `const a = t('site.map.title'); x = tOther("glossary.quorum.term");
      const s = strings['widget.crash'] + this.#strings["widget.quorum.ok"];
      const p = pick(locale, ['site.404.home', 'site.404.text']); const q = pickPrefix(locale, 'quiz.');
      t('crash'); fmt(\`widget.\${key}\`); Astro.locals.t('page.nextLink');`;
    expect(usedKeys(code)).toEqual({
      keys: ['site.map.title', 'glossary.quorum.term', 'widget.crash', 'widget.quorum.ok', 'site.404.home', 'site.404.text'],
      prefixes: ['quiz.'],
    });
  });
});

describe('French typography in fr.json', () => {
  const entries = Object.entries(frDict);
  it('has a no-break space, not a plain one, before ; : ! ? and »', () => {
    const bad = entries.filter(([, v]) => / [;:!?»]/.test(v)).map(([k, v]) => `${k}: ${v}`);
    expect(bad).toEqual([]);
  });
  it('puts the narrow no-break space (U+202F) before ; ! ?, as the lessons do', () => {
    const bad = entries.filter(([, v]) => /\u00a0[;!?]/.test(v)).map(([k, v]) => `${k}: ${v}`);
    expect(bad).toEqual([]);
  });
  it('has a no-break space, not a plain one, after «', () => {
    const bad = entries.filter(([, v]) => /« /.test(v)).map(([k, v]) => `${k}: ${v}`);
    expect(bad).toEqual([]);
  });
  it('uses « guillemets », not "ASCII quotes", around words', () => {
    const bad = entries.filter(([, v]) => /(^|[\s(])"[^"]*"/.test(v)).map(([k, v]) => `${k}: ${v}`);
    expect(bad).toEqual([]);
  });
  it('the checks do catch plain spaces and ASCII quotes', () => {
    expect(/ [;:!?»]/.test('Attention : quorum perdu !')).toBe(true);
    expect(/(^|[\s(])"[^"]*"/.test('le mot "quorum"')).toBe(true);
    expect(/ [;:!?»]/.test('Attention\u00a0: quorum perdu\u202f!')).toBe(false);
  });
});

describe('useT, pick and pickPrefix', () => {
  it('translate per locale and interpolate', () => {
    expect(useT('fr')('site.lesson.minutes', { minutes: 7 })).toBe('7 min de lecture');
    expect(useT('en')('site.lesson.position', { n: 3, total: 9 })).toBe('Lesson 3 of 9');
    expect(pick('en', ['site.404.home'])).toEqual({ 'site.404.home': 'Back to the course map' });
    const map = pickPrefix('fr', 'site.map.');
    expect(Object.keys(map).length).toBeGreaterThan(5);
    expect(Object.keys(map).every((k) => k.startsWith('site.map.'))).toBe(true);
  });
});

describe('pageLocale', () => {
  it('reads Starlight’s route, else the URL, and survives a page outside Starlight', () => {
    const url = (p: string) => new URL(`http://127.0.0.1${p}`);
    expect(pageLocale({ locals: { starlightRoute: { lang: 'en' } }, url: url('/') })).toBe('en');
    expect(pageLocale({ locals: {}, url: url('/en/slides/03-quorum/') })).toBe('en');
    expect(pageLocale({ locals: {}, url: url('/slides/03-quorum/') })).toBe('fr');
    const throwing = Object.defineProperty({}, 'starlightRoute', { get: () => { throw new Error('not a Starlight page'); } });
    expect(pageLocale({ locals: throwing, url: url('/en/slides/') })).toBe('en');
  });
});

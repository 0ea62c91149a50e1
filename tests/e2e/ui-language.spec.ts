// Every page speaks one language: no English interface text on a French page, no French on an English one.
// The interface strings checked are Starlight's (its built-in translations with the site's overrides of
// src/content/i18n/, Pagefind's search strings included) and the site's own (src/i18n/*.json); a string that
// reads the same in both languages ("Menu", "etcd") is not checked. Read over HTTP from the built site: visible
// text, the labels read aloud (aria-label, title, placeholder, alt) and the strings handed to islands and search.
import { readFileSync } from 'node:fs';
import { expect, test } from './helpers/base';
import { builtPages } from './helpers/page-check';

type Dict = Record<string, string>;
const json = (path: string): Dict => JSON.parse(readFileSync(path, 'utf8')) as Dict;
const starlight = (lang: string): Dict => ({
  ...json(`node_modules/@astrojs/starlight/translations/${lang}.json`),
  ...json(`src/content/i18n/${lang}.json`),
});
const site = { fr: json('src/i18n/fr.json'), en: json('src/i18n/en.json') };
const ui = { fr: starlight('fr'), en: starlight('en') };

/** Pagefind's own English strings: what search shows when no translation is given. */
const PAGEFIND_EN = ['results for', 'result for', 'No results for', 'Load more results', 'Searching for'];
/** Markdown footnotes (remark) in English. */
const FOOTNOTES_EN = ['Footnotes', 'Back to reference'];

/**
 * The distinctive pieces of each string of `mine` that differ from `other`: the literal parts around the
 * {{placeholders}} / [PAGEFIND] tokens, long enough (two words or more) not to occur by chance.
 */
function distinctive(mine: Dict, other: Dict): string[] {
  const out = new Set<string>();
  for (const [key, value] of Object.entries(mine)) {
    if (key.startsWith('search.devWarning') || other[key] === undefined || other[key] === value) continue;
    // The glossary names each term in the other language too, on purpose ("Vote partagé (split vote)").
    if (/^glossary\.[^.]+\.term$/.test(key)) continue;
    for (const piece of value.split(/\{\{[^}]*\}\}|\[[A-Z_]+\]|<[^>]*>|\n/)) {
      const p = piece.trim().replace(/[.:;,!?…“”«»\s]+$/u, '').replace(/^[“”«»\s]+/u, '').trim();
      if (p.length >= 10 && /\s/.test(p) && !Object.values(other).some((v) => v.includes(p))) out.add(p);
    }
  }
  return [...out];
}

const forbidden = {
  fr: [...distinctive(ui.en, ui.fr), ...distinctive(site.en, site.fr), ...PAGEFIND_EN, ...FOOTNOTES_EN],
  en: [...distinctive(ui.fr, ui.en), ...distinctive(site.fr, site.en)],
};

const decode = (s: string) =>
  s
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&nbsp;/g, '\u00a0').replace(/&amp;/g, '&');

/** What a reader meets on a page: text, labels read aloud, strings given to islands and to search. */
function readable(html: string): string {
  const body = html.replace(/<(script|style|template)\b[\s\S]*?<\/\1>/gi, ' ');
  const attrs = [...body.matchAll(/\s(?:aria-label|title|placeholder|alt|data-translations|props)="([^"]*)"/g)].map((m) => decode(m[1]));
  const text = decode(body.replace(/<[^>]+>/g, ' '));
  return [text, ...attrs].join('\n').replace(/\\u00a0/g, '\u00a0');
}


test('French pages show no English interface text, and English pages no French', async ({ request }) => {
  const pages = builtPages({ redirects: true });
  expect(pages.length, 'pages in the build').toBeGreaterThan(10);
  expect(forbidden.fr).toContain('Select theme');
  expect(forbidden.en).toContain('Sélectionner le thème');
  const problems: string[] = [];
  for (const path of pages) {
    const locale = /^\/en(\/|$)/.test(path) ? 'en' : 'fr';
    const res = await request.get(path);
    const text = readable(await res.text());
    for (const s of forbidden[locale]) if (text.includes(s)) problems.push(`${path} (${locale}): "${s}"`);
  }
  expect(problems).toEqual([]);
});

test('search speaks the page language: French counts and labels on a French page', async ({ page }) => {
  await page.goto('/glossaire/');
  await page.locator('button[data-open-modal]').click();
  const input = page.locator('dialog[open] input');
  await expect(input).toBeVisible({ timeout: 15_000 });
  await input.fill('quorum');
  const message = page.locator('dialog[open] .pagefind-ui__message');
  await expect(message).toHaveText(/^\d+ résultats? pour «\u00a0quorum\u00a0»$/, { timeout: 15_000 });
  await expect(page.locator('dialog[open] .pagefind-ui__search-clear')).toHaveText('Effacer');
});

// The one way islands (and any code without i18next) fill UI strings. Strings come translated from the build
// (src/i18n/index.ts resolves them with i18next; src/components/strings.ts writes them once per page and islands
// read them with src/widgets/strings.ts); they keep i18next's
// syntax: `{{name}}` placeholders and plural keys `base_one` / `base_other` chosen by `count`.
// No i18next here: islands must not bundle it (docs/ARCHITECTURE.md, "Shared concerns").

/** A flat bag of translated strings, as an island receives them. */
export type Strings = Readonly<Record<string, string>>;

/** Replace `{{name}}` placeholders. A missing variable stays visible as `{{name}}`, so a gap shows in review. */
export function fmt(s: string | undefined, vars?: Readonly<Record<string, string | number>>): string {
  if (s == null) return '';
  if (!vars) return s;
  return s.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

const rules = new Map<string, Intl.PluralRules>();
/** The CLDR plural category of `n` in `lang` ("one" or "other" for French and English: French puts 0 in "one"). */
export function pluralCategory(n: number, lang: string): Intl.LDMLPluralRule {
  const l = lang.startsWith('en') ? 'en' : 'fr';
  let r = rules.get(l);
  if (!r) rules.set(l, (r = new Intl.PluralRules(l)));
  return r.select(n);
}

/** The key i18next would pick for `count`: `base_one` or `base_other` (falls back to `base_other`). */
export function pluralKey(strings: Strings, base: string, count: number, lang: string): string {
  const k = `${base}_${pluralCategory(count, lang)}`;
  return k in strings ? k : `${base}_other`;
}

/**
 * Translate `key` from an island's strings: plural form chosen by `vars.count` when the key has one, then
 * placeholders filled. An unknown key returns the key itself (visible, never a crash).
 * @example tr(strings, 'widget.votes', { count: 2 }, 'fr') // "2 votes"
 */
export function tr(strings: Strings, key: string, vars?: Readonly<Record<string, string | number>>, lang = 'fr'): string {
  const k = vars && typeof vars.count === 'number' && !(key in strings) ? pluralKey(strings, key, vars.count, lang) : key;
  return fmt(strings[k] ?? key, vars);
}

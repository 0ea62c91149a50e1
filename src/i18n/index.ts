import i18next, { type TFunction } from 'i18next';
import fr from './fr.json';
import en from './en.json';

export const locales = ['fr', 'en'] as const;
export type Locale = (typeof locales)[number];
export type UIKey = keyof typeof fr;

const instance = i18next.createInstance();
instance.init({
  initAsync: false,
  lng: 'fr',
  fallbackLng: false,
  resources: { fr: { translation: fr }, en: { translation: en } },
  interpolation: { escapeValue: false },
  keySeparator: false,
  nsSeparator: false,
});

/** A translation function for one locale, resolved at build time. */
export function useT(locale: Locale): (key: UIKey, vars?: Record<string, unknown>) => string {
  const t: TFunction = instance.getFixedT(locale);
  return (key, vars) => t(key, vars) as string;
}

/** Some keys, translated (islands get theirs through src/components/strings.ts, never as a prop). */
export function pick<K extends UIKey>(locale: Locale, keys: readonly K[]): Record<K, string> {
  const t = useT(locale);
  return Object.fromEntries(keys.map((k) => [k, t(k)])) as Record<K, string>;
}

/** Every key starting with a prefix, translated (e.g. all `widget.` strings). */
export function pickPrefix(locale: Locale, prefix: string): Record<string, string> {
  const t = useT(locale);
  return Object.fromEntries(
    (Object.keys(fr) as UIKey[]).filter((k) => k.startsWith(prefix)).map((k) => [k, t(k)]),
  );
}

export function localeFromLang(lang: string | undefined): Locale {
  return lang?.startsWith('en') ? 'en' : 'fr';
}

/**
 * The locale of the page being rendered, from any Astro component: Starlight's route when the component
 * sits in a Starlight page, else the URL (`/en/…` is English, after the site's base path). Safe outside Starlight pages (slides),
 * where reading `Astro.locals.starlightRoute` throws.
 * @example const locale = pageLocale(Astro);
 */
export function pageLocale(astro: { locals: unknown; url: URL }): Locale {
  try {
    const lang = (astro.locals as { starlightRoute?: { lang?: string } }).starlightRoute?.lang;
    if (lang) return localeFromLang(lang);
  } catch {
    // not a Starlight page
  }
  // Under a sub-path (BASE_PATH), the locale follows the base: /quorum-lab/en/… is English.
  const base = (import.meta.env?.BASE_URL ?? '/').replace(/\/+$/, '');
  const path = base && astro.url.pathname.startsWith(`${base}/`) ? astro.url.pathname.slice(base.length) : astro.url.pathname;
  return /^\/en(\/|$)/.test(path) ? 'en' : 'fr';
}

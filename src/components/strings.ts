// Build side of the islands' UI strings (the client side is src/widgets/strings.ts). A component that renders an
// island calls, in its frontmatter,
//   const stringsBlock = pageStrings(Astro, ['widget.']);
// and writes `<Fragment set:html={stringsBlock} />` before the island: the first component of the page that needs
// a group writes that group's data block, the others write nothing (the page's `Astro.locals` remembers), so the
// strings travel once per page however many widgets it has. Importing this module also lets server rendering of
// islands resolve their strings with i18next (never shipped to the browser).
import { pageLocale, pickPrefix, type Locale } from '../i18n';
import { serveStrings, STRINGS_ATTR, type StringGroup } from '../widgets/strings';

const resolved = new Map<string, Record<string, string>>();
function group(locale: Locale, prefix: StringGroup): Record<string, string> {
  const key = `${locale} ${prefix}`;
  let s = resolved.get(key);
  if (!s) resolved.set(key, (s = pickPrefix(locale, prefix)));
  return s;
}

serveStrings((lang, prefix) => group(lang.startsWith('en') ? 'en' : 'fr', prefix));

/** JSON safe inside a <script> element (no `</script>`, no `<!--`). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * The data blocks of the groups this page has not written yet (HTML, possibly empty), marking them written.
 * @example const stringsBlock = pageStrings(Astro, ['widget.']);   // then <Fragment set:html={stringsBlock} />
 */
export function pageStrings(astro: { locals: unknown; url: URL }, groups: readonly StringGroup[]): string {
  const locals = astro.locals as { quorumStrings?: Set<string> };
  const written = (locals.quorumStrings ??= new Set<string>());
  const locale = pageLocale(astro);
  let html = '';
  for (const g of groups) {
    if (written.has(g)) continue;
    written.add(g);
    html += `<script type="application/json" ${STRINGS_ATTR}="${g}">${scriptJson(group(locale, g))}</script>`;
  }
  return html;
}

// The one way an island gets its UI strings (docs/ARCHITECTURE.md, "Shared concerns"). Strings are translated at
// build time and written ONCE per page per group (a key prefix such as `widget.`), in a data block
//   <script type="application/json" data-ql-strings="widget.">{"widget.play":"Lecture",…}</script>
// by the first component of the page that needs the group (src/components/strings.ts, `pageStrings`). An island
// calls `uiStrings(lang, 'widget.')`:
// - in the browser it reads (once, then from a cache) the page's data block of each group;
// - during server rendering (the build) it asks the resolver the build registered (`serveStrings`), so the
//   server-rendered markup, the static figure without JavaScript, is the same as before.
// No i18next here (islands must not bundle it); fill the strings with `tr` / `fmt` of src/i18n/format.ts.
import type { Strings } from '../i18n/format';

/** The attribute naming a page's strings block; its value is the group (key prefix). */
export const STRINGS_ATTR = 'data-ql-strings';

/** The groups islands read. A group is every key starting with that prefix. */
export type StringGroup = 'widget.' | 'terminal.' | 'quiz.' | 'exercise.' | 'progress.' | 'real.';

type Resolver = (lang: string, group: StringGroup) => Strings;
let resolver: Resolver | null = null;
const cache = new Map<string, Strings>();

/** Build side only: how server rendering resolves a group (src/components/strings.ts registers i18next's). */
export function serveStrings(resolve: Resolver): void {
  resolver = resolve;
}

function fromPage(group: StringGroup): Strings {
  const hit = cache.get(group);
  if (hit) return hit;
  const el = document.querySelector(`script[${STRINGS_ATTR}="${group}"]`);
  let strings: Strings = {};
  try {
    const data: unknown = el ? JSON.parse(el.textContent ?? '') : null;
    if (data && typeof data === 'object' && !Array.isArray(data)) strings = data as Strings;
  } catch {
    /* unreadable: keys are shown below */
  }
  // A missing or unreadable block is a build defect: the island still works and shows the keys themselves.
  if (Object.keys(strings).length === 0) console.warn(`[quorum-lab] no UI strings for "${group}" on this page: keys are shown instead`);
  else cache.set(group, strings);
  return strings;
}

/**
 * The translated strings of one or more groups, merged (e.g. `uiStrings(lang, 'exercise.', 'widget.')`).
 * @example const strings = uiStrings(lang, 'widget.'); tr(strings, 'widget.play', undefined, lang)
 */
export function uiStrings(lang: string, ...groups: StringGroup[]): Strings {
  if (typeof document === 'undefined') {
    if (!resolver) throw new Error('uiStrings: no resolver during server rendering (import src/components/strings.ts in the Astro component)');
    const r = resolver;
    return Object.assign({}, ...groups.map((g) => r(lang, g))) as Strings;
  }
  if (groups.length === 1) return fromPage(groups[0]);
  return Object.assign({}, ...groups.map(fromPage)) as Strings;
}

/** Tests only: forget what was read from a page. */
export function __clearStringsCache(): void {
  cache.clear();
}

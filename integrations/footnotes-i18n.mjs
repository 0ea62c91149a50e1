// @ts-check
// Rehype plugin: Markdown footnotes get their heading ("Footnotes", also listed in the table of contents) and
// their back links' labels ("Back to reference 1") in English whatever the page's language. This writes them in
// the page's language, read from the file's path (English pages live under src/content/docs/en/).

const TEXT = {
  fr: { label: 'Notes de bas de page', back: (/** @type {string} */ n) => `Revenir à l’appel de note ${n}` },
  en: { label: 'Footnotes', back: (/** @type {string} */ n) => `Back to reference ${n}` },
};

/** @param {string | undefined} path */
export function footnoteLocale(path) {
  return /[\\/]content[\\/]docs[\\/]en[\\/]/.test(path ?? '') ? 'en' : 'fr';
}

export default function rehypeFootnotesI18n() {
  return (/** @type {any} */ tree, /** @type {any} */ file) => {
    const text = TEXT[footnoteLocale(file?.path ?? file?.history?.[0])];
    /** @param {any} node */
    const visit = (node) => {
      if (node.type === 'element') {
        const p = node.properties ?? {};
        if (/^(user-content-)?footnote-label$/.test(String(p.id ?? ''))) node.children = [{ type: 'text', value: text.label }];
        if (p.dataFootnoteBackref !== undefined && typeof p.ariaLabel === 'string') {
          const n = /(\d+(?:-\d+)?)\s*$/.exec(p.ariaLabel)?.[1] ?? '';
          p.ariaLabel = text.back(n);
        }
      }
      for (const child of node.children ?? []) visit(child);
    };
    visit(tree);
  };
}

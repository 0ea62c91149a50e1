// @ts-check
// Rehype plugin: lessons (MDX) link to other pages with root-relative URLs (`[quorum](/glossaire/#quorum)`);
// under a sub-path (`BASE_PATH=/quorum-lab/`), such a link must become `/quorum-lab/glossaire/#quorum`. This
// puts the site's base in front of every root-relative href/src of Markdown and of plain JSX elements written
// in MDX (<a href="/…">, <img src="/…">), so the lessons stay written as if the site were at the root.

/**
 * @param {string} value
 * @param {string} base the base without its trailing slash ('' at the root)
 */
export function prefixBase(value, base) {
  if (!base || !value.startsWith('/') || value.startsWith('//')) return value;
  if (value === base || value.startsWith(`${base}/`)) return value;
  return base + value;
}

const ATTRS = ['href', 'src', 'poster'];

/** @param {{ base?: string }} options */
export default function rehypeBaseLinks({ base = '' } = {}) {
  const b = base.replace(/\/+$/, '');
  /** @param {any} node */
  const visit = (node) => {
    if (node.type === 'element' && node.properties) {
      for (const a of ATTRS) if (typeof node.properties[a] === 'string') node.properties[a] = prefixBase(node.properties[a], b);
    } else if ((node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && /^[a-z]/.test(node.name ?? '')) {
      // Plain HTML written as JSX (lower-case name); components (Cluster, Quiz…) build their own URLs.
      for (const attr of node.attributes ?? []) {
        if (attr.type === 'mdxJsxAttribute' && ATTRS.includes(attr.name) && typeof attr.value === 'string') attr.value = prefixBase(attr.value, b);
      }
    }
    for (const child of node.children ?? []) visit(child);
  };
  return (/** @type {any} */ tree) => {
    if (b) visit(tree);
  };
}

// @ts-check
// Astro integration (astro:build:done): Content Security Policy and offline support for the built site.
// - Hashes every inline <script> of every built page (Starlight's theme script, Astro island hydration…)
//   and injects a <meta http-equiv="Content-Security-Policy"> as early as possible in each page's <head>,
//   allowing only 'self' plus that page's own hashes: no other inline script, no third-party origin.
// - Writes _headers (Netlify / Cloudflare Pages format) with the same policy (union of the hashes) and
//   the other security headers, and nginx-headers.conf with the same headers for nginx (deploy/nginx.conf).
// - Under a sub-path (Astro `base`, from BASE_PATH), every path it writes starts with the base.
// - Writes sw.js, the service worker, with the list of built files to precache and a version derived from
//   their content (a new build gets a new cache; the old one is deleted on activate), and adds the
//   site script (/site.js: registration and print buttons, an external file: no inline script) to every page.
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const SW_TEMPLATE = fileURLToPath(new URL('./sw-template.js', import.meta.url));

/**
 * The policy. style-src needs 'unsafe-inline': Astro and Starlight emit <style> blocks and style attributes,
 * Svelte sets inline styles at run time; styles cannot run code. 'wasm-unsafe-eval' lets Pagefind (search)
 * compile its WebAssembly; it does not allow eval() of JavaScript.
 * @param {string[]} hashes
 */
export function buildCsp(hashes, { header = false } = {}) {
  const scriptSrc = ["'self'", "'wasm-unsafe-eval'", ...[...new Set(hashes)].sort().map((h) => `'${h}'`)];
  const parts = [
    "default-src 'self'",
    `script-src ${scriptSrc.join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "media-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ];
  // frame-ancestors is ignored (and warned about) in a <meta> policy: header only.
  if (header) parts.push("frame-ancestors 'none'");
  return parts.join('; ');
}

/**
 * sha256 hashes (CSP source form, without quotes) of the inline scripts of an HTML document.
 * @param {string} html
 * @returns {string[]}
 */
export function inlineScriptHashes(html) {
  const hashes = [];
  const re = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
  for (let m; (m = re.exec(html)); ) {
    const attrs = m[1];
    if (/\bsrc\s*=/i.test(attrs)) continue;
    const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attrs)?.[1]?.toLowerCase();
    // Data blocks (JSON, speaker notes…) are not executed: no hash needed.
    if (type && !['module', 'text/javascript', 'application/javascript'].includes(type)) continue;
    hashes.push(`sha256-${createHash('sha256').update(m[2], 'utf8').digest('base64')}`);
  }
  return hashes;
}

/**
 * Insert the meta policy and the service worker registration into one page.
 * @param {string} html
 * @param {string} csp
 * @param {string} [base] the site's base path without its trailing slash ('' at the root)
 * @returns {string}
 */
export function securePage(html, csp, base = '') {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${csp.replace(/"/g, '&quot;')}">`;
  const register = `<script src="${base}/site.js" defer></script>`;
  const head = /<head\b[^>]*>/i.exec(html);
  if (!head) return html;
  // After <meta charset> when it opens the head (charset must stay within the first bytes), else right after <head>.
  let at = head.index + head[0].length;
  const charset = /^\s*<meta\s+charset\s*=\s*["']?[\w-]+["']?\s*\/?>/i.exec(html.slice(at));
  if (charset) at += charset[0].length;
  const withMeta = html.slice(0, at) + meta + html.slice(at);
  return withMeta.replace(/<\/head>/i, `${register}</head>`);
}

/**
 * @param {string} dir
 * @returns {Promise<string[]>}
 */
async function walk(dir) {
  const out = [];
  for (const d of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, d.name);
    if (d.isDirectory()) out.push(...(await walk(p)));
    else out.push(p);
  }
  return out;
}

/** The file (in the build folder) with the nginx `add_header` lines: see deploy/nginx.conf. */
export const NGINX_HEADERS = 'nginx-headers.conf';

/** The security headers besides the policy: the same in _headers and in the nginx snippet. */
export const HEADERS_EXTRA = [
  'X-Content-Type-Options: nosniff',
  'Referrer-Policy: strict-origin-when-cross-origin',
  'Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
  'Cross-Origin-Opener-Policy: same-origin',
  'X-Frame-Options: DENY',
];

/** Caching per path (under the base): hashed assets forever, the service worker never. */
export const CACHE_RULES = [
  ['/_astro/*', 'public, max-age=31536000, immutable'],
  ['/sw.js', 'no-cache'],
];

/**
 * Every security header of a response, as [name, value] pairs, for the union of the site's inline-script hashes.
 * @param {string[]} hashes
 * @returns {[string, string][]}
 */
export function securityHeaders(hashes) {
  const extra = HEADERS_EXTRA.map((h) => /** @type {[string, string]} */ ([h.slice(0, h.indexOf(':')), h.slice(h.indexOf(':') + 1).trim()]));
  return [['Content-Security-Policy', buildCsp(hashes, { header: true })], ...extra];
}

/**
 * The _headers file (Netlify, Cloudflare Pages): the security headers on every path, then the cache rules.
 * @param {string[]} hashes
 * @param {string} [base]
 */
export function headersFile(hashes, base = '') {
  const lines = [`${base}/*`, ...securityHeaders(hashes).map(([n, v]) => `  ${n}: ${v}`)];
  for (const [path, value] of CACHE_RULES) lines.push('', `${base}${path}`, `  Cache-Control: ${value}`);
  return lines.join('\n') + '\n';
}

/**
 * The same security headers as nginx directives (`always`: error pages too), included by deploy/nginx.conf.
 * @param {string[]} hashes
 */
export function nginxHeadersFile(hashes) {
  const lines = ['# Generated by integrations/security.mjs with the site: the same headers as _headers. See deploy/nginx.conf.'];
  for (const [n, v] of securityHeaders(hashes)) lines.push(`add_header ${n} "${v}" always;`);
  return lines.join('\n') + '\n';
}

/**
 * Files the service worker precaches: pages and the assets they need; not the search index shards.
 * @param {string} rel a path relative to the build folder, with forward slashes
 */
function precached(rel) {
  if (rel === 'sw.js' || rel === '_headers' || rel === NGINX_HEADERS || rel.endsWith('.map')) return false;
  // Search: the UI Starlight uses, its engine and per-language metadata (the index shards come on demand).
  if (rel.startsWith('pagefind/')) return /^pagefind\/(pagefind(-ui)?\.(js|css)|pagefind-worker\.js|pagefind-entry\.json|wasm\.[\w-]+\.pagefind|pagefind\.[\w-]+\.pf_meta)$/.test(rel);
  return true;
}

/** @returns {import('astro').AstroIntegration} */
export default function security() {
  let base = '';
  return {
    name: 'quorum-lab-security',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base.replace(/\/+$/, '');
      },
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const files = await walk(root);
        const all = new Set();
        let pages = 0;
        for (const f of files.filter((f) => f.endsWith('.html'))) {
          const html = await readFile(f, 'utf8');
          if (html.includes('http-equiv="Content-Security-Policy"')) continue;
          const hashes = inlineScriptHashes(html);
          // Inline event handlers (onclick=…) would be blocked by the policy: say where, so they get moved out.
          const handler = /<[a-z][^>]*\son[a-z]+\s*=\s*["'][^"']/i.exec(html.replace(/<script\b[\s\S]*?<\/script>/gi, ''));
          if (handler) logger.warn(`${relative(root, f)}: inline event handler blocked by the CSP: ${handler[0].slice(0, 80)}`);
          hashes.forEach((h) => all.add(h));
          await writeFile(f, securePage(html, buildCsp(hashes), base));
          pages++;
        }
        await writeFile(join(root, '_headers'), headersFile([...all], base));
        await writeFile(join(root, NGINX_HEADERS), nginxHeadersFile([...all]));

        // Service worker: precache list and a version from the content of the files.
        const list = [];
        const version = createHash('sha256');
        for (const f of (await walk(root)).sort()) {
          const rel = relative(root, f).split(sep).join('/');
          if (!precached(rel)) continue;
          version.update(rel).update(await readFile(f));
          // Pages by their URL (…/index.html → …/), so navigations hit the cache.
          list.push(`${base}/` + rel.replace(/(^|\/)index\.html$/, '$1'));
        }
        const template = await readFile(SW_TEMPLATE, 'utf8');
        const sw = template
          .replace('__VERSION__', version.digest('hex').slice(0, 12))
          .replace('__BASE__', base)
          .replace('[/*__PRECACHE__*/]', JSON.stringify(list));
        await writeFile(join(root, 'sw.js'), sw);
        logger.info(`CSP in ${pages} pages (${all.size} inline script hashes), _headers, ${NGINX_HEADERS}, sw.js (${list.length} files precached, scope ${base}/)`);
      },
    },
  };
}

// The deploy recipes stay true to the build: the nginx snippet (deploy/nginx.conf + the generated
// nginx-headers.conf) sends exactly the headers of the generated _headers (Netlify, Cloudflare Pages), the
// service worker and every path follow the base path, and the offline bundle is a valid zip.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { unzip } from '../../helpers/unzip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import security, { NGINX_HEADERS } from '../../../integrations/security.mjs';
import { zip } from '../../../scripts/bundle.mjs';

const page = (script: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>t</title><script>${script}</script></head><body><a href="/quorum-lab/x/">x</a></body></html>`;

/** Run the integration's build hook on a tiny fake build, as Astro would with `base: '/quorum-lab/'`. */
async function fakeBuild(base: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'quorum-lab-build-'));
  mkdirSync(join(dir, 'en'));
  mkdirSync(join(dir, '_astro'));
  writeFileSync(join(dir, 'index.html'), page('console.log(1)'));
  writeFileSync(join(dir, 'en', 'index.html'), page('console.log(2)'));
  writeFileSync(join(dir, '_astro', 'app.abc123.js'), 'export {}');
  const integration = security();
  const hooks = integration.hooks as Record<string, (arg: unknown) => Promise<void> | void>;
  const logger = { info() {}, warn() {} };
  await hooks['astro:config:done']({ config: { base } });
  await hooks['astro:build:done']({ dir: pathToFileURL(dir + '/'), logger });
  return dir;
}

/** `_headers` as path → header name → value. */
function parseHeaders(text: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    if (!/^\s/.test(line)) out.set(line.trim(), (current = new Map()));
    else current!.set(line.slice(0, line.indexOf(':')).trim().toLowerCase(), line.slice(line.indexOf(':') + 1).trim());
  }
  return out;
}

/** `add_header Name "value" always;` lines as name → value. */
function parseAddHeaders(text: string): Map<string, string> {
  return new Map([...text.matchAll(/^\s*add_header\s+([\w-]+)\s+"([^"]*)"(?:\s+always)?;/gm)].map((m) => [m[1].toLowerCase(), m[2]]));
}

/** deploy/nginx.conf's location blocks: path → body. */
function locations(text: string): Map<string, string> {
  return new Map([...text.matchAll(/^location\s+(?:=\s+|~\s+)?(\S+)\s*\{([\s\S]*?)^\}/gm)].map((m) => [m[1], m[2]]));
}

describe('deploy recipes', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await fakeBuild('/quorum-lab/');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the nginx header file sends exactly the security headers of _headers', () => {
    const headers = parseHeaders(readFileSync(join(dir, '_headers'), 'utf8'));
    const all = headers.get('/quorum-lab/*');
    expect(all?.get('content-security-policy')).toMatch(/script-src 'self' .*'sha256-/);
    expect(all?.get('x-content-type-options')).toBe('nosniff');
    const nginx = parseAddHeaders(readFileSync(join(dir, NGINX_HEADERS), 'utf8'));
    expect(nginx).toEqual(all);
  });

  it('deploy/nginx.conf includes that file in every location and caches as _headers says', () => {
    const headers = parseHeaders(readFileSync(join(dir, '_headers'), 'utf8'));
    const conf = readFileSync('deploy/nginx.conf', 'utf8');
    const blocks = locations(conf);
    const serving = [...blocks].filter(([, body]) => !/return 404/.test(body));
    expect(serving.length).toBeGreaterThanOrEqual(3);
    for (const [path, body] of serving) expect(body, path).toContain(`include /var/www/quorum-lab/${NGINX_HEADERS};`);
    // Every cache rule of _headers is in the nginx snippet, and no other.
    const cache = new Map([...headers].filter(([, h]) => h.has('cache-control')).map(([p, h]) => [p.replace(/\*$/, ''), h.get('cache-control')]));
    const nginxCache = new Map(serving.filter(([, b]) => /Cache-Control/.test(b)).map(([p, b]) => [p, parseAddHeaders(b).get('cache-control')]));
    expect(nginxCache).toEqual(cache);
    // The snippet sets no security header of its own that could drift from the generated file.
    for (const [, body] of serving) expect([...parseAddHeaders(body).keys()].filter((k) => k !== 'cache-control')).toEqual([]);
  });

  it('the pages, the service worker and its precache follow the base path', () => {
    const html = readFileSync(join(dir, 'en', 'index.html'), 'utf8');
    expect(html).toContain('<script src="/quorum-lab/site.js" defer></script>');
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="[^"]*sha256-/);
    const sw = readFileSync(join(dir, 'sw.js'), 'utf8');
    expect(sw).toContain("const BASE = '/quorum-lab';");
    const precache = JSON.parse(/const PRECACHE = (\[.*\]);/.exec(sw)![1]) as string[];
    expect([...precache].sort()).toEqual(['/quorum-lab/', '/quorum-lab/_astro/app.abc123.js', '/quorum-lab/en/']);
  });

  it('at the root, paths have no prefix', async () => {
    const root = await fakeBuild('/');
    try {
      expect(readFileSync(join(root, 'index.html'), 'utf8')).toContain('<script src="/site.js" defer></script>');
      expect([...parseHeaders(readFileSync(join(root, '_headers'), 'utf8')).keys()]).toEqual(['/*', '/_astro/*', '/sw.js']);
      expect(readFileSync(join(root, 'sw.js'), 'utf8')).toContain("const BASE = '';");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('offline bundle', () => {
  it('writes a zip whose entries read back, deflated or stored, with their names', () => {
    const big = Buffer.from('<p>Quorum</p>\n'.repeat(200));
    const tiny = Buffer.from('x');
    const archive = zip([['quorum-lab/index.html', big], ['quorum-lab/é.txt', tiny]]);
    // Read it back through the central directory, as an unzip tool does.
    const read = unzip(archive).map(([name, data]): [string, string] => [name, data.toString('utf8')]);
    expect(read).toEqual([['quorum-lab/index.html', big.toString()], ['quorum-lab/é.txt', 'x']]);
    expect(archive.length).toBeLessThan(big.length);
  });
});

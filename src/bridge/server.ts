// The lab's local bridge (issue 19): a small HTTP server on 127.0.0.1 between the course page and a real
// etcd cluster. Every request passes src/bridge/security.ts first; bodies are small JSON.
import http from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import type { EtcdCluster } from './etcd';
import { BridgeError } from './etcd';
import { checkRequest, type Gate } from './security';
import { TOKEN_HEADER, type BridgeAction } from './protocol';

const MAX_BODY = 256 * 1024;

function readBody(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new BridgeError(`request body over ${MAX_BODY} bytes`));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => {
      try {
        resolve(chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {});
      } catch {
        reject(new BridgeError('request body is not JSON'));
      }
    });
    req.on('error', reject);
  });
}

const isName = (v: unknown): v is string => typeof v === 'string' && /^n[1-9]$/.test(v);

/** Validate an action from the browser; returns it typed, or a one-line error. */
export function parseAction(body: unknown): BridgeAction | string {
  if (typeof body !== 'object' || body === null) return 'action: expected an object';
  const b = body as Record<string, unknown>;
  switch (b.action) {
    case 'crash':
    case 'restart':
      return isName(b.node) ? { action: b.action, node: b.node } : 'node: expected a member name (n1…n7)';
    case 'heal':
      return { action: 'heal' };
    case 'partition':
      if (!Array.isArray(b.groups) || b.groups.length < 1 || !b.groups.every((g) => Array.isArray(g) && g.every(isName))) {
        return 'groups: expected lists of member names';
      }
      return { action: 'partition', groups: b.groups as string[][] };
    case 'put':
      if (typeof b.key !== 'string' || b.key.length === 0 || b.key.length > 1024) return 'key: expected 1 to 1024 characters';
      if (typeof b.value !== 'string' || b.value.length > 64 * 1024) return 'value: expected at most 65536 characters';
      if (b.node !== undefined && !isName(b.node)) return 'node: expected a member name (n1…n7)';
      return { action: 'put', key: b.key, value: b.value, node: b.node as string | undefined };
    case 'get':
      if (typeof b.key !== 'string' || b.key.length === 0 || b.key.length > 1024) return 'key: expected 1 to 1024 characters';
      if (b.consistency !== undefined && b.consistency !== 'linearizable' && b.consistency !== 'serializable') return 'consistency: linearizable or serializable';
      if (b.node !== undefined && !isName(b.node)) return 'node: expected a member name (n1…n7)';
      return { action: 'get', key: b.key, consistency: b.consistency as 'linearizable' | 'serializable' | undefined, node: b.node as string | undefined };
    default:
      return 'action: one of crash, restart, partition, heal, put, get';
  }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.ico': 'image/x-icon', '.webmanifest': 'application/manifest+json', '.wasm': 'application/wasm', '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml', '.woff2': 'font/woff2', '.pdf': 'application/pdf',
};

/** The Content-Type of a file of the built site, by its extension. */
export function contentType(file: string): string {
  return TYPES[path.extname(file)] ?? 'application/octet-stream';
}

/** The file of the built site that `urlPath` names (index.html for a folder), or null; never outside `dist`. */
export function staticFile(dist: string, base: string, urlPath: string): string | null {
  let p: string;
  try {
    p = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return null;
  }
  if (p.includes('\0')) return null;
  const b = base.replace(/\/+$/, '');
  if (b && (p === b || p.startsWith(`${b}/`))) p = p.slice(b.length) || '/';
  const root = path.resolve(dist);
  const full = path.resolve(root, `.${path.posix.normalize(`/${p}`)}`);
  if (full !== root && !full.startsWith(root + path.sep)) return null;
  for (const f of [full, path.join(full, 'index.html')]) {
    try {
      if (statSync(f).isFile()) return f;
    } catch {
      /* next */
    }
  }
  return null;
}

/** Serve the built course (so that the lab page and the API share one origin). */
function serveStatic(dist: string, base: string, req: http.IncomingMessage, res: http.ServerResponse): void {
  const file = staticFile(dist, base, req.url ?? '/') ?? staticFile(dist, base, '/404.html');
  const status = file && !file.endsWith(`${path.sep}404.html`) ? 200 : 404;
  if (!file) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('404');
    return;
  }
  res.writeHead(status, { 'content-type': contentType(file), 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}

export interface SiteOptions {
  /** The built course to serve beside the API (dist/), or none (API only). */
  dist?: string;
  /** The base path the course was built with (BASE_PATH), '/' by default. */
  base?: string;
}

export function startBridge(cluster: EtcdCluster, gate: Gate, version: string, site: SiteOptions = {}): Promise<http.Server> {
  const server = http.createServer(async (req, res) => {
    const urlPath = (req.url ?? '/').split('?')[0];
    if (!urlPath.startsWith('/api/') && site.dist && (req.method === 'GET' || req.method === 'HEAD')) {
      // The course's pages are public: only the Host is checked (a rebound name gets nothing).
      const host = (req.headers.host ?? '').toLowerCase();
      if (![`127.0.0.1:${gate.port}`, `localhost:${gate.port}`, `[::1]:${gate.port}`].includes(host)) {
        res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' });
        return res.end('wrong Host');
      }
      return serveStatic(site.dist, site.base ?? '/', req, res);
    }
    const send = (status: number, body: unknown, cors: string | null) => {
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
      if (cors) {
        headers['access-control-allow-origin'] = cors;
        headers.vary = 'Origin';
      }
      res.writeHead(status, headers);
      res.end(JSON.stringify(body));
    };
    const verdict = checkRequest(gate, { method: req.method ?? 'GET', headers: req.headers });
    if (!verdict.ok) return send(verdict.status, { error: verdict.error }, null);
    const cors = verdict.cors;
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-origin': cors ?? '',
        'access-control-allow-methods': 'GET, POST',
        'access-control-allow-headers': `content-type, ${TOKEN_HEADER}`,
        'access-control-allow-private-network': 'true',
        'access-control-max-age': '600',
        vary: 'Origin',
      });
      return res.end();
    }
    const route = `${req.method} ${(req.url ?? '').split('?')[0]}`;
    try {
      switch (route) {
        case 'GET /api/health':
          return send(200, { ok: true, members: cluster.members.length, version }, cors);
        case 'GET /api/state':
          return send(200, await cluster.state(), cors);
        case 'POST /api/action': {
          const a = parseAction(await readBody(req));
          if (typeof a === 'string') return send(400, { error: a }, cors);
          if (a.action === 'crash') await cluster.crash(a.node);
          else if (a.action === 'restart') await cluster.restart(a.node);
          else if (a.action === 'partition') cluster.setPartition(a.groups);
          else if (a.action === 'heal') cluster.setPartition(null);
          else {
            const endpoints = a.node ? [`--endpoints=${cluster.endpoints([a.node])}`] : [];
            const args = a.action === 'put'
              ? [...endpoints, 'put', '--', a.key, a.value]
              : [...endpoints, 'get', ...(a.consistency === 'serializable' ? ['--consistency=s'] : []), '--', a.key];
            const result = await cluster.etcdctl(args);
            return send(200, { ok: result.code === 0, result }, cors);
          }
          return send(200, { ok: true }, cors);
        }
        case 'POST /api/etcdctl': {
          const body = (await readBody(req)) as { args?: unknown };
          return send(200, await cluster.etcdctl(body.args as string[]), cors);
        }
        default:
          return send(404, { error: `bridge: no route ${route}` }, cors);
      }
    } catch (e) {
      const status = e instanceof BridgeError ? 400 : 500;
      return send(status, { error: e instanceof Error ? e.message : String(e) }, cors);
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(gate.port, '127.0.0.1', () => resolve(server));
  });
}

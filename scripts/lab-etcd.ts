// `npm run lab:etcd [-- --members 3] [--port 4390] [--pre-vote]`: start a real etcd cluster on loopback and
// the local bridge that serves the built course (dist/) and lets its lab page drive the cluster (issue 19).
// Page and API share one origin, so the page's CSP (connect-src 'self') allows the bridge and nothing else.
// Ctrl-C stops everything and deletes the data; a watchdog process does the same if this script is killed.
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { EtcdCluster, findBinary, HOW_TO_GET_ETCD, BridgeError } from '../src/bridge/etcd';
import { startBridge } from '../src/bridge/server';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

function fail(msg: string): never {
  process.stderr.write(`lab:etcd: ${msg}\n`);
  process.exit(2);
}

/** A detached process that removes the cluster if this one dies without cleaning up (SIGKILL, a crash). */
function startWatchdog(pidFile: string, dir: string): void {
  const code = `
    const fs = require('fs');
    const parent = ${process.pid};
    const alive = (p) => { try { process.kill(p, 0); return true; } catch { return false; } };
    setInterval(() => {
      if (alive(parent)) return;
      let pids = [];
      try { pids = fs.readFileSync(${JSON.stringify(pidFile)}, 'utf8').split('\\n').filter(Boolean).map(Number); } catch {}
      for (const p of pids) { try { process.kill(p, 'SIGKILL'); } catch {} }
      try { fs.rmSync(${JSON.stringify(dir)}, { recursive: true, force: true }); } catch {}
      process.exit(0);
    }, 300);`;
  spawn(process.execPath, ['-e', code], { detached: true, stdio: 'ignore' }).unref();
}

async function main(): Promise<void> {
  const size = Number(arg('members') ?? 3);
  if (!Number.isInteger(size) || size < 1 || size > 7) fail('--members: expected a whole number from 1 to 7');
  const etcd = findBinary('etcd');
  const etcdctl = findBinary('etcdctl');
  if (!etcd || !etcdctl) fail(HOW_TO_GET_ETCD);
  const dist = path.resolve(arg('dist') ?? 'dist');
  if (!existsSync(path.join(dist, 'index.html'))) {
    fail(`le site n'est pas construit (${path.relative(process.cwd(), dist) || dist}) : lancez d'abord « npm run build ».\nThe site is not built: run "npm run build" first.`);
  }
  const base = `/${(process.env.BASE_PATH ?? '').replace(/^\/+|\/+$/g, '')}/`.replace('//', '/');
  const port = arg('port') ? Number(arg('port')) : 4390;
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail('--port: expected a TCP port');
  const token = randomBytes(24).toString('base64url');
  const flags = process.argv.includes('--pre-vote') ? ['--pre-vote'] : [];

  let cluster: EtcdCluster;
  try {
    cluster = new EtcdCluster({ size, etcd, etcdctl, flags, onPids: (pids) => EtcdCluster.writePids(pidFile, pids) });
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
  const pidFile = path.join(cluster.dir, 'pids');
  startWatchdog(pidFile, cluster.dir);
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nlab:etcd: arrêt du cluster / stopping the cluster…\n');
    await cluster.stop().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGHUP', () => void stop(0));
  // Run through npm or tsx, this script is a child: if that parent is killed outright, stop with it.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void stop(0);
  }, 500).unref();

  try {
    await cluster.start();
  } catch (e) {
    process.stderr.write(`lab:etcd: ${e instanceof BridgeError ? e.message : String(e)} (logs: ${cluster.dir})\n`);
    return stop(1);
  }
  const version = (await cluster.etcdctl(['version'])).stdout.split('\n')[0] ?? '';
  const origins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  try {
    await startBridge(cluster, { port, token, origins }, version, { dist, base });
  } catch (e) {
    process.stderr.write(`lab:etcd: the bridge cannot listen on 127.0.0.1:${port} (${e instanceof Error ? e.message : e})\n`);
    return stop(1);
  }
  const lab = `http://127.0.0.1:${port}${base}labo/#token=${token}`;
  process.stdout.write(
    [
      `Cluster etcd réel : ${size} membre(s), ${version} / real etcd cluster: ${size} member(s)`,
      `Points d'accès / endpoints: ${cluster.endpoints()}`,
      '',
      'Ouvrez / open:',
      `  ${lab}`,
      `  (English: http://127.0.0.1:${port}${base}en/labo/#token=${token})`,
      '',
      'Ctrl-C arrête tout / stops everything.',
      '',
    ].join('\n'),
  );
}

main().catch((e) => fail(e instanceof Error ? e.message : String(e)));

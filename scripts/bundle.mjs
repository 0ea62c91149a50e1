#!/usr/bin/env node
// The offline bundle for a classroom without network: `npm run bundle` builds the site (at the root, or under
// BASE_PATH if set) and writes quorum-lab.zip, the whole built site in a folder `quorum-lab/` with a short
// LISEZMOI-README.txt. Unzip it anywhere and serve the folder with any static server, e.g.
//   cd quorum-lab && python3 -m http.server 8000     then open http://localhost:8000/
// (a page opened straight from the disk, file://, cannot run the course: browsers refuse modules there).
// Options: --no-build (zip the existing build: dist/, or DIST_DIR), --out FILE (default quorum-lab.zip).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';

const args = process.argv.slice(2);
const out = args.includes('--out') ? args[args.indexOf('--out') + 1] : 'quorum-lab.zip';
const dist = args.includes('--no-build') ? (process.env.DIST_DIR ?? 'dist') : 'dist';

const README = `Quorum Lab, hors ligne / offline

FR : servez ce dossier avec n’importe quel serveur de fichiers statiques, par exemple
     python3 -m http.server 8000   (dans ce dossier), puis ouvrez http://localhost:8000/
EN : serve this folder with any static file server, for example
     python3 -m http.server 8000   (in this folder), then open http://localhost:8000/

Ouvrir index.html directement depuis le disque (file://) ne suffit pas : les navigateurs y bloquent les
scripts du cours. / Opening index.html straight from the disk (file://) is not enough: browsers block the
course's scripts there.
`;

/**
 * A zip archive (stored or deflated entries, no zip64: fine below 4 GB) from [name, bytes] pairs.
 * @param {[string, Buffer][]} entries
 */
export function zip(entries) {
  const local = [];
  const central = [];
  let offset = 0;
  // DOS date and time of the archive's entries: 1 January 2025, so that the same site gives the same zip.
  const time = 0;
  const date = ((2025 - 1980) << 9) | (1 << 5) | 1;
  for (const [name, data] of entries) {
    const nameBuf = Buffer.from(name, 'utf8');
    const deflated = deflateRawSync(data, { level: 9 });
    const store = deflated.length >= data.length;
    const body = store ? data : deflated;
    const crc = crc32(data);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4); // version needed
    head.writeUInt16LE(0x0800, 6); // UTF-8 names
    head.writeUInt16LE(store ? 0 : 8, 8);
    head.writeUInt16LE(time, 10);
    head.writeUInt16LE(date, 12);
    head.writeUInt32LE(crc, 14);
    head.writeUInt32LE(body.length, 18);
    head.writeUInt32LE(data.length, 22);
    head.writeUInt16LE(nameBuf.length, 26);
    head.writeUInt16LE(0, 28);
    local.push(head, nameBuf, body);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(0x0314, 4); // made by: Unix, 2.0
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(0x0800, 8);
    c.writeUInt16LE(store ? 0 : 8, 10);
    c.writeUInt16LE(time, 12);
    c.writeUInt16LE(date, 14);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(body.length, 20);
    c.writeUInt32LE(data.length, 24);
    c.writeUInt16LE(nameBuf.length, 28);
    c.writeUInt32LE((0o100644 << 16) >>> 0, 38); // -rw-r--r--
    c.writeUInt32LE(offset, 42);
    central.push(c, nameBuf);
    offset += head.length + nameBuf.length + body.length;
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, ...central, end]);
}

/** @param {string} dir @returns {string[]} */
function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

function main() {
  if (!args.includes('--no-build')) {
    const r = spawnSync(process.execPath, ['node_modules/astro/astro.js', 'build'], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  let files;
  try {
    files = walk(dist).sort();
  } catch {
    console.error(`No ${dist}/ folder: run without --no-build.`);
    process.exit(1);
  }
  /** @type {[string, Buffer][]} */
  const entries = files.map((f) => [`quorum-lab/${relative(dist, f).split(sep).join('/')}`, readFileSync(f)]);
  entries.push(['quorum-lab/LISEZMOI-README.txt', Buffer.from(README, 'utf8')]);
  const archive = zip(entries);
  writeFileSync(out, archive);
  console.log(`${out}: ${entries.length} files, ${(archive.length / 1e6).toFixed(1)} MB. Serve it: unzip ${out} && cd quorum-lab && python3 -m http.server 8000`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();

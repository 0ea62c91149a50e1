// Read a zip archive back through its central directory, as an unzip tool does (stored and deflated entries):
// the offline bundle's tests (unit: the format; e2e: the whole bundle unpacked and opened in a browser).
import { inflateRawSync } from 'node:zlib';

export function unzip(archive: Buffer): [string, Buffer][] {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a zip: no end of central directory');
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  const entries: [string, Buffer][] = [];
  for (let i = 0; i < count; i++) {
    if (archive.readUInt32LE(at) !== 0x02014b50) throw new Error(`entry ${i}: bad central directory signature`);
    const method = archive.readUInt16LE(at + 10);
    const size = archive.readUInt32LE(at + 20);
    const nameLen = archive.readUInt16LE(at + 28);
    const extraLen = archive.readUInt16LE(at + 30);
    const commentLen = archive.readUInt16LE(at + 32);
    const name = archive.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    const local = archive.readUInt32LE(at + 42);
    const start = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    const data = archive.subarray(start, start + size);
    entries.push([name, method === 8 ? inflateRawSync(data) : Buffer.from(data)]);
    at += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

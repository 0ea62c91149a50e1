#!/usr/bin/env node
// Merge UI strings into src/i18n/{fr,en}.json in one quick read-modify-write.
// Usage: node scripts/i18n-add.mjs FRAGMENT.json
// FRAGMENT.json = { "fr": { "widget.crash": "Arrêter" }, "en": { "widget.crash": "Crash" } }
// Both locales must receive the same keys. Keys are kept sorted.
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
const frag = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const fk = Object.keys(frag.fr ?? {}).sort().join('|');
const ek = Object.keys(frag.en ?? {}).sort().join('|');
if (fk !== ek) { console.error('fr and en fragments must have the same keys'); process.exit(2); }
for (const loc of ['fr', 'en']) {
  const file = new URL(`../src/i18n/${loc}.json`, import.meta.url);
  const cur = JSON.parse(readFileSync(file, 'utf8'));
  Object.assign(cur, frag[loc]);
  const sorted = Object.fromEntries(Object.keys(cur).sort().map((k) => [k, cur[k]]));
  const tmp = new URL(`../src/i18n/.${loc}.json.${process.pid}`, import.meta.url);
  writeFileSync(tmp, JSON.stringify(sorted, null, 2) + '\n');
  renameSync(tmp, file);
}
console.log(`merged ${fk.split('|').filter(Boolean).length} keys`);

// Every `controls` list, in the lessons (both languages) and in the exercises, names only controls the cluster
// widget knows (src/widgets/cluster/controls.ts): a misspelt or retired name would silently show nothing.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTROLS } from '../../../src/widgets/cluster/controls';
import { EXERCISES } from '../../../src/exercises/index';

const docs = resolve(__dirname, '../../../src/content/docs');
const mdx = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? mdx(join(dir, d.name)) : d.name.endsWith('.mdx') ? [join(dir, d.name)] : []));

/** The names in each `controls={[…]}` of an MDX source, with its line. */
function controlLists(src: string): { line: number; names: string[] }[] {
  const out: { line: number; names: string[] }[] = [];
  for (const m of src.matchAll(/controls=\{\[([^\]]*)\]\}/g)) {
    const names = [...m[1].matchAll(/'([^']*)'|"([^"]*)"/g)].map((x) => x[1] ?? x[2]);
    out.push({ line: src.slice(0, m.index).split('\n').length, names });
  }
  return out;
}

const known = new Set<string>(CONTROLS);
const unknown = (names: readonly string[]) => names.filter((n) => !known.has(n));

describe('controls named by lessons and exercises', () => {
  it('every lesson list names known controls only', () => {
    let lists = 0;
    const bad: string[] = [];
    for (const f of mdx(docs)) {
      for (const l of controlLists(readFileSync(f, 'utf8'))) {
        lists++;
        for (const n of unknown(l.names)) bad.push(`${f.slice(docs.length + 1)}:${l.line} '${n}'`);
      }
    }
    expect(lists).toBeGreaterThan(20);
    expect(bad).toEqual([]);
  });
  it('every exercise names known controls only', () => {
    const bad = Object.entries(EXERCISES).flatMap(([id, ex]) => unknown(ex.controls).map((n) => `${id}: '${n}'`));
    expect(Object.keys(EXERCISES).length).toBeGreaterThan(5);
    expect(bad).toEqual([]);
  });
  it('the check finds a retired name', () => {
    expect(unknown(controlLists("<Cluster controls={['crash', 'quorum', 'events']} />")[0].names)).toEqual(['quorum']);
  });
});

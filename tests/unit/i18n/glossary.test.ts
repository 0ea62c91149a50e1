// The glossary has every anchor docs/ARCHITECTURE.md promises lessons, with a term and a sourced
// definition in both languages.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fr from '../../../src/i18n/fr.json';
import en from '../../../src/i18n/en.json';
import { sources, terms } from '../../../src/lib/glossary';

const arch = readFileSync(join(import.meta.dirname, '../../../docs/ARCHITECTURE.md'), 'utf8');
const section = /Glossary anchors[^:]*:([\s\S]*?)\n\s*Link as/.exec(arch)?.[1] ?? '';
const anchors = [...section.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]);

describe('glossary', () => {
  it('reads the anchor list from docs/ARCHITECTURE.md', () => {
    expect(anchors).toContain('quorum');
    expect(anchors.length).toBeGreaterThanOrEqual(20);
  });

  it('has every anchor of docs/ARCHITECTURE.md, and no other', () => {
    expect(terms.map((t) => t.id).sort()).toEqual([...anchors].sort());
  });

  it('gives each term a name, a definition and at least one source in both languages', () => {
    for (const dict of [fr, en] as Record<string, string>[]) {
      for (const { id, refs } of terms) {
        expect(dict[`glossary.${id}.term`], `${id} term`).toBeTruthy();
        expect(dict[`glossary.${id}.def`]?.length ?? 0, `${id} definition`).toBeGreaterThan(40);
        expect(refs.length, `${id} sources`).toBeGreaterThan(0);
        for (const [src] of refs) {
          expect(dict[`glossary.source.${src}`], `${id} source ${src}`).toBeTruthy();
          expect(sources[src]).toMatch(/^https:\/\//);
        }
      }
    }
  });

  it('states the quorum rule as etcd measured it (floor(N/2)+1)', () => {
    expect((fr as Record<string, string>)['glossary.quorum.def']).toContain('floor(N/2)');
    expect((en as Record<string, string>)['glossary.quorum.def']).toContain('2 of 3, 3 of 5');
  });
});

// French typography on the French pages that are not lessons (the lessons have typography.test.ts): the home
// page, the glossary, the trainer's guide and the lab. Same rules: a no-break space before ; : ! ? and inside « »,
// no straight double quotes in prose; code, URLs and JSX syntax are not prose.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { frenchTypographyErrors } from './mdx-prose';

const docs = resolve(__dirname, '../../../src/content/docs');
const pages = ['index.mdx', 'glossaire.mdx', 'guide-formateur.mdx', 'labo.mdx'];

describe('French typography of the other French pages', () => {
  for (const f of pages) {
    it(`${f}: no typography error in the prose`, () => {
      const errors = frenchTypographyErrors(readFileSync(join(docs, f), 'utf8'));
      expect(errors.map((e) => `${f}:${e.line}:${e.column} ${e.rule} «${e.excerpt}»`)).toEqual([]);
    });
  }
});

import { describe, it, expect } from 'vitest';
import { deckHref, lessonHref, noteParagraphs, printHref, stripBase, withBase } from '../../../src/lib/decks';

describe('deck URLs', () => {
  it('puts French at the root and English under /en/', () => {
    expect(deckHref('fr', '03-quorum')).toBe('/slides/03-quorum/');
    expect(deckHref('en', '03-quorum')).toBe('/en/slides/03-quorum/');
    expect(lessonHref('fr', '03-quorum')).toBe('/cours/03-quorum/');
    expect(lessonHref('en', '10-aller-plus-loin')).toBe('/en/cours/10-aller-plus-loin/');
    expect(printHref('en', 'cours')).toBe('/en/slides/cours/?print-pdf');
  });
});

describe('speaker notes', () => {
  it('splits paragraphs on blank lines and folds whitespace', () => {
    expect(noteParagraphs('Say this.\n\n  Then ask\n  that? ')).toEqual(['Say this.', 'Then ask that?']);
  });
  it('gives nothing for missing or blank notes', () => {
    expect(noteParagraphs(undefined)).toEqual([]);
    expect(noteParagraphs('  \n\n ')).toEqual([]);
  });
});

describe('base path', () => {
  it('puts the base in front of root-relative paths only, once', () => {
    expect(withBase('/labo/', '/quorum-lab')).toBe('/quorum-lab/labo/');
    expect(withBase('/quorum-lab/labo/', '/quorum-lab')).toBe('/quorum-lab/labo/');
    expect(withBase('/', '/quorum-lab')).toBe('/quorum-lab/');
    expect(withBase('https://etcd.io/', '/quorum-lab')).toBe('https://etcd.io/');
    expect(withBase('//cdn.example/x', '/quorum-lab')).toBe('//cdn.example/x');
    expect(withBase('#quorum', '/quorum-lab')).toBe('#quorum');
    expect(withBase('/labo/', '')).toBe('/labo/');
  });
  it('takes the base off a URL path, so the locale can be read from it', () => {
    expect(stripBase('/quorum-lab/en/labo/', '/quorum-lab')).toBe('/en/labo/');
    expect(stripBase('/quorum-lab', '/quorum-lab')).toBe('/');
    expect(stripBase('/quorum-labo/', '/quorum-lab')).toBe('/quorum-labo/');
    expect(stripBase('/en/', '')).toBe('/en/');
  });
});

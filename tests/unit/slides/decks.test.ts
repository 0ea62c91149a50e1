import { describe, it, expect } from 'vitest';
import { deckHref, lessonHref, noteParagraphs, printHref } from '../../../src/lib/decks';

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

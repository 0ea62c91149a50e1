// The islands' one way to their UI strings (src/widgets/strings.ts): in the browser, the page's data block of each
// group, read once; a missing or broken block leaves the island working with its keys shown (never a crash);
// during server rendering, the build's resolver.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { __clearStringsCache, serveStrings, uiStrings } from '../../../src/widgets/strings';
import { tr } from '../../../src/i18n/format';

/** A page holding these data blocks (group → text of the <script type="application/json">). */
function page(blocks: Record<string, string>) {
  const querySelector = vi.fn((sel: string) => {
    const g = /data-ql-strings="([^"]+)"/.exec(sel)?.[1] ?? '';
    return g in blocks ? { textContent: blocks[g] } : null;
  });
  vi.stubGlobal('document', { querySelector });
  return querySelector;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  __clearStringsCache();
});

describe('uiStrings in the browser', () => {
  it("reads a group from the page's block once, and merges several groups", () => {
    const q = page({ 'widget.': '{"widget.play":"Lecture"}', 'real.': '{"real.title":"Un vrai cluster etcd"}' });
    expect(uiStrings('fr', 'widget.')).toEqual({ 'widget.play': 'Lecture' });
    expect(uiStrings('fr', 'widget.', 'real.')).toEqual({ 'widget.play': 'Lecture', 'real.title': 'Un vrai cluster etcd' });
    expect(q.mock.calls.filter(([s]) => s.includes('"widget."'))).toHaveLength(1);
  });

  it('a missing or unreadable block: no crash, the keys are shown, and the console says why', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    page({ 'quiz.': '{not json' });
    const missing = uiStrings('fr', 'widget.');
    expect(tr(missing, 'widget.play')).toBe('widget.play');
    expect(tr(uiStrings('fr', 'quiz.'), 'quiz.check')).toBe('quiz.check');
    expect(warn).toHaveBeenCalledTimes(2);
    expect(String(warn.mock.calls[0][0])).toContain('"widget."');
  });
});

describe('uiStrings during server rendering', () => {
  it('asks the resolver the build registered, per language', () => {
    serveStrings((lang, group) => ({ [`${group}x`]: `${lang}:${group}` }));
    expect(uiStrings('en', 'widget.', 'terminal.')).toEqual({ 'widget.x': 'en:widget.', 'terminal.x': 'en:terminal.' });
  });
});

describe('pageStrings (the build side)', () => {
  it("writes each group once per page, in the page's language, as JSON that cannot close its <script>", async () => {
    const { pageStrings } = await import('../../../src/components/strings');
    const { pickPrefix } = await import('../../../src/i18n');
    const astro = { locals: {}, url: new URL('http://127.0.0.1/en/cours/03-quorum/') };
    const first = pageStrings(astro, ['widget.', 'quiz.']);
    const blocks = [...first.matchAll(/<script type="application\/json" data-ql-strings="([^"]+)">([\s\S]*?)<\/script>/g)];
    expect(blocks.map((b) => b[1])).toEqual(['widget.', 'quiz.']);
    expect(JSON.parse(blocks[0][2])).toEqual(pickPrefix('en', 'widget.'));
    expect(blocks[0][2]).not.toContain('<');
    expect(pageStrings(astro, ['widget.', 'quiz.'])).toBe('');
    expect(pageStrings(astro, ['terminal.', 'widget.'])).toMatch(/^<script type="application\/json" data-ql-strings="terminal.">[^]*<\/script>$/);
    // Another page starts afresh.
    expect(pageStrings({ locals: {}, url: new URL('http://127.0.0.1/cours/03-quorum/') }, ['widget.'])).toContain(pickPrefix('fr', 'widget.')['widget.action.crash']);
  });
});

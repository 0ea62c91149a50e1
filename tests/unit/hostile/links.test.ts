// Hostile share links (issue 15 case 8, issue 13 item 10): every bad link gets a code and a message in the
// page's language (no English inside a French notice, no raw exception text), a size limit is reported as a
// size limit, and the site never makes a link it cannot open.
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import fr from '../../../src/i18n/fr.json';
import en from '../../../src/i18n/en.json';
import type { ScenarioEvent } from '../../../src/raft';
import { getExample } from '../../../src/scenarios';
import { MAX_KEY_CHARS, MAX_LINK_CODE_CHARS, MAX_LINK_JSON_BYTES, MAX_VALUE_CHARS } from '../../../src/scenarios/limits';
import { fmt } from '../../../src/i18n/format';
import { decodeShare, makeShareLink, shareErrorMessage, SIZE_ERRORS, type ShareError, type ShareErrorCode } from '../../../src/scenarios/share';

/** What the cluster widget shows: the frame string, its {{error}} filled with the reason (as Cluster.svelte does). */
function shareErrorText(err: ShareError, strings: Record<string, string>, lang: string, when: 'open' | 'make' = 'open'): string {
  const m = shareErrorMessage(err, lang, when);
  return fmt(strings[`widget.${m.key}`], { error: fmt(strings[`widget.${m.reasonKey}`], m.vars) });
}

const widget = (all: Record<string, string>) => Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith('widget.')));
const FR = widget(fr as Record<string, string>);
const EN = widget(en as Record<string, string>);
const scenario = getExample('three-nodes')!;
const j = (x: unknown) => 'j' + Buffer.from(typeof x === 'string' ? x : JSON.stringify(x)).toString('base64url');
const z = (x: unknown) => 'z' + deflateRawSync(Buffer.from(typeof x === 'string' ? x : JSON.stringify(x))).toString('base64url');
const put = (at: number, key: string, value: string): ScenarioEvent => ({ at, action: 'put', key, value });

/** Words of the English messages that must never appear inside a French notice. */
const ENGLISH = /\b(link|too long|damaged|decompression|invalid|characters|scenario\.|unknown|not|base64|is|the)\b/i;

const BAD: [string, string, ShareErrorCode][] = [
  ['empty', '', 'empty'],
  ['one character', 'z', 'empty'],
  ['unknown format', 'x123', 'unknown-format'],
  ['not base64url', 'j###', 'bad-characters'],
  ['cut short (atob would throw)', 'jA', 'bad-characters'],
  ['percent signs', '%%%', 'unknown-format'],
  ['damaged compression', 'zNOTVALID', 'damaged'],
  ['not JSON', j('{nope'), 'not-json'],
  ['not UTF-8', 'j' + Buffer.from([0xff, 0xfe, 0x7b]).toString('base64url'), 'not-json'],
  ['an array', j([1, 2]), 'not-object'],
  ['wrong version', j({ v: 9, s: {}, i: [], t: 0 }), 'version'],
  ['bad instant', j({ v: 1, s: scenario, i: [], t: -5 }), 'instant'],
  ['instant past an hour', j({ v: 1, s: scenario, i: [], t: 3_600_001 }), 'instant'],
  ['actions not a list', j({ v: 1, s: scenario, i: 'crash', t: 0 }), 'no-actions'],
  ['no scenario', j({ v: 1, i: [], t: 0 }), 'no-scenario'],
  ['schema refuses the scenario', j({ v: 1, s: { seed: 1 }, i: [], t: 0 }), 'invalid-scenario'],
  ['unknown node in an action', j({ v: 1, s: scenario, i: [{ at: 1, action: 'crash', node: 'n9' }], t: 5 }), 'invalid-scenario'],
  ['prototype pollution attempt', j({ v: 1, s: { ...scenario, __proto__: { polluted: 1 } }, i: [{ at: 1, action: 'crash', node: '__proto__' }], t: 5 }), 'invalid-scenario'],
  ['action after the instant', j({ v: 1, s: scenario, i: [{ at: 10, action: 'heal' }], t: 5 }), 'action-after-instant'],
  ['a 2,000-character key', j({ v: 1, s: scenario, i: [put(1, 'k'.repeat(2000), 'v')], t: 5 }), 'key-too-long'],
  ['a 70,000-character value', z({ v: 1, s: scenario, i: [put(1, 'k', 'v'.repeat(70_000))], t: 5 }), 'value-too-long'],
  ['too long', 'j' + 'A'.repeat(MAX_LINK_CODE_CHARS), 'too-long'],
  ['a compression bomb', z({ v: 1, s: scenario, i: [], t: 0, pad: ' '.repeat(MAX_LINK_JSON_BYTES * 5) }), 'too-large'],
];

describe('bad links: a code, and a message in the page’s language', () => {
  it.each(BAD)('%s', async (_name, code, expected) => {
    const r = await decodeShare(code);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe(expected);
    const textFr = shareErrorText(r, FR, 'fr');
    const textEn = shareErrorText(r, EN, 'en');
    expect(textFr).not.toMatch(/\{\{|undefined|NaN|Error|atob|InvalidCharacter/);
    expect(textEn).not.toMatch(/\{\{|undefined|NaN|Error|atob|InvalidCharacter/);
    // The French notice is French: none of the English reason's words, and French typography.
    expect(textFr.replace(/scenario(\.[\w[\]]+)+/g, '')).not.toMatch(ENGLISH);
    expect(textFr).toMatch(/\u00a0:/);
    // A size limit is called a size limit, never damage.
    if (SIZE_ERRORS.includes(r.code)) {
      expect(textFr).toContain('limite de taille');
      expect(textFr).not.toMatch(/abîmé|illisible/);
      expect(textEn).toContain('size limit');
    } else expect(textFr).toContain('Lien de partage illisible');
  });

  it('numbers are written for the reader: « 2 000 » in French, “2,000” in English', async () => {
    const r = await decodeShare(j({ v: 1, s: scenario, i: [put(1, 'k'.repeat(2000), 'v')], t: 5 }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(shareErrorText(r, FR, 'fr')).toMatch(/une clé fait 2\u202f000 caractères, 1\u202f024 au plus/);
    expect(shareErrorText(r, EN, 'en')).toContain('a key is 2,000 characters long, at most 1,024');
  });

  it('text taken from a link is shown without bidi overrides or control characters', async () => {
    const r = await decodeShare(j({ v: '\u202e<img src=x onerror=alert(1)>\u0007', s: scenario, i: [], t: 0 }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = shareErrorText(r, FR, 'fr');
    expect(text).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u0000-\u001f]/);
    expect(text.length).toBeLessThan(200);
  });
});

describe('making a link checks the same limits, and says which one', () => {
  it('refuses a 2,000-character key, naming the key limit', async () => {
    const r = await makeShareLink({ scenario, injected: [put(1, 'k'.repeat(2000), 'v')], t: 5 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe('key-too-long');
    expect(r.params).toEqual({ length: 2000, max: MAX_KEY_CHARS });
    expect(shareErrorText(r, FR, 'fr', 'make')).toBe('Pas de lien possible pour cet état\u00a0: une clé fait 2\u202f000 caractères, 1\u202f024 au plus.');
  });

  it('refuses a 1.4 MB value as a value limit, not as damage', async () => {
    const r = await makeShareLink({ scenario, injected: [put(1, 'k', 'x'.repeat(1_400_000))], t: 5 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe('value-too-long');
  });

  it('refuses a state whose link would be too large, as a size limit', async () => {
    // Values within the limit, but too many of them for a link (random text does not compress).
    let seed = 7;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0), seed >>> 16);
    const noise = (n: number) => Array.from({ length: n }, () => String.fromCharCode(33 + (rnd() % 90))).join('');
    const injected = Array.from({ length: 4 }, (_, i) => put(1 + i, `k${i}`, noise(MAX_VALUE_CHARS / 2)));
    const r = await makeShareLink({ scenario, injected, t: 10 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(SIZE_ERRORS).toContain(r.code);
    expect(shareErrorText(r, FR, 'fr', 'make')).not.toMatch(/abîmé|illisible/);
  });

  it('a link it makes always opens, with the same state', async () => {
    const injected = [put(1, 'k'.repeat(MAX_KEY_CHARS), 'v'.repeat(1000)), { at: 2, action: 'crash', node: 'n1' } as ScenarioEvent];
    const r = await makeShareLink({ scenario, injected, t: 3 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const back = await decodeShare(r.code);
    expect(back.ok).toBe(true);
    if (back.ok) expect(back.state.injected).toEqual(injected);
  });

  it('every share error code has a message in both languages', () => {
    const codes: ShareErrorCode[] = [...new Set([...BAD.map((b) => b[2]), 'no-decompression', 'unreadable'] as ShareErrorCode[])];
    for (const c of codes) {
      expect(FR[`widget.share.error.${c}`], c).toBeTruthy();
      expect(EN[`widget.share.error.${c}`], c).toBeTruthy();
    }
  });
});

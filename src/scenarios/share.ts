// Share links: a scenario, the actions a reader injected, and an instant, packed into a short URL-safe code
// (`?c=…`). Encoding: JSON, compressed with deflate-raw when the browser (or Node) has CompressionStream
// (prefix "z"), else plain JSON (prefix "j"); both in base64url. Decoding never throws: any failure (bad
// characters, bad compression, bad JSON, a scenario the schema refuses, an instant out of range) returns
// { ok: false, error, code, params } so the widget shows a short notice, in the page's language (the `code`
// names a `widget.share.error.<code>` string, see shareErrorMessage; `error` is the English one-line reason, for logs and tests),
// and the default cluster.
//
// Limits come from ./limits.ts, the one set shared with the terminal and the scenario format. A link is
// checked against them when it is made (makeShareLink), so the site never hands out a link it cannot open,
// and a size limit is always reported as a size limit, never as damage.
import type { Scenario, ScenarioEvent } from '../raft';
import { MAX_EVENTS, MAX_KEY_CHARS, MAX_LINK_CODE_CHARS, MAX_LINK_JSON_BYTES, MAX_LINK_T_MS, MAX_VALUE_CHARS } from './limits';
import { parseScenario } from './schema';

export interface SharedState {
  scenario: Scenario;
  injected: ScenarioEvent[];
  t: number;
}

/** Why a link cannot be opened (or made). Each code has a `widget.share.error.<code>` string in both languages. */
export type ShareErrorCode =
  | 'empty'
  | 'too-long'
  | 'bad-characters'
  | 'no-decompression'
  | 'damaged'
  | 'too-large'
  | 'unknown-format'
  | 'not-json'
  | 'not-object'
  | 'version'
  | 'instant'
  | 'no-actions'
  | 'no-scenario'
  | 'key-too-long'
  | 'value-too-long'
  | 'too-many-events'
  | 'invalid-scenario'
  | 'action-after-instant'
  | 'unreadable';
export type ShareParams = Record<string, string | number>;
export interface ShareError {
  ok: false;
  /** One line in English, for logs and tests; pages show `code` translated (shareErrorText). */
  error: string;
  code: ShareErrorCode;
  params: ShareParams;
}
export type DecodeResult = { ok: true; state: SharedState } | ShareError;
export type MakeResult = { ok: true; code: string } | ShareError;

/** The codes that mean "a size limit was reached" (shown as such, never as a damaged link). */
export const SIZE_ERRORS: readonly ShareErrorCode[] = ['too-long', 'too-large', 'key-too-long', 'value-too-long', 'too-many-events'];

/** Longest code accepted, and longest JSON after decompression (a link is not a place for megabytes). */
export const MAX_CODE = MAX_LINK_CODE_CHARS;
const MAX_JSON = MAX_LINK_JSON_BYTES;
/** Latest instant a link may ask for (1 hour of virtual time): restoring replays up to it. */
export const MAX_T = MAX_LINK_T_MS;
const VERSION = 1;

/**
 * Make a link code for this state, or say which limit it exceeds. The code is decoded again before it is
 * returned: a link the site makes always opens.
 */
export async function makeShareLink(state: SharedState): Promise<MakeResult> {
  try {
    if (!Number.isFinite(state.t) || state.t < 0 || state.t > MAX_T) return fail('instant', `t: instant out of range (at most ${MAX_T} ms)`, { max: MAX_T / 60_000 });
    const events = [...state.scenario.events, ...state.injected];
    const limit = limitIssue(events);
    if (limit) return limit;
    const json = JSON.stringify({ v: VERSION, s: state.scenario, i: state.injected, t: Math.round(state.t * 1000) / 1000 });
    const size = new TextEncoder().encode(json).length;
    if (size > MAX_JSON) return fail('too-large', `link content too large (${size} bytes, at most ${MAX_JSON})`, { size, max: MAX_JSON });
    const code = await encodeShare(state);
    if (code.length > MAX_CODE) return fail('too-long', `link code too long (${code.length} characters, at most ${MAX_CODE})`, { length: code.length, max: MAX_CODE });
    const back = await decodeShare(code);
    if (!back.ok) return back;
    return { ok: true, code };
  } catch (e) {
    return fail('unreadable', `cannot make the link (${e instanceof Error ? e.message : String(e)})`, {});
  }
}

/** The first size limit a list of (unvalidated) events exceeds: key length, value length, number of events. */
function limitIssue(events: readonly unknown[]): ShareError | null {
  if (events.length > MAX_EVENTS) return fail('too-many-events', `too many events (${events.length}, at most ${MAX_EVENTS})`, { count: events.length, max: MAX_EVENTS });
  for (const e of events) {
    if (!e || typeof e !== 'object') continue;
    const { key, value } = e as { key?: unknown; value?: unknown };
    if (typeof key === 'string' && key.length > MAX_KEY_CHARS)
      return fail('key-too-long', `a key is ${key.length} characters long (at most ${MAX_KEY_CHARS})`, { length: key.length, max: MAX_KEY_CHARS });
    if (typeof value === 'string' && value.length > MAX_VALUE_CHARS)
      return fail('value-too-long', `a value is ${value.length} characters long (at most ${MAX_VALUE_CHARS})`, { length: value.length, max: MAX_VALUE_CHARS });
  }
  return null;
}

/**
 * The notice a page shows for a share error, as string keys (under `widget.`) and their variables, for the
 * island's formatter (src/i18n/format.ts): `key` frames the notice (`share.tooBig` for size limits,
 * `share.badLink` for the rest, `share.cannotMake` when making a link), `reasonKey` (`share.error.<code>`)
 * fills its `{{error}}`. Numbers are formatted for the page's locale; text taken from a link is made plain.
 */
export function shareErrorMessage(err: Pick<ShareError, 'code' | 'params'>, lang: string, when: 'open' | 'make' = 'open'): { key: string; reasonKey: string; vars: Record<string, string> } {
  const nf = new Intl.NumberFormat(lang.startsWith('en') ? 'en-GB' : 'fr-FR');
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(err.params ?? {})) vars[k] = typeof v === 'number' ? nf.format(v) : plain(v);
  const key = when === 'make' ? 'share.cannotMake' : SIZE_ERRORS.includes(err.code) ? 'share.tooBig' : 'share.badLink';
  return { key, reasonKey: `share.error.${err.code}`, vars };
}

export async function encodeShare(state: SharedState): Promise<string> {
  const json = JSON.stringify({ v: VERSION, s: state.scenario, i: state.injected, t: Math.round(state.t * 1000) / 1000 });
  const bytes = new TextEncoder().encode(json);
  if (typeof CompressionStream !== 'undefined') {
    try {
      return 'z' + toBase64Url(await pipe(bytes, new CompressionStream('deflate-raw')));
    } catch {
      /* fall through to plain JSON */
    }
  }
  return 'j' + toBase64Url(bytes);
}

export async function decodeShare(code: string): Promise<DecodeResult> {
  try {
    if (typeof code !== 'string' || code.length < 2) return fail('empty', 'empty link code', {});
    if (code.length > MAX_CODE) return fail('too-long', `link code too long (${code.length} characters, at most ${MAX_CODE})`, { length: code.length, max: MAX_CODE });
    const kind = code[0];
    const body = code.slice(1);
    if (kind !== 'z' && kind !== 'j') return fail('unknown-format', `unknown link format ${JSON.stringify(kind)}`, {});
    if (!/^[A-Za-z0-9_-]*$/.test(body) || body.length % 4 === 1) return fail('bad-characters', 'link code has characters outside base64url', {});
    let bytes = fromBase64Url(body);
    if (kind === 'z') {
      if (typeof DecompressionStream === 'undefined') return fail('no-decompression', 'this browser cannot decompress the link', {});
      try {
        bytes = await pipe(bytes, new DecompressionStream('deflate-raw'), MAX_JSON);
      } catch (e) {
        if (e instanceof TooLarge) return fail('too-large', `link content too large (more than ${MAX_JSON} bytes once decompressed)`, { max: MAX_JSON });
        return fail('damaged', 'link code is damaged (decompression failed)', {});
      }
    }
    if (bytes.length > MAX_JSON) return fail('too-large', `link content too large (${bytes.length} bytes, at most ${MAX_JSON})`, { max: MAX_JSON });
    let data: unknown;
    try {
      data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch {
      return fail('not-json', 'link content is not valid JSON', {});
    }
    if (!data || typeof data !== 'object' || Array.isArray(data)) return fail('not-object', 'link content is not an object', {});
    const d = data as Record<string, unknown>;
    if (d.v !== VERSION) return fail('version', `unsupported link version ${JSON.stringify(d.v) ?? 'undefined'}`, { version: String(JSON.stringify(d.v) ?? '?').slice(0, 20) });
    const t = d.t;
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 0 || t > MAX_T) return fail('instant', `t: instant out of range (at most ${MAX_T} ms)`, { max: MAX_T / 60_000 });
    if (!Array.isArray(d.i)) return fail('no-actions', 'i: injected actions must be an array', {});
    if (!d.s || typeof d.s !== 'object') return fail('no-scenario', 's: scenario missing', {});
    // Validate the scenario and the injected actions together through the scenario schema: the actions are
    // checked exactly as scenario events would be (known nodes, fields, types). Size limits first, so that
    // they are reported as such.
    const base = d.s as Record<string, unknown>;
    const baseList: unknown[] = Array.isArray(base.events) ? base.events : [];
    const limit = limitIssue([...baseList, ...d.i]);
    if (limit) return limit;
    const baseEvents = baseList.length;
    const parsed = parseScenario({ ...base, events: [...baseList, ...d.i] });
    if (!parsed.ok) {
      const field = parsed.error.slice(0, Math.max(0, parsed.error.indexOf(':'))) || 'scenario';
      return fail('invalid-scenario', parsed.error, { field: field.slice(0, 80) });
    }
    const all = parsed.scenario.events;
    const scenario: Scenario = { ...parsed.scenario, events: all.slice(0, baseEvents) };
    const injected = all.slice(baseEvents);
    if (injected.some((e) => e.at > t)) return fail('action-after-instant', 'i: an action is later than the instant t', {});
    return { ok: true, state: { scenario, injected, t } };
  } catch (e) {
    return fail('unreadable', `unreadable link (${e instanceof Error ? e.message : String(e)})`, {});
  }
}

/** Text from a link shown inside a sentence: no control or bidirectional-override characters, at most 40. */
function plain(s: string): string {
  // eslint-disable-next-line no-control-regex
  return String(s).replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').slice(0, 40);
}

function fail(code: ShareErrorCode, error: string, params: ShareParams): ShareError {
  return { ok: false, error, code, params };
}

class TooLarge extends Error {}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, limit = Infinity): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream));
  const reader = out.body!.getReader();
  const chunks: Uint8Array[] = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.length;
    if (n > limit) {
      await reader.cancel();
      throw new TooLarge('too large');
    }
    chunks.push(value);
  }
  const all = new Uint8Array(n);
  let o = 0;
  for (const c of chunks) {
    all.set(c, o);
    o += c.length;
  }
  return all;
}

export function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(s: string): Uint8Array {
  const b = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4));
  const out = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i++) out[i] = b.charCodeAt(i);
  return out;
}

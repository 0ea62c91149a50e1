// Share links: a scenario, the actions a reader injected, and an instant, packed into a short URL-safe code
// (`?c=…`). Encoding: JSON, compressed with deflate-raw when the browser (or Node) has CompressionStream
// (prefix "z"), else plain JSON (prefix "j"); both in base64url. Decoding never throws: any failure (bad
// characters, bad compression, bad JSON, a scenario the schema refuses, an instant out of range) returns
// { ok: false, error } so the widget shows a short notice and the default cluster.
import type { Scenario, ScenarioEvent } from '../raft';
import { parseScenario } from './schema';

export interface SharedState {
  scenario: Scenario;
  injected: ScenarioEvent[];
  t: number;
}
export type DecodeResult = { ok: true; state: SharedState } | { ok: false; error: string };

/** Longest code accepted, and longest JSON after decompression (a link is not a place for megabytes). */
export const MAX_CODE = 16_000;
const MAX_JSON = 200_000;
/** Latest instant a link may ask for (1 hour of virtual time): restoring replays up to it. */
export const MAX_T = 3_600_000;
const VERSION = 1;

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
    if (typeof code !== 'string' || code.length < 2) return fail('empty link code');
    if (code.length > MAX_CODE) return fail(`link code too long (${code.length} characters, at most ${MAX_CODE})`);
    const kind = code[0];
    const body = code.slice(1);
    if (!/^[A-Za-z0-9_-]*$/.test(body)) return fail('link code has characters outside base64url');
    let bytes = fromBase64Url(body);
    if (kind === 'z') {
      if (typeof DecompressionStream === 'undefined') return fail('this browser cannot decompress the link');
      try {
        bytes = await pipe(bytes, new DecompressionStream('deflate-raw'), MAX_JSON);
      } catch {
        return fail('link code is damaged (decompression failed)');
      }
    } else if (kind !== 'j') return fail(`unknown link format "${kind}"`);
    if (bytes.length > MAX_JSON) return fail('link content too large');
    let data: unknown;
    try {
      data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch {
      return fail('link content is not valid JSON');
    }
    if (!data || typeof data !== 'object' || Array.isArray(data)) return fail('link content is not an object');
    const d = data as Record<string, unknown>;
    if (d.v !== VERSION) return fail(`unsupported link version ${JSON.stringify(d.v)}`);
    const t = d.t;
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 0 || t > MAX_T) return fail('t: instant out of range');
    if (!Array.isArray(d.i)) return fail('i: injected actions must be an array');
    if (!d.s || typeof d.s !== 'object') return fail('s: scenario missing');
    // Validate the scenario and the injected actions together through the scenario schema: the actions are
    // checked exactly as scenario events would be (known nodes, fields, types).
    const base = d.s as Record<string, unknown>;
    const baseEvents = Array.isArray(base.events) ? base.events.length : 0;
    const parsed = parseScenario({ ...base, events: [...(Array.isArray(base.events) ? base.events : []), ...d.i] });
    if (!parsed.ok) return fail(parsed.error);
    const all = parsed.scenario.events;
    const scenario: Scenario = { ...parsed.scenario, events: all.slice(0, baseEvents) };
    const injected = all.slice(baseEvents);
    if (injected.some((e) => e.at > t)) return fail('i: an action is later than the instant t');
    return { ok: true, state: { scenario, injected, t } };
  } catch (e) {
    return fail(`unreadable link (${e instanceof Error ? e.message : String(e)})`);
  }
}

function fail(error: string): DecodeResult {
  return { ok: false, error };
}

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
      throw new Error('too large');
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

// Output formatting in etcdctl 3.4's exact shapes: tablewriter tables, go-humanize sizes, %16x ids,
// Go's encoding/json for responses (uint64 ids as JSON numbers), Go durations, Go's tabwriter for help.

/** olekukonko/tablewriter as etcdctl uses it: headers upper-cased and centred, cells right-aligned. */
export function renderTable(header: string[], rows: string[][]): string[] {
  const hdr = header.map((h) => h.toUpperCase());
  const widths = hdr.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const sep = '+' + widths.map((w) => '-'.repeat(w + 2)).join('+') + '+';
  const centre = (s: string, w: number) => {
    const gap = w - s.length;
    const left = Math.floor(gap / 2);
    return ' '.repeat(left + 1) + s + ' '.repeat(gap - left + 1);
  };
  const right = (s: string, w: number) => ' ' + ' '.repeat(w - s.length) + s + ' ';
  const out = [sep, '|' + hdr.map((h, i) => centre(h, widths[i])).join('|') + '|', sep];
  for (const r of rows) out.push('|' + widths.map((w, i) => right(r[i] ?? '', w)).join('|') + '|');
  out.push(sep);
  return out;
}

/** go-humanize's Bytes (SI units): "20 kB", "3.0 MB", "9 B". */
export function humanizeBytes(n: number): string {
  if (n < 10) return `${n} B`;
  const sizes = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  const e = Math.floor(Math.log(n) / Math.log(1000));
  const val = Math.floor((n / Math.pow(1000, e)) * 10 + 0.5) / 10;
  // Go's %.0f rounds half to even on the binary value; toFixed is close enough except exact halves.
  const fmt = val < 10 ? val.toFixed(1) : roundHalfEven(val).toString();
  return `${fmt} ${sizes[e]}`;
}

function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (Math.abs(d - 0.5) < 1e-9) return f % 2 === 0 ? f : f + 1;
  return Math.round(v);
}

/** Go's %x of a uint64 (no padding). */
export function hex(id: bigint): string {
  return id.toString(16);
}

/** Go's %16x: right-aligned in 16 columns, space padded (a 15-digit id gets a leading space). */
export function hex16(id: bigint): string {
  return id.toString(16).padStart(16, ' ');
}

/** A JSON value that may hold uint64 numbers (bigint), printed the way Go's encoding/json does. */
export type GoJSON = null | boolean | number | bigint | string | GoJSON[] | { [k: string]: GoJSON | undefined };

export function goJSON(v: GoJSON | undefined): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return goString(v);
  if (Array.isArray(v)) return '[' + v.map((x) => goJSON(x)).join(',') + ']';
  const parts: string[] = [];
  for (const [k, x] of Object.entries(v)) {
    if (x === undefined) continue; // omitempty
    parts.push(goString(k) + ':' + goJSON(x));
  }
  return '{' + parts.join(',') + '}';
}

/** encoding/json string escaping (HTML-safe: <, >, & escaped as \u003c, \u003e, \u0026). */
export function goString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029 || c < 0x20)
      out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

/** Base64 of the UTF-8 bytes (how Go's encoding/json prints []byte). */
export function base64(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  if (typeof btoa === 'function') return btoa(bin);
  return Buffer.from(bytes).toString('base64');
}

/** UTF-8 length in bytes. */
export function byteLength(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** Go's time.Duration String() for a duration in (virtual) milliseconds. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  const ns = Math.round(ms * 1e6);
  if (ns < 1000) return `${ns}ns`;
  if (ns < 1e6) return `${trimZeros((ns / 1e3).toFixed(3))}µs`;
  if (ns < 1e9) return `${trimZeros((ns / 1e6).toFixed(6))}ms`;
  let s = ns / 1e9;
  let out = '';
  if (s >= 3600) {
    const h = Math.floor(s / 3600);
    out += `${h}h`;
    s -= h * 3600;
  }
  if (s >= 60 || out) {
    const m = Math.floor(s / 60);
    out += `${m}m`;
    s -= m * 60;
  }
  return out + `${trimZeros(s.toFixed(9))}s`;
}

function trimZeros(x: string): string {
  return x.includes('.') ? x.replace(/0+$/, '').replace(/\.$/, '') : x;
}

/** Parse a Go duration ("5s", "500ms", "1m30s", "1.5s"). Returns milliseconds, or an error in Go's words. */
export function parseGoDuration(s: string): { ms: number } | { error: string } {
  const orig = s;
  if (s === '0') return { ms: 0 };
  if (s === '') return { error: `time: invalid duration ${goString(orig)}` };
  let neg = false;
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };
  let total = 0;
  const re = /^(\d+(?:\.\d*)?|\.\d+)([a-zµμ]*)/;
  if (!s) return { error: `time: invalid duration ${goString(orig)}` };
  while (s.length) {
    const m = re.exec(s);
    if (!m) return { error: `time: invalid duration ${goString(orig)}` };
    const [all, num, unit] = m;
    if (!unit) return { error: `time: missing unit in duration ${goString(orig)}` };
    if (!(unit in units)) return { error: `time: unknown unit ${goString(unit)} in duration ${goString(orig)}` };
    total += Number(num) * units[unit];
    s = s.slice(all.length);
  }
  return { ms: neg ? -total : total };
}

/** Go's text/tabwriter with minwidth 0, tabwidth 8, padding 1, padchar '\t' (etcdctl's help output). */
export function tabwrite(rows: string[][]): string[] {
  const cols = Math.max(0, ...rows.map((r) => r.length - 1));
  const widths: number[] = [];
  for (let c = 0; c < cols; c++) {
    const w = Math.max(...rows.filter((r) => r.length - 1 > c).map((r) => r[c].length)) + 1;
    widths.push(Math.ceil(w / 8) * 8);
  }
  return rows.map((r) =>
    r
      .map((cell, c) => (c < r.length - 1 ? cell + '\t'.repeat(Math.max(1, Math.ceil((widths[c] - cell.length) / 8))) : cell))
      .join(''),
  );
}

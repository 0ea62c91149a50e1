// Command resolution and pflag-style flag parsing, with cobra / pflag's error texts.
import { COMMANDS, GLOBAL_FLAGS, GROUPS, HELP_FLAG, UNSUPPORTED, type CommandSpec, type FlagSpec } from './commands';
import { parseGoDuration } from './format';

export type FlagValue = string | boolean | string[] | number;

export interface Invocation {
  /** The resolved command; undefined for the bare root (`etcdctl`), `group` set for `etcdctl member`. */
  cmd?: CommandSpec;
  group?: string;
  args: string[];
  flags: Record<string, FlagValue>;
  /** Flags explicitly given on the line. */
  set: Set<string>;
  help: boolean;
}

export type ParseOutcome =
  | { ok: true; inv: Invocation }
  | { ok: false; kind: 'unknown-command' | 'flag' | 'unsupported'; lines: string[]; cmd?: CommandSpec; name?: string };

const ALL_FLAGS: FlagSpec[] = [...GLOBAL_FLAGS, HELP_FLAG, ...COMMANDS.flatMap((c) => c.flags)];

function findFlag(specs: FlagSpec[], name: string): FlagSpec | undefined {
  return specs.find((f) => f.name === name);
}
function findShort(specs: FlagSpec[], s: string): FlagSpec | undefined {
  return specs.find((f) => f.short === s);
}

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

const TOP = [...new Set(COMMANDS.map((c) => c.id.split(' ')[0]))];

/** cobra's suggestions: Levenshtein distance <= 2, or a prefix. */
export function suggest(word: string, names: string[] = TOP): string[] {
  const w = word.toLowerCase();
  return names.filter((n) => levenshtein(w, n) <= 2 || n.startsWith(w));
}

/** Resolve a word against names with cobra's prefix matching (a unique prefix selects the command). */
function resolve(word: string, names: string[]): string | undefined {
  if (names.includes(word)) return word;
  const m = names.filter((n) => n.startsWith(word));
  return m.length === 1 && word.length > 0 ? m[0] : undefined;
}

/** First pass: which words are positionals (a value-taking flag without `=` consumes the next word). */
function positionals(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--') {
      out.push(...words.slice(i + 1));
      break;
    }
    if (w.startsWith('--') && w.length > 2) {
      if (!w.includes('=')) {
        const f = findFlag(ALL_FLAGS, w.slice(2));
        if (f && f.type !== 'bool') i++;
      }
      continue;
    }
    if (w.startsWith('-') && w.length > 1) {
      const f = findShort(ALL_FLAGS, w[1]);
      if (f && f.type !== 'bool' && w.length === 2) i++;
      continue;
    }
    out.push(w);
  }
  return out;
}

function setValue(
  spec: FlagSpec,
  raw: string,
  flags: Record<string, FlagValue>,
  set: Set<string>,
): string | undefined {
  const label = spec.short ? `-${spec.short}, --${spec.name}` : `--${spec.name}`;
  switch (spec.type) {
    case 'bool': {
      const v = raw.toLowerCase();
      if (['1', 't', 'true'].includes(v) || raw === 'T' || raw === 'TRUE' || raw === 'True') flags[spec.name] = true;
      else if (['0', 'f', 'false'].includes(v)) flags[spec.name] = false;
      else return `invalid argument "${raw}" for "${label}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`;
      break;
    }
    case 'duration': {
      const d = parseGoDuration(raw);
      if ('error' in d) return `invalid argument "${raw}" for "${label}" flag: ${d.error}`;
      flags[spec.name] = d.ms;
      break;
    }
    case 'int': {
      if (!/^[+-]?\d+$/.test(raw)) return `invalid argument "${raw}" for "${label}" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`;
      flags[spec.name] = Number(raw);
      break;
    }
    case 'stringSlice': {
      const parts = raw === '' ? [] : raw.split(',').map((s) => s.trim());
      const prev = set.has(spec.name) ? (flags[spec.name] as string[]) : [];
      flags[spec.name] = [...prev, ...parts];
      break;
    }
    default:
      flags[spec.name] = raw;
  }
  set.add(spec.name);
  return undefined;
}

function defaults(specs: FlagSpec[]): Record<string, FlagValue> {
  const out: Record<string, FlagValue> = {};
  for (const f of specs) {
    if (f.type === 'bool') out[f.name] = f.def === 'true';
    else if (f.type === 'duration') out[f.name] = (parseGoDuration(f.def) as { ms: number }).ms;
    else if (f.type === 'int') out[f.name] = Number(f.def);
    else if (f.type === 'stringSlice') out[f.name] = f.def.replace(/^\[|\]$/g, '').split(',').filter(Boolean);
    else out[f.name] = f.def;
  }
  return out;
}

/** Parse the words after `etcdctl`. */
export function parseInvocation(words: string[]): ParseOutcome {
  const pos = positionals(words);
  let cmd: CommandSpec | undefined;
  let group: string | undefined;
  const pathWords: string[] = [];
  if (pos.length > 0) {
    const first = pos[0];
    const unsupported = resolve(first, UNSUPPORTED);
    const top = resolve(first, TOP);
    if (!top && unsupported) return { ok: false, kind: 'unsupported', lines: [], name: unsupported };
    if (!top) {
      const sug = suggest(first);
      const lines = [`Error: unknown command "${first}" for "etcdctl"`];
      if (sug.length) lines.push('', 'Did you mean this?', ...sug.map((s) => `\t${s}`), '');
      lines.push("Run 'etcdctl --help' for usage.");
      return { ok: false, kind: 'unknown-command', lines };
    }
    pathWords.push(first);
    if (top in GROUPS) {
      const subs = COMMANDS.filter((c) => c.id.startsWith(top + ' ')).map((c) => c.id.split(' ')[1]);
      const sub = pos.length > 1 ? resolve(pos[1], subs) : undefined;
      if (sub) {
        cmd = COMMANDS.find((c) => c.id === `${top} ${sub}`);
        pathWords.push(pos[1]);
      } else {
        group = top;
        if (pos.length > 1 && top === 'member' && resolve(pos[1], ['update'])) {
          return { ok: false, kind: 'unsupported', lines: [], name: 'member update' };
        }
        if (pos.length > 1 && top === 'endpoint' && resolve(pos[1], ['hashkv'])) {
          return { ok: false, kind: 'unsupported', lines: [], name: 'endpoint hashkv' };
        }
      }
    } else {
      cmd = COMMANDS.find((c) => c.id === top);
    }
  }
  const specs = [...GLOBAL_FLAGS, HELP_FLAG, ...(cmd?.flags ?? []), ...(group ? COMMANDS.filter((c) => c.id.startsWith(group + ' ')).flatMap((c) => c.flags) : [])];
  const flags = defaults(specs);
  const set = new Set<string>();
  const args: string[] = [];
  const toSkip = [...pathWords];
  const fail = (msg: string): ParseOutcome => ({ ok: false, kind: 'flag', lines: [`Error: ${msg}`], cmd });
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--') {
      args.push(...words.slice(i + 1));
      break;
    }
    if (w.startsWith('--') && w.length > 2) {
      const eq = w.indexOf('=');
      const name = eq >= 0 ? w.slice(2, eq) : w.slice(2);
      const spec = findFlag(specs, name);
      if (!spec) return fail(`unknown flag: --${name}`);
      let raw: string;
      if (eq >= 0) raw = w.slice(eq + 1);
      else if (spec.type === 'bool') raw = 'true';
      else if (i + 1 < words.length) raw = words[++i];
      else return fail(`flag needs an argument: --${name}`);
      const err = setValue(spec, raw, flags, set);
      if (err) return fail(err);
      continue;
    }
    if (w.startsWith('-') && w.length > 1 && !/^-\d/.test(w)) {
      let j = 1;
      while (j < w.length) {
        const c = w[j];
        const spec = findShort(specs, c);
        if (!spec) return fail(`unknown shorthand flag: '${c}' in ${w}`);
        if (spec.type === 'bool') {
          if (w[j + 1] === '=') {
            const err = setValue(spec, w.slice(j + 2), flags, set);
            if (err) return fail(err);
            break;
          }
          setValue(spec, 'true', flags, set);
          j++;
          continue;
        }
        let raw: string;
        if (j + 1 < w.length) raw = w[j + 1] === '=' ? w.slice(j + 2) : w.slice(j + 1);
        else if (i + 1 < words.length) raw = words[++i];
        else return fail(`flag needs an argument: '${c}' in -${c}`);
        const err = setValue(spec, raw, flags, set);
        if (err) return fail(err);
        break;
      }
      continue;
    }
    if (toSkip.length && w === toSkip[0]) {
      toSkip.shift();
      continue;
    }
    args.push(w);
  }
  return { ok: true, inv: { cmd, group, args, flags, set, help: flags.help === true } };
}

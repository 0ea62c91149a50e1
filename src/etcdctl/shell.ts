// A small shell-like command-line reader for the terminal: words, quotes and a few pipelines that the
// recorded etcdctl transcripts use. It never throws: malformed input gives `{ error }`.

export interface ParsedLine {
  /** The words of the etcdctl command (the leading `etcdctl` removed when present). */
  words: string[];
  /** True when the line started with the word `etcdctl`. */
  prefixed: boolean;
  /** Standard input fed by a supported pipeline (`echo v | etcdctl put k`, `head -c N /dev/zero | tr '\0' a | etcdctl put k`). */
  stdin?: string;
  /** A shell command that is not etcdctl (e.g. `clear`, `echo $?`). */
  shell?: string[];
  error?: string;
}

/** Split a line into words, honouring single quotes, double quotes and backslash escapes, and `|`. */
export function tokenize(line: string): { words: string[]; pipes: number[] } | { error: string } {
  const words: string[] = [];
  const pipes: number[] = []; // indices in `words` where a new pipeline stage starts
  let cur = '';
  let inWord = false;
  let i = 0;
  const n = line.length;
  while (i < n) {
    const c = line[i];
    if (c === '\\') {
      if (i + 1 < n) {
        cur += line[i + 1];
        inWord = true;
        i += 2;
      } else {
        i++;
      }
      continue;
    }
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return { error: 'unexpected EOF while looking for matching `\'\'' };
      cur += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < n && line[j] !== '"') {
        if (line[j] === '\\' && j + 1 < n && ['"', '\\', '$', '`'].includes(line[j + 1])) {
          s += line[j + 1];
          j += 2;
        } else {
          s += line[j];
          j++;
        }
      }
      if (j >= n) return { error: 'unexpected EOF while looking for matching `"\'' };
      cur += s;
      inWord = true;
      i = j + 1;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
      i++;
      continue;
    }
    if (c === '|') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
      pipes.push(words.length);
      i++;
      continue;
    }
    cur += c;
    inWord = true;
    i++;
  }
  if (inWord) words.push(cur);
  return { words, pipes };
}

const MAX_HEAD_BYTES = 8 * 1024 * 1024;

/** Evaluate the producer part of a pipeline (everything before `etcdctl`). Only what the transcripts use. */
function producer(stages: string[][]): { out: string } | { error: string } {
  let out: string | undefined;
  for (const st of stages) {
    const [cmd, ...args] = st;
    if (cmd === 'echo') {
      let a = args;
      let newline = true;
      if (a[0] === '-n') {
        newline = false;
        a = a.slice(1);
      }
      out = a.join(' ') + (newline ? '\n' : '');
    } else if (cmd === 'printf' && args.length >= 1) {
      out = args[0].replace(/\\n/g, '\n');
    } else if (cmd === 'head' && args[0] === '-c' && args.length === 3 && /^\d+$/.test(args[1])) {
      const count = Number(args[1]);
      if (count > MAX_HEAD_BYTES) return { error: `head: ${args[1]} bytes: too large for this terminal` };
      if (args[2] !== '/dev/zero') return { error: `head: cannot open '${args[2]}' for reading: No such file or directory` };
      out = '\0'.repeat(count);
    } else if (cmd === 'tr' && args.length === 2 && out !== undefined) {
      const from = args[0] === '\\0' ? '\0' : args[0];
      const to = args[1];
      if (from.length === 1 && to.length === 1) out = out.split(from).join(to);
      else return { error: `tr: only single characters are supported here` };
    } else {
      return { error: `${cmd ?? ''}: command not found` };
    }
  }
  return { out: out ?? '' };
}

/** Parse one terminal line. */
export function parseLine(line: string): ParsedLine {
  const tk = tokenize(line);
  if ('error' in tk) return { words: [], prefixed: false, error: `bash: ${tk.error}` };
  const { words, pipes } = tk;
  if (words.length === 0) return { words: [], prefixed: false };
  // Split into pipeline stages.
  const bounds = [0, ...pipes, words.length];
  const stages: string[][] = [];
  for (let k = 0; k + 1 < bounds.length; k++) stages.push(words.slice(bounds[k], bounds[k + 1]));
  if (stages.some((s) => s.length === 0)) return { words: [], prefixed: false, error: "bash: syntax error near unexpected token `|'" };
  // Leading `ETCDCTL_API=3` style assignments are accepted and ignored.
  const last = stages[stages.length - 1];
  while (last.length > 1 && /^[A-Z_][A-Z0-9_]*=/.test(last[0])) last.shift();
  if (stages.length > 1) {
    if (last[0] !== 'etcdctl') {
      return { words: [], prefixed: false, error: 'bash: only pipelines into etcdctl are supported here' };
    }
    const p = producer(stages.slice(0, -1));
    if ('error' in p) return { words: [], prefixed: false, error: p.error };
    return { words: last.slice(1), prefixed: true, stdin: p.out };
  }
  if (last[0] === 'etcdctl') return { words: last.slice(1), prefixed: true };
  return { words: last, prefixed: false };
}

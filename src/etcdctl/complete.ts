// Tab completion for the terminal: command words, subcommands, flags, member ids, endpoints.
import { COMMANDS, GLOBAL_FLAGS, GROUPS, HELP_FLAG } from './commands';
import { tokenize } from './shell';

export interface Completion {
  /** The line after completion (unchanged when nothing or several things match beyond the common prefix). */
  line: string;
  /** The candidates when more than one matches (to list under the prompt). */
  options: string[];
}

export interface CompletionContext {
  /** Member ids in hex (for member remove / promote / move-leader). */
  memberIds?: string[];
  /** Endpoints (for --endpoints=). */
  endpoints?: string[];
}

function commonPrefix(xs: string[]): string {
  if (xs.length === 0) return '';
  let p = xs[0];
  for (const x of xs) while (!x.startsWith(p)) p = p.slice(0, -1);
  return p;
}

const TOP = [...new Set(COMMANDS.map((c) => c.id.split(' ')[0]))].sort();

/** Complete the last word of `line` (the cursor is at the end). Never throws. */
export function complete(line: string, ctx: CompletionContext = {}): Completion {
  try {
    const endsWithSpace = /\s$/.test(line) || line === '';
    const tk = tokenize(line);
    if ('error' in tk) return { line, options: [] };
    const words = [...tk.words];
    const current = endsWithSpace ? '' : (words.pop() ?? '');
    const before = words;
    let rest = before;
    const prefixed = rest[0] === 'etcdctl';
    if (prefixed) rest = rest.slice(1);
    const positional = rest.filter((w) => !w.startsWith('-'));
    let candidates: string[] = [];
    if (!prefixed && before.length === 0) {
      candidates = ['etcdctl', ...TOP, 'clear'];
    } else if (current.startsWith('--endpoints=') && ctx.endpoints) {
      const val = current.slice('--endpoints='.length);
      const parts = val.split(',');
      const last = parts.pop() ?? '';
      const head = parts.length ? parts.join(',') + ',' : '';
      candidates = ctx.endpoints.filter((e) => !parts.includes(e)).map((e) => `--endpoints=${head}${e}`);
      if (last === '' && parts.length === 0) candidates = [`--endpoints=${ctx.endpoints.join(',')}`, ...candidates];
    } else if (current.startsWith('-')) {
      const cmd = resolveCmd(positional);
      const specs = [...GLOBAL_FLAGS, HELP_FLAG, ...(cmd?.flags ?? [])];
      candidates = specs.map((f) => `--${f.name}${f.type === 'bool' ? '' : '='}`);
      if (current.startsWith('--consistency=')) candidates = ['--consistency=l', '--consistency=s'];
      if (current.startsWith('--write-out=')) candidates = ['--write-out=simple', '--write-out=json', '--write-out=table'];
    } else if ((before[before.length - 1] === '-w' || before[before.length - 1] === '--write-out')) {
      candidates = ['simple', 'json', 'table'];
    } else if (positional.length === 0) {
      candidates = TOP;
    } else if (positional.length === 1 && positional[0] in GROUPS) {
      candidates = COMMANDS.filter((c) => c.id.startsWith(positional[0] + ' ')).map((c) => c.id.split(' ')[1]);
    } else if (positional.length === 1 && positional[0] === 'help') {
      candidates = TOP;
    } else {
      const cmd = resolveCmd(positional);
      if (cmd && ['member remove', 'member promote', 'move-leader'].includes(cmd.id)) candidates = ctx.memberIds ?? [];
    }
    const matches = [...new Set(candidates.filter((c) => c.startsWith(current)))];
    if (matches.length === 0) return { line, options: [] };
    const base = line.slice(0, line.length - current.length);
    if (matches.length === 1) {
      const m = matches[0];
      return { line: base + m + (m.endsWith('=') || m.endsWith(',') ? '' : ' '), options: [] };
    }
    const cp = commonPrefix(matches);
    return { line: base + (cp.length > current.length ? cp : current), options: matches };
  } catch {
    return { line, options: [] };
  }
}

function resolveCmd(positional: string[]) {
  if (positional.length === 0) return undefined;
  const first = positional[0];
  if (first in GROUPS && positional.length > 1) return COMMANDS.find((c) => c.id === `${first} ${positional[1]}`);
  return COMMANDS.find((c) => c.id === first);
}

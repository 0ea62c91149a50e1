// The etcdctl interpreter: parses a line, resolves the command and its flags, and hands it to the handler of
// its command family (kv.ts, member.ts, endpoint.ts, move-leader.ts) through the table below. Handlers act on
// the cluster through the engine (a put is a client request through Raft, a member add a membership change),
// wait on virtual time, and print what etcdctl 3.4 prints (shapes recorded in the etcd reference transcripts).
// It never throws on user input.
import { API_VERSION, VERSION, commandUsage, rootUsage, GROUPS, COMMANDS, type CommandId } from './commands';
import { Client, type Handler, type Messages, type OutLine } from './client';
import { Naming, type ClusterAccess } from './cluster-view';
import { endpointHealth, endpointStatus } from './endpoint';
import { Exit } from './errors';
import { parseInvocation } from './flags';
import { hex } from './format';
import { del, get, put } from './kv';
import { memberAdd, memberList, memberPromote, memberRemove } from './member';
import { moveLeader } from './move-leader';
import { parseLine } from './shell';

export type { Messages, OutLine, Stream } from './client';
export { CLIENT_MAX_SEND, MAX_REQUEST_BYTES, putRequestSize } from './kv';
export { etcdError } from './errors';

export interface RunResult {
  lines: OutLine[];
  exitCode: number;
  /** Virtual time at the start and end of the command (ms). */
  startedAt: number;
  endedAt: number;
  /** The longest single wait on a timeout inside the command (virtual ms), 0 if none: the UI says it shortened it. */
  timeoutWaitMs: number;
  /** The line asked to clear the screen. */
  clear?: boolean;
}

export const EN_MESSAGES: Messages = {
  unsupported: (c) => `# "etcdctl ${c}" exists in etcdctl 3.4 but is not simulated in this terminal. Try: etcdctl help`,
  badMemberName: (n) => `# member names here are 1 to 16 characters among a-z, 0-9 and "-" (got "${n}")`,
  notEtcdctl: (w) => `# this terminal only runs etcdctl (and clear, echo $?); "${w}" is not available`,
};

export interface EtcdctlOptions {
  messages?: Messages;
}

function printGroupUsage(c: Client, group: string): void {
  const subs = COMMANDS.filter((x) => x.id.startsWith(group + ' '));
  c.print(['NAME:', `\t${group} - ${GROUPS[group]}`, '', 'USAGE:', `\tetcdctl ${group} <subcommand> [flags]`, '', 'COMMANDS:'].join('\n'));
  for (const s of subs) c.print(`\t${s.id}\t${s.short}`);
}

const help: Handler = (c, inv) => {
  const args = inv.args;
  if (args.length === 0) {
    for (const l of rootUsage()) c.print(l);
    return 0;
  }
  const spec = COMMANDS.find((x) => x.id === args.join(' '));
  if (spec) {
    for (const l of commandUsage(spec)) c.print(l);
    return 0;
  }
  if (args[0] in GROUPS && args.length === 1) {
    printGroupUsage(c, args[0]);
    return 0;
  }
  c.print(`Unknown help topic [${args.map((a) => JSON.stringify(a)).join(' ')}]`);
  for (const l of rootUsage()) c.print(l);
  return 0;
};

const version: Handler = (c) => {
  c.print(`etcdctl version: ${VERSION}\nAPI version: ${API_VERSION}`);
  return 0;
};

/** Every supported command and its handler (commands.ts lists their flags and usage). */
export const HANDLERS: Readonly<Record<CommandId, Handler>> = {
  version,
  help,
  put,
  get,
  del,
  'member list': memberList,
  'member add': memberAdd,
  'member remove': memberRemove,
  'member promote': memberPromote,
  'endpoint status': endpointStatus,
  'endpoint health': endpointHealth,
  'move-leader': moveLeader,
};

export class Etcdctl {
  private readonly naming: Naming;
  private readonly client: Client;
  private lastExit = 0;

  constructor(access: ClusterAccess, opts: EtcdctlOptions = {}) {
    this.naming = new Naming(() => access.sim());
    this.client = new Client(access, this.naming, opts.messages ?? EN_MESSAGES);
  }

  /** The default endpoints (as if ETCDCTL_ENDPOINTS listed every member of the cluster). */
  defaultEndpoints(): string[] {
    return this.client.defaultEndpoints();
  }

  /** Node names known to the terminal (for completion). */
  nodeNames(): string[] {
    this.naming.refresh();
    return this.naming.names();
  }

  /** Member ids in hex (for completion of member remove / promote / move-leader). */
  memberIds(): string[] {
    this.naming.refresh();
    return this.naming.names().map((n) => hex(this.naming.id(n)));
  }

  async run(line: string): Promise<RunResult> {
    const c = this.client;
    c.begin();
    let startedAt = 0;
    let code = 0;
    let clear = false;
    try {
      startedAt = c.sim.now;
      this.naming.refresh();
      const p = parseLine(line);
      if (p.error) {
        c.err(p.error);
        code = p.error.includes('command not found') ? 127 : 2;
      } else if (p.words.length === 0 && !p.prefixed) {
        code = this.lastExit; // empty line keeps $?
      } else if (!p.prefixed && p.words[0] === 'clear') {
        clear = true;
      } else if (!p.prefixed && p.words[0] === 'echo') {
        c.print(p.words.slice(1).map((w) => (w === '$?' ? String(this.lastExit) : w)).join(' '));
      } else if (!p.prefixed && !looksLikeEtcdctl(p.words[0])) {
        c.err(`${p.words[0]}: command not found`);
        c.err(c.messages.notEtcdctl(p.words[0]));
        code = 127;
      } else {
        code = await this.exec(p.words, p.stdin);
      }
    } catch (e) {
      if (e instanceof Exit) code = e.code;
      else {
        // An engine or interpreter bug must not break the page: report it as text.
        c.err(`Error: internal error in the simulated etcdctl: ${e instanceof Error ? e.message : String(e)}`);
        code = 1;
      }
    }
    this.lastExit = code;
    let endedAt = startedAt;
    try {
      endedAt = c.sim.now;
    } catch {
      /* ignore */
    }
    return { lines: c.out, exitCode: code, startedAt, endedAt, timeoutWaitMs: c.timeoutWait, clear };
  }

  private async exec(words: string[], stdin?: string): Promise<number> {
    const c = this.client;
    const parsed = parseInvocation(words);
    if (!parsed.ok) {
      if (parsed.kind === 'unsupported') {
        c.err(c.messages.unsupported(parsed.name ?? ''));
        return 1;
      }
      for (const l of parsed.lines) c.err(l);
      if (parsed.kind === 'flag') {
        for (const l of parsed.cmd ? commandUsage(parsed.cmd) : rootUsage()) c.err(l);
      }
      return 1;
    }
    const inv = parsed.inv;
    if (!inv.cmd) {
      if (inv.group) printGroupUsage(c, inv.group);
      else for (const l of rootUsage()) c.print(l);
      return 0;
    }
    if (inv.help) {
      for (const l of commandUsage(inv.cmd)) c.print(l);
      return 0;
    }
    const w = String(inv.flags['write-out']);
    if (!['simple', 'json', 'table', 'fields', 'protobuf'].includes(w)) c.fail(4, 'unsupported output format');
    if (w === 'fields' || w === 'protobuf') {
      c.err(c.messages.unsupported(`-w ${w}`));
      return 4;
    }
    return HANDLERS[inv.cmd.id](c, inv, stdin);
  }
}

function looksLikeEtcdctl(w: string): boolean {
  if (w.startsWith('-')) return true;
  const tops = new Set(COMMANDS.map((c) => c.id.split(' ')[0]));
  return tops.has(w) || w in GROUPS;
}

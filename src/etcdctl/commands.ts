// The etcdctl 3.4 commands this terminal supports, their flags, and the usage / help texts in etcdctl's
// layout (NAME / USAGE / OPTIONS / GLOBAL OPTIONS, Go tabwriter alignment).
import { tabwrite } from './format';

export type FlagType = 'bool' | 'string' | 'duration' | 'stringSlice' | 'int';

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  def: string;
  usage: string;
}

export type CommandId =
  | 'get' | 'put' | 'del' | 'member add' | 'member list' | 'member remove' | 'member promote'
  | 'endpoint status' | 'endpoint health' | 'move-leader' | 'version' | 'help';

export interface CommandSpec {
  id: CommandId;
  use: string;
  short: string;
  long?: string;
  flags: FlagSpec[];
}

export const VERSION = '3.4.23';
export const API_VERSION = '3.4';

export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'command-timeout', type: 'duration', def: '5s', usage: 'timeout for short running command (excluding dial timeout)' },
  { name: 'debug', type: 'bool', def: 'false', usage: 'enable client-side debug logging' },
  { name: 'dial-timeout', type: 'duration', def: '2s', usage: 'dial timeout for client connections' },
  { name: 'endpoints', type: 'stringSlice', def: '[127.0.0.1:2379]', usage: 'gRPC endpoints' },
  { name: 'hex', type: 'bool', def: 'false', usage: 'print byte strings as hex encoded strings' },
  { name: 'insecure-transport', type: 'bool', def: 'true', usage: 'disable transport security for client connections' },
  { name: 'write-out', short: 'w', type: 'string', def: 'simple', usage: 'set the output format (fields, json, protobuf, simple, table)' },
];

export const HELP_FLAG: FlagSpec = { name: 'help', short: 'h', type: 'bool', def: 'false', usage: 'help for %s' };

export const COMMANDS: CommandSpec[] = [
  {
    id: 'del', use: 'del [options] <key> [range_end]', short: 'Removes the specified key or range of keys [key, range_end)',
    flags: [{ name: 'prefix', type: 'bool', def: 'false', usage: 'delete keys with matching prefix' }],
  },
  {
    id: 'endpoint health', use: 'health', short: 'Checks the healthiness of endpoints specified in `--endpoints` flag',
    flags: [{ name: 'cluster', type: 'bool', def: 'false', usage: 'use all endpoints from the cluster member list' }],
  },
  {
    id: 'endpoint status', use: 'status', short: 'Prints out the status of endpoints specified in `--endpoints` flag',
    long: 'When --write-out is set to simple, this command prints out comma-separated status lists for each endpoint.\nThe items in the lists are endpoint, ID, version, db size, is leader, is learner, raft term, raft index, raft applied index, errors.',
    flags: [{ name: 'cluster', type: 'bool', def: 'false', usage: 'use all endpoints from the cluster member list' }],
  },
  {
    id: 'get', use: 'get [options] <key> [range_end]', short: 'Gets the key or a range of keys',
    flags: [
      { name: 'consistency', type: 'string', def: 'l', usage: 'Linearizable(l) or Serializable(s)' },
      { name: 'keys-only', type: 'bool', def: 'false', usage: 'Get only the keys' },
      { name: 'limit', type: 'int', def: '0', usage: 'Maximum number of results' },
      { name: 'prefix', type: 'bool', def: 'false', usage: 'Get keys with matching prefix' },
      { name: 'print-value-only', type: 'bool', def: 'false', usage: 'Only write values when using the "simple" output format' },
    ],
  },
  { id: 'help', use: 'help [command]', short: 'Help about any command', flags: [] },
  {
    id: 'member add', use: 'add <memberName> [options]', short: 'Adds a member into the cluster',
    flags: [
      { name: 'learner', type: 'bool', def: 'false', usage: 'indicates if the new member is raft learner' },
      { name: 'peer-urls', type: 'string', def: '', usage: 'comma separated peer URLs for the new member.' },
    ],
  },
  {
    id: 'member list', use: 'list', short: 'Lists all members in the cluster',
    long: 'When --write-out is set to simple, this command prints out comma-separated member lists for each endpoint.\nThe items in the lists are ID, Status, Name, Peer Addrs, Client Addrs, Is Learner.',
    flags: [],
  },
  { id: 'member promote', use: 'promote <memberID>', short: 'Promotes a non-voting member in the cluster', long: 'Promotes a non-voting learner member to a voting one in the cluster.', flags: [] },
  { id: 'member remove', use: 'remove <memberID>', short: 'Removes a member from the cluster', flags: [] },
  { id: 'move-leader', use: 'move-leader <transferee-member-id>', short: 'Transfers leadership to another etcd cluster member.', flags: [] },
  {
    id: 'put', use: 'put [options] <key> <value> (<value> can also be given from stdin)', short: 'Puts the given key into the store',
    long: "Puts the given key into the store.\n\nWhen <value> begins with '-', <value> is interpreted as a flag.\nInsert '--' for workaround:\n\n$ put <key> -- <value>\n$ put -- <key> <value>\n\nIf <value> isn't given as a command line argument, this command tries to read the value from standard input.\nFor example,\n$ cat file | put <key>\nwill store the content of the file to <key>.",
    flags: [],
  },
  { id: 'version', use: 'version', short: 'Prints the version of etcdctl', flags: [] },
];

/** Parent commands (no action of their own). */
export const GROUPS: Record<string, string> = {
  member: 'Membership related commands',
  endpoint: 'Endpoint related commands',
};

/** etcdctl commands that exist in 3.4 but are not simulated by this terminal. */
export const UNSUPPORTED = [
  'alarm', 'auth', 'check', 'compaction', 'defrag', 'elect', 'lease', 'lock', 'make-mirror', 'migrate',
  'role', 'snapshot', 'txn', 'user', 'watch',
];

export function commandById(id: CommandId): CommandSpec {
  return COMMANDS.find((c) => c.id === id)!;
}

function flagLines(flags: FlagSpec[], cmdName: string): string[][] {
  return flags.map((f) => {
    const head = f.short ? `  -${f.short}, --${f.name}` : `      --${f.name}`;
    const def = f.type === 'string' ? `="${f.def}"` : `=${f.def}`;
    const usage = f.usage.replace('%s', cmdName);
    return [head + (f.type === 'bool' ? `[${def}]` : def), usage];
  });
}

/** `etcdctl <cmd> --help` / usage after a flag error. */
export function commandUsage(spec: CommandSpec): string[] {
  const name = spec.id;
  const leaf = name.split(' ').pop()!;
  const out: string[] = ['NAME:', `\t${name} - ${spec.short}`, '', 'USAGE:'];
  const parent = name.includes(' ') ? name.split(' ')[0] + ' ' : '';
  out.push(`\tetcdctl ${parent}${spec.use}`, '');
  if (spec.long) {
    out.push('DESCRIPTION:');
    for (const l of spec.long.split('\n')) out.push(`\t${l}`);
    out.push('');
  }
  const local = [...spec.flags, HELP_FLAG].sort((a, b) => a.name.localeCompare(b.name));
  out.push('OPTIONS:', ...tabwrite(flagLines(local, leaf)), '');
  out.push('GLOBAL OPTIONS:', ...tabwrite(flagLines(GLOBAL_FLAGS, leaf)));
  return out;
}

/** `etcdctl --help` / `etcdctl help`: the real header, the commands this terminal knows. */
export function rootUsage(): string[] {
  const rows = COMMANDS.map((c) => ['', c.id, c.short]);
  return [
    'NAME:',
    '\tetcdctl - A simple command line client for etcd3.',
    '',
    'USAGE:',
    '\tetcdctl [flags]',
    '',
    'VERSION:',
    `\t${VERSION}`,
    '',
    'API VERSION:',
    `\t${API_VERSION}`,
    '',
    '',
    'COMMANDS:',
    ...tabwrite(rows),
    '',
    'OPTIONS:',
    ...tabwrite(flagLines([...GLOBAL_FLAGS, { ...HELP_FLAG, usage: 'help for etcdctl' }].sort((a, b) => a.name.localeCompare(b.name)), 'etcdctl')),
  ];
}

/** Words for Tab completion: command paths and flags. */
export function completionWords(): { commands: string[]; flags: Record<string, string[]> } {
  const top = new Set<string>();
  for (const c of COMMANDS) top.add(c.id.split(' ')[0]);
  const flags: Record<string, string[]> = {};
  for (const c of COMMANDS) flags[c.id] = [...c.flags, HELP_FLAG, ...GLOBAL_FLAGS].map((f) => `--${f.name}`);
  return { commands: [...top].sort(), flags };
}

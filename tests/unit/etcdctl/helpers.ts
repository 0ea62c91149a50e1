// Test helpers: recorded transcripts, a normaliser (ids, timestamps, durations, sizes), shape comparison,
// and clusters in the transcripts' situations built on the real engine.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Simulation } from '../../../src/raft/index';
import { getExample } from '../../../src/scenarios/index';
import type { Scenario } from '../../../src/raft/index';
import { Etcdctl } from '../../../src/etcdctl/interpreter';

import { EXPERIMENTS_DIR as EXPERIMENTS, TRANSCRIPTS_DIR as TRANSCRIPTS } from '../../helpers/reference';

export interface Recorded {
  file: string;
  command: string;
  output: string[];
  exit: number;
}

/** Parse one transcript (or every `$ ` block of an experiment file). */
export function parseTranscript(text: string, file = ''): Recorded[] {
  const out: Recorded[] = [];
  let cur: Recorded | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('$ ')) {
      cur = { file, command: line.slice(2), output: [], exit: -1 };
      continue;
    }
    const m = /^\[exit code: (\d+); wall time: \d+ ms\]$/.exec(line);
    if (m && cur) {
      cur.exit = Number(m[1]);
      out.push(cur);
      cur = null;
      continue;
    }
    if (cur) cur.output.push(line);
  }
  return out;
}

export function transcript(name: string): Recorded {
  return parseTranscript(readFileSync(join(TRANSCRIPTS, name), 'utf8'), name)[0];
}

export function experiment(name: string): Recorded[] {
  return parseTranscript(readFileSync(join(EXPERIMENTS, name), 'utf8'), name);
}

export function transcriptFiles(): string[] {
  return readdirSync(TRANSCRIPTS).filter((f) => f.endsWith('.txt')).sort();
}

/** Replace what may differ between runs: member/cluster ids, timestamps, client uuids, durations, sizes. */
export function normalise(line: string): string {
  return line
    .replace(/"ts":"[^"]*"/g, '"ts":"TS"')
    .replace(/client-[0-9a-f-]{36}/g, 'client-UUID')
    .replace(/(took = )[0-9.]+(ns|µs|ms|s)/g, '$1DUR')
    .replace(/\b\d+(\.\d+)? (B|kB|MB|GB)\b/g, 'SIZE')
    .replace(/"(cluster_id|member_id|leader|ID)":\d+/g, '"$1":ID')
    .replace(/"(revision|raft_term|raftIndex|raftTerm|raftAppliedIndex|dbSize|dbSizeInUse|create_revision|mod_revision|version)":\d+/g, '"$1":N')
    .replace(/(^|[\s|,])[0-9a-f]{13,16}(?=[\s|,]|$)/g, '$1ID')
    .replace(/ +ID\b/g, ' ID')
    .replace(/\b(Member|from|to|cluster) +[0-9a-f]{13,16}\b/g, '$1 ID');
}

/** The shape of one output line: tables by column count and header, JSON by keys, other text normalised. */
export function shape(line: string): string {
  if (/^\+[-+]+\+$/.test(line)) return `BORDER(${line.split('+').length - 2})`;
  if (/^\|.*\|$/.test(line)) {
    const cells = line.slice(1, -1).split('|').map((c) => c.trim());
    if (cells.every((c) => c === '' || /^[A-Z ]+$/.test(c))) return `HEADER(${cells.join('|')})`;
    return `ROW(${cells.length})`;
  }
  if (line.startsWith('{') || line.startsWith('[')) {
    try {
      return `JSON(${jsonShape(JSON.parse(line))})`;
    } catch {
      /* not JSON */
    }
  }
  return normalise(line);
}

function jsonShape(v: unknown): string {
  if (Array.isArray(v)) return `[${v.length ? jsonShape(v[0]) : ''}]`;
  if (v && typeof v === 'object') return '{' + Object.entries(v).map(([k, x]) => `${k}:${jsonShape(x)}`).join(',') + '}';
  return typeof v;
}

// ---------------------------------------------------------------------------------------------
// Clusters in the transcripts' situations (members m1..m3 as in the reference cluster)

export function scenario(members = ['m1', 'm2', 'm3'], seed = 7): Scenario {
  const base = getExample('three-nodes')!;
  // etcd 3.4.23 defaults, as in the reference cluster: PreVote off, CheckQuorum on.
  return { ...base, seed, members, learners: [], features: { preVote: false, checkQuorum: true }, events: [] };
}

export interface Lab {
  sim: Simulation;
  ctl: Etcdctl;
  run(line: string): Promise<{ out: string[]; stdout: string[]; stderr: string[]; exit: number; waited: number; virtualMs: number }>;
  crash(...nodes: string[]): void;
  restart(...nodes: string[]): void;
  wait(ms: number): void;
  leader(): string | null;
}

/** A healthy cluster with a leader, 3 s after start. */
export function lab(members = ['m1', 'm2', 'm3'], seed = 7): Lab {
  const sim = new Simulation(scenario(members, seed));
  sim.advanceTo(3000);
  const ctl = new Etcdctl({ sim: () => sim, apply: (a) => sim.apply(a) });
  return {
    sim,
    ctl,
    async run(line) {
      const r = await ctl.run(line);
      return {
        out: r.lines.map((l) => l.text),
        stdout: r.lines.filter((l) => l.stream === 'stdout').map((l) => l.text),
        stderr: r.lines.filter((l) => l.stream === 'stderr').map((l) => l.text),
        exit: r.exitCode,
        waited: r.timeoutWaitMs,
        virtualMs: r.endedAt - r.startedAt,
      };
    },
    crash(...nodes) {
      for (const n of nodes) sim.apply({ action: 'crash', node: n });
      sim.advanceTo(sim.now + 3000); // as the reference harness: wait 3 s after the kills
    },
    restart(...nodes) {
      for (const n of nodes) sim.apply({ action: 'restart', node: n });
      sim.advanceTo(sim.now + 3000);
    },
    wait(ms) {
      sim.advanceTo(sim.now + ms);
    },
    leader() {
      return sim.quorum().leader;
    },
  };
}

/** The recorded command with our ids / endpoints substituted. */
export function adapt(cmd: string, subst: Record<string, string> = {}): string {
  let c = cmd;
  for (const [a, b] of Object.entries(subst)) c = c.split(a).join(b);
  return c;
}

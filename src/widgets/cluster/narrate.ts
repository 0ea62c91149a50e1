// Turns the engine's structured events into one plain sentence each (STYLE.md example 6): the event log and
// the polite live region both read from here. Pure: no DOM, no engine import (events are read structurally).
import { fmt } from '../../i18n/format';

/** The fields of a SimEvent this module reads (docs/ARCHITECTURE.md). Unknown types are ignored. */
export interface EventLike {
  type: string;
  t: number;
  node?: string;
  role?: string;
  term?: number;
  index?: number;
  kind?: string;
  from?: string;
  to?: string;
  granted?: boolean;
  prevote?: boolean;
  reason?: string;
  groups?: string[][];
  op?: number;
  f?: string;
  key?: string;
  value?: unknown;
  consistency?: string;
  error?: string;
  voters?: string[];
  learners?: string[];
  action?: unknown;
  msg?: { type: string; from: string; to: string };
}

export type LineKind = 'leader' | 'election' | 'vote' | 'fault' | 'client' | 'config' | 'commit' | 'reject';
export interface Line {
  t: number;
  kind: LineKind;
  text: string;
  /** A short sentence for the polite live region, when this event deserves one. */
  announce?: string;
  /** The scenario's script did this (not the learner): the event log marks it. */
  scripted?: boolean;
}

type Strings = Record<string, string>;
const k = (s: Strings, key: string, vars?: Record<string, string | number>) => fmt(s[`widget.${key}`] ?? key, vars);

export class Narrator {
  #s: Strings;
  #roles = new Map<string, string>();
  #timeouts = new Map<string, string>();
  #stepdowns = new Map<string, string>();
  /** Leaders that sent TimeoutNow, and the nodes they summoned, until the election it causes. */
  #handedOver = new Set<string>();
  #summoned = new Set<string>();
  #ops = new Map<number, { f: string; key: string; value?: string; consistency?: string }>();
  #config = '';

  constructor(strings: Strings) {
    this.#s = strings;
  }

  /** Forget what was learnt from past events and take the roles as they are now (after a seek or a reset). */
  sync(roles: Iterable<[string, string]>, ops: Iterable<{ op: number; f: string; key: string; value?: string; consistency?: string }> = []): void {
    this.#roles = new Map(roles);
    this.#timeouts.clear();
    this.#stepdowns.clear();
    this.#handedOver.clear();
    this.#summoned.clear();
    this.#ops = new Map([...ops].map((o) => [o.op, o]));
  }

  /** One line for event `e`, or null when it tells nothing new. `scripted`: the scenario's script did it. */
  feed(e: EventLike, scripted = false): Line | null {
    const line = this.#line(e);
    if (line && scripted) line.scripted = true;
    return line;
  }

  #line(e: EventLike): Line | null {
    const s = this.#s;
    const t = e.t;
    switch (e.type) {
      case 'timeout':
        if (e.node) this.#timeouts.set(e.node, e.kind ?? 'election');
        return null;
      case 'stepdown':
        if (e.node) this.#stepdowns.set(e.node, e.reason ?? 'higher-term');
        return null;
      case 'send': {
        // The leader hands over: it sends TimeoutNow to the target, which stands at once (thesis 3.10).
        const m = e.msg;
        if (!m || m.type !== 'TimeoutNow') return null;
        this.#handedOver.add(m.from);
        this.#summoned.add(m.to);
        return { t, kind: 'leader', text: k(s, 'ev.transfer', { from: m.from, to: m.to }) };
      }
      case 'role': {
        const node = e.node ?? '?';
        const before = this.#roles.get(node);
        this.#roles.set(node, e.role ?? '');
        const term = e.term ?? 0;
        const why = this.#timeouts.get(node);
        this.#timeouts.delete(node);
        if (e.role === 'leader') {
          return { t, kind: 'leader', text: k(s, 'ev.leader', { node, term }), announce: k(s, 'announce.leader', { node, term }) };
        }
        if (e.role === 'candidate') {
          // The real cause (issue 20 item 1): TimeoutNow from the leader, a won pre-vote, or the election timeout.
          const key = why === 'transfer' || this.#summoned.has(node) ? 'ev.candidateTransfer'
            : why ? 'ev.candidateTimeout' : before === 'precandidate' ? 'ev.candidateAfterPrevote' : 'ev.candidate';
          this.#summoned.delete(node);
          return { t, kind: 'election', text: k(s, key, { node, term }) };
        }
        if (e.role === 'precandidate') {
          return { t, kind: 'election', text: k(s, why ? 'ev.precandidateTimeout' : 'ev.precandidate', { node, term: term + 1 }) };
        }
        if (e.role === 'learner') {
          if (before === 'learner') return null;
          return { t, kind: 'config', text: k(s, 'ev.learner', { node }) };
        }
        if (e.role === 'follower') {
          const reason = this.#stepdowns.get(node);
          this.#stepdowns.delete(node);
          if (before === 'leader') {
            // A leader that handed over with TimeoutNow (already told, when it sent it) steps down when it hears
            // the new term: say that, after the new leader's election, in the order it happens.
            const handed = this.#handedOver.delete(node);
            const key = reason === 'check-quorum' ? 'ev.stepdownCheckQuorum' : reason === 'removed' ? 'ev.stepdownRemoved'
              : handed ? 'ev.stepdownHigherTerm' : reason === 'transfer' ? 'ev.stepdownTransfer' : 'ev.stepdownHigherTerm';
            return { t, kind: 'leader', text: k(s, key, { node, term }), announce: k(s, 'announce.noLeader', { node }) };
          }
          if (before === 'candidate' || before === 'precandidate') return { t, kind: 'election', text: k(s, 'ev.backToFollower', { node, term }) };
          return null;
        }
        return null;
      }
      case 'vote': {
        const from = e.from ?? '?', to = e.to ?? '?', term = e.term ?? 0;
        const pre = e.prevote ? 'Pre' : '';
        if (e.granted) {
          if (e.prevote) return { t, kind: 'vote', text: k(s, 'ev.votePreGranted', { from, to, term }) };
          return { t, kind: 'vote', text: k(s, 'ev.voteGrantedWhy', { from, to, term, reason: k(s, 'reason.granted') }) };
        }
        const reason = e.reason && ['log-behind', 'already-voted', 'lease', 'stale-term', 'has-leader'].includes(e.reason) ? e.reason : 'other';
        return { t, kind: 'vote', text: k(s, `ev.vote${pre}Refused`, { from, to, term, reason: k(s, `reason.${reason}`) }) };
      }
      case 'commit': {
        const node = e.node ?? '?';
        if (this.#roles.get(node) !== 'leader') return null;
        return { t, kind: 'commit', text: k(s, 'ev.commit', { node, index: e.index ?? 0, term: e.term ?? 0 }) };
      }
      case 'snapshot':
        return { t, kind: 'config', text: k(s, 'ev.snapshot', { node: e.node ?? '?', index: e.index ?? 0 }) };
      case 'crash':
        this.#roles.set(e.node ?? '?', 'down');
        return { t, kind: 'fault', text: k(s, 'ev.crash', { node: e.node ?? '?' }), announce: k(s, 'announce.crash', { node: e.node ?? '?' }) };
      case 'restart':
        this.#roles.set(e.node ?? '?', 'follower');
        return { t, kind: 'fault', text: k(s, 'ev.restart', { node: e.node ?? '?' }), announce: k(s, 'announce.restart', { node: e.node ?? '?' }) };
      case 'partition': {
        const groups = (e.groups ?? []).map((g) => `{${g.join(', ')}}`).join(' | ');
        return { t, kind: 'fault', text: k(s, 'ev.partition', { groups }), announce: k(s, 'announce.partition') };
      }
      case 'heal':
        return { t, kind: 'fault', text: k(s, 'ev.heal'), announce: k(s, 'announce.heal') };
      case 'invoke': {
        const op = { f: e.f ?? 'put', key: e.key ?? '', value: e.value == null ? undefined : String(e.value), consistency: e.consistency };
        if (e.op != null) this.#ops.set(e.op, op);
        return { t, kind: 'client', text: k(s, 'ev.invoke', { what: describeOp(s, op) }) };
      }
      case 'ok': case 'fail': case 'info': {
        const op = e.op != null ? this.#ops.get(e.op) : undefined;
        const what = op ? describeOp(s, op) : `#${e.op}`;
        if (e.type === 'ok') {
          const result = op?.f === 'get' ? k(s, 'ev.okValue', { value: e.value == null ? k(s, 'ev.absent') : isolate(String(e.value)) }) : '';
          return { t, kind: 'client', text: k(s, 'ev.ok', { what, result }) };
        }
        const text = k(s, e.type === 'fail' ? 'ev.fail' : 'ev.info', { what, error: isolate(e.error ?? '') });
        return { t, kind: 'client', text, announce: text };
      }
      case 'config': {
        const sig = `${(e.voters ?? []).join(',')}|${(e.learners ?? []).join(',')}`;
        if (sig === this.#config) return null;
        this.#config = sig;
        return {
          t, kind: 'config',
          text: k(s, 'ev.config', { voters: (e.voters ?? []).join(', ') || '—', learners: (e.learners ?? []).join(', ') || '—' }),
        };
      }
      case 'reject': {
        const text = k(s, 'ev.reject', { reason: isolate(e.reason ?? '', 160) });
        return { t, kind: 'reject', text, announce: text };
      }
      default:
        return null;
    }
  }
}

/** User text inside a sentence, isolated (FSI … PDI, the plain-text <bdi>): a right-to-left override in a key
 *  or a value cannot reorder the widget's own words; very long text is shortened (the request list shows it whole). */
export function isolate(text: string, max = 80): string {
  const short = text.length > max ? `${text.slice(0, max)}…` : text;
  return `\u2068${short}\u2069`;
}

export function describeOp(s: Strings, op: { f: string; key: string; value?: string; consistency?: string }): string {
  if (op.f === 'put') return `put ${isolate(op.key)}=${isolate(op.value ?? '')}`;
  if (op.f === 'get') return `get ${isolate(op.key)} (${k(s, op.consistency === 'serializable' ? 'client.serializable' : 'client.linearizable')})`;
  return `delete ${isolate(op.key)}`;
}

// npm run bench -- etcd-compare
// The engine beside a real etcd 3.4.23 cluster (../shared/etcd-reference/): the same experiments with the
// same timing (heartbeat 100 ms, election timeout 1000 ms; PreVote off as etcd 3.4's default, CheckQuorum on
// as the etcd server always sets it). Prints (a) the fault table for N = 1, 2, 3, 4, 5, 7 row by row with a
// MATCH / MISMATCH column, (b) leader failover times for N = 3 and 5, (c) partitions 2/2 and 2/3, (d) a
// partition heal with PreVote off and on, and (e) where etcd is installed here, the failover, the splits and
// the lost quorum run again on a real etcd started on this machine. Not a test: it prints and exits 0.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Lab, killLeader, median, memberNames, mulberry32, type Outcome } from '../src/experiments/lab.ts';
import { realEtcdAvailable, realFailover, realQuorumLost, realSplits } from './real-etcd.ts';

// The reference data: ETCD_REFERENCE_DIR (docs/ARCHITECTURE.md), default ../shared/etcd-reference from the repository root.
const REF = resolve(import.meta.dirname, '..', process.env.ETCD_REFERENCE_DIR || '../shared/etcd-reference');
/** Failover repetitions per cluster size (the reference has 20; more make the engine's median steadier). */
const REPS = 60;

const fmt = (o: Outcome) => (o.status === 'ok' ? `ok (${Math.round(o.ms)} ms)` : `FAIL (${Math.round(o.ms)} ms)`);
const pad = (s: string | number, n: number) => String(s).padEnd(n);
const stats = (a: number[]) => `${Math.round(Math.min(...a))} / ${median(a).toFixed(1)} / ${Math.round(Math.max(...a))}`;
const names = memberNames;

// ---------------------------------------------------------------------------------------------
// (a) fault table

function faultTable(): { match: number; rows: number } {
  console.log('\n(a) Kill k of N members one at a time, wait 3 s, probe through the highest-numbered survivor (5 s timeout)');
  console.log('    reference: ../shared/etcd-reference/experiments/faults-N*.tsv (etcd 3.4.23); engine: same timing, PreVote off, CheckQuorum on\n');
  const head = `${pad('N', 3)}${pad('k', 3)}${pad('alive', 6)}${pad('victim', 7)}${pad('was leader (etcd/eng)', 22)}${pad('put: etcd | engine', 34)}${pad('lin. get: etcd | engine', 34)}${pad('ser. get: etcd | engine', 34)}result`;
  console.log(head);
  let match = 0;
  let rows = 0;
  let moved = 0;
  for (const N of [1, 2, 3, 4, 5, 7]) {
    const tsv = readFileSync(join(REF, 'experiments', `faults-N${N}.tsv`), 'utf8').trim().split('\n');
    const cols = tsv[0].split('\t');
    const ref = tsv.slice(1).map((line) => {
      const f = line.split('\t');
      const g = (c: string) => f[cols.indexOf(c)];
      return { k: Number(g('k_killed')), alive: Number(g('alive')), victim: g('killed_member'), wasLeader: g('killed_was_leader'), put: [g('put_rc'), g('put_ms')], get: [g('get_rc'), g('get_ms')], sget: [g('sget_rc'), g('sget_ms')] };
    });
    const members = names(N);
    const lab = new Lab(members, 1000 + N);
    lab.until(() => lab.settled(), 30_000, 10);
    lab.wait(1000);
    for (const r of ref) {
      let victimWasLeader = '-';
      if (r.k > 0) {
        const victim = `m${r.k}`;
        // Same leadership as in the reference row: whether the victim led decides whether its kill costs an
        // election. move-leader (transferLeader) first when the engine's election went the other way.
        const cur = lab.leader();
        if (cur !== null && (r.wasLeader === 'yes') !== (cur === victim)) {
          const to = r.wasLeader === 'yes' ? victim : members.filter((m) => m !== victim && lab.sim.node(m)!.up).pop()!;
          lab.do({ action: 'transferLeader', node: to });
          if (lab.until(() => lab.leader() === to && lab.settled(members.filter((m) => lab.sim.node(m)!.up)), 10_000, 10)) moved++;
        }
        victimWasLeader = lab.leader() === victim ? 'yes' : 'no';
        lab.do({ action: 'crash', node: victim });
        lab.wait(3000);
      }
      const via = r.k === N ? `m${N}` : `m${N}`; // the highest-numbered survivor, or the last one killed
      // etcdctl --command-timeout=5s: clientv3 retries a fast error until the deadline.
      const put = lab.callRetrying(() => ({ action: 'put', key: `k${r.k}`, value: `v${r.k}`, node: via, client: `p${r.k}` }), 5000);
      const get = lab.callRetrying(() => ({ action: 'get', key: 'k0', node: via, client: `g${r.k}` }), 5000);
      const sget = lab.callRetrying(() => ({ action: 'get', key: 'k0', consistency: 'serializable', node: via, client: `s${r.k}` }), 5000);
      const refOk = (x: string[]) => x[0] === '0';
      const same = refOk(r.put) === (put.status === 'ok') && refOk(r.get) === (get.status === 'ok') && refOk(r.sget) === (sget.status === 'ok');
      const rf = (x: string[]) => `${refOk(x) ? 'ok' : 'FAIL'} (${x[1]} ms)`;
      rows++;
      if (same) match++;
      console.log(
        `${pad(N, 3)}${pad(r.k, 3)}${pad(r.alive, 6)}${pad(r.k ? `m${r.victim}`.replace('mm', 'm') : '-', 7)}${pad(`${r.wasLeader} / ${victimWasLeader}`, 22)}${pad(`${rf(r.put)} | ${fmt(put)}`, 34)}${pad(`${rf(r.get)} | ${fmt(get)}`, 34)}${pad(`${rf(r.sget)} | ${fmt(sget)}`, 34)}${same ? 'MATCH' : 'MISMATCH'}`,
      );
    }
  }
  console.log(`\n    ${match} of ${rows} rows MATCH (outcome of put, linearizable get and serializable get). The engine's client is`);
  console.log('    driven as etcdctl drives clientv3: a fast "no leader" or "connection refused" is retried until the 5 s deadline.');
  console.log(`    Leadership was moved ${moved} times (transferLeader) so that each victim led, or not, as in the reference row.`);
  return { match, rows };
}

// ---------------------------------------------------------------------------------------------
// (b) leader failover

interface Failover {
  leaderRaw: number;
  leaderPolled: number;
  write: number;
}

function failover(N: number, reps: number, seed: number): Failover[] {
  const phase = mulberry32(seed);
  const members = names(N);
  const lab = new Lab(members, seed, { requestTimeoutMs: 1000 });
  const out: Failover[] = [];
  lab.until(() => lab.settled(), 30_000, 10);
  for (let rep = 0; rep < reps; rep++) {
    // Kill the leader as the reference harness did, polled as it polled (src/experiments/lab.ts).
    const from = lab.roles.length;
    const k = killLeader(lab, phase);
    if (k === null) throw new Error('no leader to kill');
    const { killed, t0, polledMs: polled } = k;
    const survivors = members.filter((m) => m !== killed);
    const became = lab.roles.slice(from).find((r) => r.role === 'leader' && r.t >= t0 && r.node !== killed);
    const leaderRaw = became ? became.t - t0 : NaN;
    // Phase 2: put through the survivors (etcdctl tries its endpoints in order) every 20 ms until one succeeds.
    let write = NaN;
    for (let i = 0; i < 1000; i++) {
      const r = lab.callRetrying(() => ({ action: 'put', key: 'failover', value: `rep${rep}`, node: survivors[0], client: 'failover' }), 1000);
      if (r.status === 'ok') {
        write = lab.now - t0;
        break;
      }
      lab.wait(20);
    }
    out.push({ leaderRaw, leaderPolled: polled, write });
    lab.do({ action: 'restart', node: killed });
  }
  return out;
}

function failoverSection(): { n3: number; n5: number } {
  console.log(`\n(b) Leader failover: kill the leader of a settled cluster (etcd: 20 reps; engine: ${REPS} reps, one cluster each, the killed`);
  console.log('    member restarted between reps). "polled" imitates the reference harness (endpoint status every ≈ 42 ms);');
  console.log('    "raw" is the instant the new leader took office in the engine.\n');
  const ref = JSON.parse(readFileSync(join(REF, 'failover-times.json'), 'utf8'));
  const medians = { n3: 0, n5: 0 };
  console.log(`${pad('N', 3)}${pad('', 22)}${pad('etcd min / median / max ms', 30)}${pad('engine min / median / max ms', 32)}median vs etcd`);
  for (const N of [3, 5] as const) {
    const r = failover(N, REPS, 42 + N);
    const key = `N${N}_default_logger`;
    const rl = ref[key].time_to_new_leader_ms;
    const rw = ref[key].time_to_first_write_ms;
    const polled = r.map((x) => x.leaderPolled);
    const raw = r.map((x) => x.leaderRaw);
    const writes = r.map((x) => x.write);
    const dev = (e: number, x: number) => `${((x / e - 1) * 100).toFixed(1)} %${Math.abs(x / e - 1) <= 0.25 ? ' (within 25 %)' : ' (OUTSIDE 25 %)'}`;
    console.log(`${pad(N, 3)}${pad('new leader (polled)', 22)}${pad(`${rl.min} / ${rl.median.toFixed(1)} / ${rl.max}`, 30)}${pad(stats(polled), 32)}${dev(rl.median, median(polled))}`);
    console.log(`${pad('', 3)}${pad('new leader (raw)', 22)}${pad('-', 30)}${pad(stats(raw), 32)}`);
    console.log(`${pad('', 3)}${pad('first write', 22)}${pad(`${rw.min} / ${rw.median.toFixed(1)} / ${rw.max}`, 30)}${pad(stats(writes), 32)}${dev(rw.median, median(writes))}`);
    if (N === 3) medians.n3 = median(polled);
    else medians.n5 = median(polled);
  }
  return medians;
}

// ---------------------------------------------------------------------------------------------
// (c) partitions

/** Probes every member in turn as the reference harness did: leader seen, put (clientv3 semantics, 5 s), serializable get. */
function probeAll(lab: Lab, ids: string[], tag: string) {
  return ids.map((id) => {
    const v = lab.sim.node(id)!;
    const leader = v.role === 'leader' ? v.id : v.leader;
    const put = lab.callRetrying(() => ({ action: 'put', key: `part-${tag}-${id}`, value: 'x', node: id, client: `c-${tag}-${id}` }), 5000);
    const sget = lab.call({ action: 'get', key: 'k0', consistency: 'serializable', node: id, client: `s-${tag}-${id}` });
    return { id, leader, put, sget };
  });
}

function partitions(): { match: number; rows: number } {
  console.log('\n(c) Partitions (iptables rows of the reference): cut, wait 4 s, probe every member in turn (put with a 5 s timeout,');
  console.log('    retried as clientv3 does, then a serializable get), heal, wait 4 s, probe again. A failed put takes the full 5 s,');
  console.log('    so the cut lasts about as long as the reference\'s (N=4: ≈ 24 s).\n');
  const rows = [
    { N: 4, A: ['m1', 'm2'], B: ['m3', 'm4'], leader: 'm2', refA: 'FAIL', refB: 'FAIL', refAfter: 'm4; RAFT TERM 2 → 22' },
    { N: 5, A: ['m1', 'm2'], B: ['m3', 'm4', 'm5'], leader: 'm1', refA: 'FAIL', refB: 'ok', refAfter: 'not settled 4 s after heal (m5 at term 19 after ≈ 6 s)' },
    { N: 5, A: ['m1', 'm2'], B: ['m3', 'm4', 'm5'], leader: 'm3', refA: 'FAIL', refB: 'ok', refAfter: 'm5; RAFT TERM 3 → 17' },
  ];
  let match = 0;
  let i = 0;
  for (const row of rows) {
    const members = names(row.N);
    const lab = new Lab(members, 700 + i++);
    lab.until(() => lab.settled(), 30_000, 10);
    lab.call({ action: 'put', key: 'k0', value: 'v0', client: 'init' });
    if (lab.leader() !== row.leader) {
      lab.do({ action: 'transferLeader', node: row.leader });
      lab.until(() => lab.leader() === row.leader && lab.settled(), 10_000, 10);
    }
    const before = lab.leader();
    const termBefore = lab.sim.node(before!)!.term;
    lab.do({ action: 'partition', groups: [row.A, row.B] });
    const cutAt = lab.now;
    lab.wait(4000);
    const during = probeAll(lab, members, 'cut');
    const side = (ids: string[]) => during.filter((p) => ids.includes(p.id));
    const sideOk = (ids: string[]) => (side(ids).every((p) => p.put.status === 'ok') ? 'ok' : side(ids).every((p) => p.put.status !== 'ok') ? 'FAIL' : 'mixed');
    const engA = sideOk(row.A);
    const engB = sideOk(row.B);
    const sgetAll = during.every((p) => p.sget.status === 'ok');
    const cutFor = lab.now - cutAt;
    const termsAtHeal = members.map((m) => `${m}:${lab.sim.node(m)!.term}`).join(' ');
    lab.do({ action: 'heal' });
    const healAt = lab.now;
    const settledAt = lab.until(() => lab.settled(), 4000, 10) ? lab.now - healAt : NaN;
    lab.sim.advanceTo(healAt + 4000);
    const after = probeAll(lab, members, 'heal');
    const seen = after.map((p) => `${p.id} saw ${p.leader ?? 'none'}`).join(', ');
    const terms = members.map((m) => `${m}:${lab.sim.node(m)!.term}`).join(' ');
    const ok = engA === row.refA && engB === row.refB && sgetAll;
    if (ok) match++;
    console.log(`N=${row.N} {${row.A.join(' ')}} / {${row.B.join(' ')}}, leader before ${row.leader} (engine: ${before}, term ${termBefore})`);
    console.log(`   side A put   etcd ${pad(row.refA, 6)} engine ${pad(engA, 6)} (${side(row.A).map((p) => `${p.id}: ${fmt(p.put)}`).join(', ')})`);
    console.log(`   side B put   etcd ${pad(row.refB, 6)} engine ${pad(engB, 6)} (${side(row.B).map((p) => `${p.id}: ${fmt(p.put)}`).join(', ')})`);
    console.log(`   serializable get on every member: etcd ok, engine ${sgetAll ? 'ok' : 'FAIL on ' + during.filter((p) => p.sget.status !== 'ok').map((p) => p.id).join(',')}`);
    console.log(`   cut lasted ${(cutFor / 1000).toFixed(1)} s; terms when healed: ${termsAtHeal}`);
    console.log(`   4 s after heal: etcd ${row.refAfter}; engine ${seen}; put after heal: ${after.map((p) => `${p.id} ${p.put.status === 'ok' ? 'ok' : 'FAIL'}`).join(', ')}; all members agreed on one leader ${Number.isNaN(settledAt) ? 'not within 4 s' : `${settledAt} ms after the heal`}; terms ${terms}`);
    console.log(`   => ${ok ? 'MATCH' : 'MISMATCH'}`);
  }
  console.log(`\n    ${match} of ${rows.length} partition rows MATCH (per-side put outcome and serializable gets)`);
  return { match, rows: rows.length };
}

// ---------------------------------------------------------------------------------------------
// (d) partition heal, PreVote off vs on

function healRun(preVote: boolean, seed: number) {
  const members = names(5);
  const lab = new Lab(members, seed, { preVote, requestTimeoutMs: 500 });
  lab.until(() => lab.settled(), 30_000, 10);
  lab.do({ action: 'transferLeader', node: 'm3' });
  lab.until(() => lab.leader() === 'm3' && lab.settled(), 10_000, 10);
  const before = lab.leader();
  lab.do({ action: 'partition', groups: [['m1', 'm2'], ['m3', 'm4', 'm5']] });
  const cut = lab.now;
  const heal = cut + 10_000;
  lab.sim.advanceTo(heal - 2000);
  const attempts: { start: number; end: number; ok: boolean }[] = [];
  let healed = false;
  let v = 0;
  while (lab.now < heal + 10_000) {
    if (!healed && lab.now >= heal) {
      lab.do({ action: 'heal' });
      healed = true;
    }
    const start = lab.now;
    // A put through a majority-side follower (m4, as in the reference), clientv3 semantics, 500 ms timeout.
    const r = lab.callRetrying(() => ({ action: 'put', key: 'heal', value: `a${++v}`, node: 'm4', client: 'prober' }), 500);
    attempts.push({ start: start - heal, end: lab.now - heal, ok: r.status === 'ok' });
    if (!healed && lab.now >= heal) {
      lab.do({ action: 'heal' });
      healed = true;
    }
    lab.wait(20);
  }
  const maxTerm = Math.max(...members.map((m) => lab.sim.node(m)!.term));
  const pre = attempts.filter((a) => a.start < 0);
  const post = attempts.filter((a) => a.start >= 0);
  let gap = 0;
  let gapFrom = 0;
  const oks = attempts.filter((a) => a.ok);
  for (let i = 1; i < oks.length; i++) {
    const g = oks[i].end - oks[i - 1].end;
    if (g > gap) {
      gap = g;
      gapFrom = oks[i - 1].end;
    }
  }
  return { before, after: lab.leader(), maxTerm, preFail: pre.filter((a) => !a.ok).length, pre: pre.length, postFail: post.filter((a) => !a.ok).length, post: post.length, gap, gapFrom };
}

function healSection(): { off: number; on: number } {
  const medians = { off: 0, on: 0 };
  console.log('\n(d) Write availability around a partition heal (N=5, leader m3, {m1 m2} cut for 10 s; put through m4 every ≈ 20 ms,');
  console.log('    500 ms timeout, from 2 s before the heal to 10 s after). Reference: table 3a.\n');
  const ref = JSON.parse(readFileSync(join(REF, 'experiments', 'partition-heal-prevote.json'), 'utf8'));
  console.log(`${pad('pre-vote', 10)}${pad('rep', 5)}${pad('who', 8)}${pad('leader', 12)}${pad('max term', 10)}${pad('failed before', 15)}${pad('failed after', 15)}longest gap between successful puts`);
  for (const pv of [false, true]) {
    const refRows = ref[pv ? 'prevote_on' : 'prevote_off'] as { rep: number; leader_before: string; leader_after: string; max_term_in_logs: number; heal_at_ms: number; attempts_start_end_rc_ms_since_cut: [number, number, number][] }[];
    for (const r of refRows) {
      const h = r.heal_at_ms;
      const at = r.attempts_start_end_rc_ms_since_cut;
      const pre = at.filter((a) => a[0] < h);
      const post = at.filter((a) => a[0] >= h);
      const oks = at.filter((a) => a[2] === 0);
      let gap = 0;
      let from = 0;
      for (let i = 1; i < oks.length; i++) if (oks[i][1] - oks[i - 1][1] > gap) [gap, from] = [oks[i][1] - oks[i - 1][1], oks[i - 1][1] - h];
      console.log(`${pad(pv ? 'on' : 'off', 10)}${pad(r.rep, 5)}${pad('etcd', 8)}${pad(`${r.leader_before} → ${r.leader_after}`, 12)}${pad(r.max_term_in_logs, 10)}${pad(`${pre.filter((a) => a[2] !== 0).length} of ${pre.length}`, 15)}${pad(`${post.filter((a) => a[2] !== 0).length} of ${post.length}`, 15)}${gap} ms (from ${from} ms rel. heal)`);
    }
    const gaps: number[] = [];
    for (let rep = 1; rep <= 5; rep++) {
      const e = healRun(pv, 900 + rep + (pv ? 100 : 0));
      gaps.push(e.gap);
      console.log(`${pad(pv ? 'on' : 'off', 10)}${pad(rep, 5)}${pad('engine', 8)}${pad(`${e.before} → ${e.after}`, 12)}${pad(e.maxTerm, 10)}${pad(`${e.preFail} of ${e.pre}`, 15)}${pad(`${e.postFail} of ${e.post}`, 15)}${Math.round(e.gap)} ms (from ${Math.round(e.gapFrom)} ms rel. heal)`);
    }
    console.log(`${pad('', 10)}engine median longest gap with PreVote ${pv ? 'on' : 'off'}: ${median(gaps)} ms\n`);
    medians[pv ? 'on' : 'off'] = median(gaps);
  }
  console.log('    (the reference\'s ≈ 385 ms gap with PreVote on is the time its harness spent deleting iptables rules; the engine heals at once)');
  return medians;
}

// ---------------------------------------------------------------------------------------------

/** Runs one section; a failure is printed, never fatal (the benchmark prints and exits 0). */
function section<T>(name: string, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    console.log(`\n${name}: could not run: ${(e as Error).stack ?? e}`);
    return undefined;
  }
}

const t0 = performance.now();
const ft = section('(a) fault table', faultTable);
const fo = section('(b) failover', failoverSection);
const pt = section('(c) partitions', partitions);
const hl = section('(d) heal', healSection);
const pct = (x: number, ref: number) => `${((x / ref - 1) * 100).toFixed(1)} %`;

// (e) the same experiments on a real etcd on this machine (npm run lab:etcd's cluster code), when installed.
const REAL_REPS = Number(process.env.REAL_REPS ?? 10);
let real: { n3: number; n5: number } | undefined;
if (realEtcdAvailable()) {
  console.log(`\n(e) The same experiments on a real etcd started on this machine (${REAL_REPS} failovers per size; wall clock)\n`);
  console.log(`${pad('N', 3)}${pad('', 22)}${pad('real etcd here: min / median / max ms', 40)}engine (b) median`);
  real = { n3: 0, n5: 0 };
  for (const N of [3, 5] as const) {
    const r = await realFailover(N, REAL_REPS);
    real[N === 3 ? 'n3' : 'n5'] = median(r.leader);
    const eng = fo ? (N === 3 ? fo.n3 : fo.n5).toFixed(1) : '-';
    console.log(`${pad(N, 3)}${pad('new leader (polled)', 22)}${pad(stats(r.leader), 40)}${eng}`);
    console.log(`${pad('', 3)}${pad('first write', 22)}${pad(stats(r.write), 40)}`);
  }
  for (const s of await realSplits()) console.log(`  split ${s.name}: ${Object.entries(s.puts).map(([n, v]) => `${n} ${v}`).join(', ')}`);
  const lost = await realQuorumLost();
  console.log(`  3 members, 2 crashed: put through ${Object.entries(lost).map(([n, v]) => `${n} ${v}`).join(', ')}`);
} else {
  console.log('\n(e) skipped: no etcd here (apt-get install etcd-server etcd-client, or ETCD_BIN / ETCDCTL_BIN)');
}
console.log('\nSummary');
console.log(`  fault table: ${ft ? `${ft.match}/${ft.rows} rows MATCH` : 'not run'}`);
console.log(`  failover median (polled): ${fo ? `N=3 ${fo.n3.toFixed(1)} ms vs etcd 1233.0 ms (${pct(fo.n3, 1233)}), N=5 ${fo.n5.toFixed(1)} ms vs etcd 1054.5 ms (${pct(fo.n5, 1054.5)}); goal: within 25 %` : 'not run'}`);
console.log(`  partitions: ${pt ? `${pt.match}/${pt.rows} rows MATCH` : 'not run'}`);
console.log(`  heal, longest write gap (median): ${hl ? `PreVote off ${Math.round(hl.off)} ms (etcd 2543 / 2817 / 4948 ms), PreVote on ${Math.round(hl.on)} ms (etcd: none beyond the harness's 385 ms)` : 'not run'}`);
console.log(`  real etcd on this machine, failover median: ${real ? `N=3 ${real.n3.toFixed(1)} ms, N=5 ${real.n5.toFixed(1)} ms (reference: 1233.0 / 1054.5 ms)` : 'not run (no etcd)'}`);
console.log(`  (${((performance.now() - t0) / 1000).toFixed(1)} s wall)`);
process.exit(0);

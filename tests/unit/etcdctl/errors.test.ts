// Engine refusals reach the terminal by their code (src/raft/types.ts REFUSAL_CODES), never by their words.
import { describe, expect, it } from 'vitest';
import { REFUSAL_CODES } from '../../../src/raft/types';
import { etcdError } from '../../../src/etcdctl/errors';
import { lab } from './helpers';

describe('etcdError', () => {
  it('maps every refusal code, the same whatever the engine’s wording', () => {
    for (const code of REFUSAL_CODES) {
      const a = etcdError({ code, reason: 'some wording' });
      const b = etcdError({ code, reason: 'another wording entirely' });
      expect(a.code, code).toBe(b.code);
      if (a.text.startsWith('etcdserver: ')) expect(b.text, code).toBe(a.text);
    }
  });

  it('gives etcd’s texts and gRPC codes for the membership refusals etcdctl shows', () => {
    expect(etcdError({ code: 'unhealthy-cluster', reason: 'x' })).toEqual({ text: 'etcdserver: unhealthy cluster', code: 'Unavailable' });
    expect(etcdError({ code: 'learner-not-in-sync', reason: 'x' })).toEqual({ text: 'etcdserver: can only promote a learner member which is in sync with leader', code: 'FailedPrecondition' });
    expect(etcdError({ code: 'unknown-member', reason: 'unknown node "n9"' })).toEqual({ text: 'etcdserver: member not found', code: 'NotFound' });
    expect(etcdError({ code: 'no-leader', reason: 'x' })).toEqual({ text: 'etcdserver: no leader', code: 'Unavailable' });
  });

  it('shows a simulator limit in its own words, with code Unknown', () => {
    expect(etcdError({ code: 'too-many-members', reason: 'at most 9 members' })).toEqual({ text: 'at most 9 members', code: 'Unknown' });
    expect(etcdError({ code: undefined, reason: 'rejected' })).toEqual({ text: 'rejected', code: 'Unknown' });
  });
});

describe('a refusal through the terminal', () => {
  it('adding a voter while a member is down: the engine refuses (unhealthy-cluster), etcdctl prints etcd’s error', async () => {
    const l = lab();
    expect((await l.run('etcdctl put k v')).out).toEqual(['OK']);
    l.crash('m3');
    const r = await l.run('etcdctl --endpoints=127.0.0.1:22381,127.0.0.1:22382 member add m4 --peer-urls=http://127.0.0.1:22484');
    expect(r.exit).toBe(1);
    expect(r.stderr.at(-1)).toBe('Error: etcdserver: unhealthy cluster');
    expect(r.stderr.some((x) => x.includes('rpc error: code = Unavailable desc = etcdserver: unhealthy cluster'))).toBe(true);
  });
});

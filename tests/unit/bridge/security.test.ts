// The local bridge's gate and input checks (issue 19): each refusal, and what passes.
import { describe, expect, it } from 'vitest';
import { checkRequest } from '../../../src/bridge/security';
import { parseAction, staticFile } from '../../../src/bridge/server';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkEtcdctlArgs } from '../../../src/bridge/etcd';
import { senderOf } from '../../../src/bridge/proxy';
import { bridgeFromLocation } from '../../../src/bridge/protocol';

const gate = { port: 4390, token: 'secret-token-0123456789', origins: ['http://127.0.0.1:4321'] };
const req = (headers: Record<string, string>, method = 'GET') => ({ method, headers });
const good = { host: '127.0.0.1:4390', origin: 'http://127.0.0.1:4321', 'x-quorum-lab-token': gate.token };

describe('bridge gate', () => {
  it('lets a course page with the token through, and answers CORS for its origin', () => {
    expect(checkRequest(gate, req(good))).toEqual({ ok: true, cors: 'http://127.0.0.1:4321' });
    expect(checkRequest(gate, req({ host: 'localhost:4390', 'x-quorum-lab-token': gate.token }))).toEqual({ ok: true, cors: null });
  });
  it('refuses a rebound host name (DNS rebinding)', () => {
    const v = checkRequest(gate, req({ ...good, host: 'attacker.example:4390' }));
    expect(v).toMatchObject({ ok: false, status: 421 });
  });
  it('refuses another site\'s page, even with the token', () => {
    expect(checkRequest(gate, req({ ...good, origin: 'http://evil.example' }))).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest(gate, req({ ...good, origin: 'null' }))).toMatchObject({ ok: false, status: 403 });
  });
  it('refuses a cross-site request that hides its origin', () => {
    const { origin: _o, ...noOrigin } = good;
    expect(checkRequest(gate, req({ ...noOrigin, 'sec-fetch-site': 'cross-site' }))).toMatchObject({ ok: false, status: 403 });
  });
  it('refuses a missing or wrong token', () => {
    const { 'x-quorum-lab-token': _t, ...noToken } = good;
    expect(checkRequest(gate, req(noToken))).toMatchObject({ ok: false, status: 401 });
    expect(checkRequest(gate, req({ ...good, 'x-quorum-lab-token': 'secret-token-0123456788' }))).toMatchObject({ ok: false, status: 401 });
  });
  it('answers a preflight from a course page without the token, never from another site', () => {
    const { 'x-quorum-lab-token': _t, ...preflight } = good;
    expect(checkRequest(gate, req(preflight, 'OPTIONS'))).toMatchObject({ ok: true });
    expect(checkRequest(gate, req({ ...preflight, origin: 'http://evil.example' }, 'OPTIONS'))).toMatchObject({ ok: false });
  });
});

describe('bridge input', () => {
  it('accepts the actions the lab sends', () => {
    expect(parseAction({ action: 'crash', node: 'n1' })).toEqual({ action: 'crash', node: 'n1' });
    expect(parseAction({ action: 'partition', groups: [['n1', 'n2'], ['n3']] })).toEqual({ action: 'partition', groups: [['n1', 'n2'], ['n3']] });
    expect(parseAction({ action: 'get', key: 'k', consistency: 'serializable' })).toMatchObject({ action: 'get', consistency: 'serializable' });
  });
  it('names the field that is wrong', () => {
    expect(parseAction({ action: 'crash', node: '../../etc' })).toMatch(/^node:/);
    expect(parseAction({ action: 'put', key: '', value: 'v' })).toMatch(/^key:/);
    expect(parseAction({ action: 'put', key: 'k', value: 'x'.repeat(70_000) })).toMatch(/^value:/);
    expect(parseAction({ action: 'rm -rf' })).toMatch(/^action:/);
    expect(parseAction(null)).toMatch(/^action:/);
  });
  it('runs only etcdctl subcommands that touch no file', () => {
    expect(checkEtcdctlArgs(['endpoint', 'status', '--cluster', '-w', 'table'])).toBeNull();
    expect(checkEtcdctlArgs(['snapshot', 'save', 'x.db'])).toMatch(/not available/);
    expect(checkEtcdctlArgs(['get', 'k', '--cacert=/etc/ssl/key.pem'])).toMatch(/--cacert is not available/);
    expect(checkEtcdctlArgs(['get', 42])).toMatch(/must be a string/);
    expect(checkEtcdctlArgs([])).toMatch(/1 to 64/);
  });
});

describe('peer proxy', () => {
  it('reads the sender of a raft request, once its header lines are whole', () => {
    const head = 'POST /raft HTTP/1.1\r\nHost: 127.0.0.1:1\r\nX-Peerurls: http://127.0.0.1:40001\r\nX-Server-From: 8e9e05c52164694d\r\n\r\n';
    expect(senderOf(head)).toEqual({ peerUrl: 'http://127.0.0.1:40001', id: '8e9e05c52164694d' });
    expect(senderOf('GET /members HTTP/1.1\r\nHost: x\r\n\r\n')).toEqual({ peerUrl: null, id: null });
    expect(senderOf('POST /raft HTTP/1.1\r\nX-Peerurls: http://127.0.0.1:4000')).toEqual({ peerUrl: null, id: null });
  });
});

describe('lab link', () => {
  it('reads the token from the URL fragment, on a loopback origin only', () => {
    const token = 'abcdefghijklmnopqrstuvwx';
    expect(bridgeFromLocation({ origin: 'http://127.0.0.1:4390', hash: `#token=${token}` })).toEqual({ url: 'http://127.0.0.1:4390', token });
    expect(bridgeFromLocation({ origin: 'https://school.example', hash: `#token=${token}` })).toBeNull();
    expect(bridgeFromLocation({ origin: 'http://127.0.0.1:4390', hash: '#token=short' })).toBeNull();
    expect(bridgeFromLocation({ origin: 'http://127.0.0.1:4390', hash: '#c=abc' })).toBeNull();
  });
});

describe('the course served by the bridge', () => {
  const dist = mkdtempSync(path.join(os.tmpdir(), 'ql-static-'));
  mkdirSync(path.join(dist, 'labo'));
  writeFileSync(path.join(dist, 'labo', 'index.html'), 'lab');
  writeFileSync(path.join(dist, 'index.html'), 'home');
  it('serves pages of the built site, under a base path too', () => {
    expect(staticFile(dist, '/', '/labo/')).toBe(path.join(dist, 'labo', 'index.html'));
    expect(staticFile(dist, '/', '/labo/?x=1#token=abc')).toBe(path.join(dist, 'labo', 'index.html'));
    expect(staticFile(dist, '/quorum-lab/', '/quorum-lab/labo/')).toBe(path.join(dist, 'labo', 'index.html'));
    expect(staticFile(dist, '/', '/')).toBe(path.join(dist, 'index.html'));
  });
  it('never serves a file outside the built site', () => {
    expect(staticFile(dist, '/', '/../../etc/passwd')).toBeNull();
    expect(staticFile(dist, '/', '/%2e%2e/%2e%2e/etc/passwd')).toBeNull();
    expect(staticFile(dist, '/', '/labo/%00')).toBeNull();
    expect(staticFile(dist, '/', '/%E0%A4%A')).toBeNull();
  });
});

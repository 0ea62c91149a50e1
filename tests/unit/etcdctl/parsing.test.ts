// Command-line parsing, usage errors, formatting helpers, completion, and robustness on garbage input.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lab } from './helpers';
import { parseLine, tokenize } from '../../../src/etcdctl/shell';
import { goDuration, hex16, humanizeBytes, parseGoDuration, renderTable, goJSON } from '../../../src/etcdctl/format';
import { complete } from '../../../src/etcdctl/complete';

describe('shell-like parsing', () => {
  it('splits words, honours quotes and escapes, strips the etcdctl prefix', () => {
    expect(parseLine(`etcdctl put "my key" 'a b  c'`)).toMatchObject({ words: ['put', 'my key', 'a b  c'], prefixed: true });
    expect(parseLine('put a\\ b c').words).toEqual(['put', 'a b', 'c']);
    expect(parseLine('ETCDCTL_API=3 etcdctl version')).toMatchObject({ words: ['version'], prefixed: true });
    expect(tokenize('put "unterminated')).toHaveProperty('error');
  });

  it('feeds a value from the pipelines the transcripts use', () => {
    const p = parseLine(`head -c 1600000 /dev/zero | tr '\\0' a | etcdctl put big`);
    expect(p.words).toEqual(['put', 'big']);
    expect(p.stdin?.length).toBe(1600000);
    expect(p.stdin?.startsWith('aaa')).toBe(true);
    expect(parseLine('echo hello | etcdctl put k').stdin).toBe('hello\n');
  });
});

describe('usage errors, as etcdctl prints them', () => {
  it('unknown command: cobra message with a suggestion, exit 1', async () => {
    const r = await lab().run('etcdctl gte foo');
    expect(r.exit).toBe(1);
    expect(r.out).toEqual(['Error: unknown command "gte" for "etcdctl"', '', 'Did you mean this?', '\tget', '', "Run 'etcdctl --help' for usage."]);
  });

  it('unknown flag: the error, then the command usage', async () => {
    const r = await lab().run('etcdctl get foo --bogus');
    expect(r.exit).toBe(1);
    expect(r.out[0]).toBe('Error: unknown flag: --bogus');
    expect(r.out).toContain('NAME:');
    expect(r.out).toContain('\tget - Gets the key or a range of keys');
    const s = await lab().run('etcdctl -x get foo');
    expect(s.out[0]).toBe("Error: unknown shorthand flag: 'x' in -x");
  });

  it('bad flag values and missing arguments', async () => {
    const l = lab();
    expect((await l.run('etcdctl --command-timeout=abc get foo')).out[0]).toBe(
      'Error: invalid argument "abc" for "--command-timeout" flag: time: invalid duration "abc"',
    );
    expect((await l.run('etcdctl --command-timeout=5 get foo')).out[0]).toBe(
      'Error: invalid argument "5" for "--command-timeout" flag: time: missing unit in duration "5"',
    );
    expect((await l.run('etcdctl get foo -w')).out[0]).toBe("Error: flag needs an argument: 'w' in -w");
    const put = await l.run('etcdctl put onlykey');
    expect(put).toMatchObject({ exit: 128, out: ['Error: put command needs 1 argument and input from stdin or 2 arguments'] });
    expect((await l.run('etcdctl get')).out).toEqual(['Error: get command needs one argument as key and an optional argument as range_end']);
    expect((await l.run('etcdctl get foo --consistency=x')).out).toEqual(['Error: unknown consistency flag "x"']);
    expect((await l.run('etcdctl -w xml get foo')).out).toEqual(['Error: unsupported output format']);
    expect((await l.run('etcdctl member remove zz')).out).toEqual([
      'Error: bad member ID arg (strconv.ParseUint: parsing "zz": invalid syntax), expecting ID in Hex',
    ]);
    expect((await l.run('etcdctl member add m4')).out).toEqual(['Error: member peer urls not provided']);
    expect((await l.run('etcdctl get foo -w table')).out).toEqual(['Error: table is not supported as output format']);
  });

  it('a command this terminal does not simulate, and a non-etcdctl word, get a clear message (no exception)', async () => {
    const l = lab();
    const w = await l.run('etcdctl watch foo');
    expect(w.exit).toBe(1);
    expect(w.out[0]).toContain('watch');
    const ls = await l.run('ls -la');
    expect(ls.exit).toBe(127);
    expect(ls.out[0]).toBe('ls: command not found');
  });

  it('help, --help, member, prefix matching, echo $?', async () => {
    const l = lab();
    expect((await l.run('etcdctl put --help')).out.slice(0, 2)).toEqual(['NAME:', '\tput - Puts the given key into the store']);
    expect((await l.run('etcdctl help get')).out[1]).toBe('\tget - Gets the key or a range of keys');
    expect((await l.run('etcdctl member')).out[1]).toBe('\tmember - Membership related commands');
    expect((await l.run('etcdctl mem li')).out.length).toBe(3); // cobra's prefix matching
    await l.run('etcdctl get');
    expect((await l.run('echo $?')).out).toEqual(['128']);
  });

  it('user input is never interpreted: keys and values that look like markup are stored and printed as text', async () => {
    const l = lab();
    const key = '<script>alert(1)</script>';
    expect((await l.run(`etcdctl put '${key}' '<img src=x onerror=alert(2)>'`)).out).toEqual(['OK']);
    expect((await l.run(`etcdctl get '${key}'`)).out).toEqual([key, '<img src=x onerror=alert(2)>']);
    const j = await l.run(`etcdctl get '${key}' -w json`);
    expect(j.out[0]).not.toContain('<');
  });
});

describe('formatting helpers', () => {
  it('renders tablewriter tables exactly (the transcript of member list -w table)', () => {
    const rows = [
      ['58765eee16d1bbc2', 'started', 'm3', 'http://127.0.0.1:22483', 'http://127.0.0.1:22383', 'false'],
      ['9e38708ce27697d9', 'started', 'm2', 'http://127.0.0.1:22482', 'http://127.0.0.1:22382', 'false'],
    ];
    expect(renderTable(['ID', 'Status', 'Name', 'Peer Addrs', 'Client Addrs', 'Is Learner'], rows)).toEqual([
      '+------------------+---------+------+------------------------+------------------------+------------+',
      '|        ID        | STATUS  | NAME |       PEER ADDRS       |      CLIENT ADDRS      | IS LEARNER |',
      '+------------------+---------+------+------------------------+------------------------+------------+',
      '| 58765eee16d1bbc2 | started |   m3 | http://127.0.0.1:22483 | http://127.0.0.1:22383 |      false |',
      '| 9e38708ce27697d9 | started |   m2 | http://127.0.0.1:22482 | http://127.0.0.1:22382 |      false |',
      '+------------------+---------+------+------------------------+------------------------+------------+',
    ]);
  });

  it('prints ids with etcdctl\'s %16x padding quirk, sizes like go-humanize, durations like Go', () => {
    expect(hex16(0x70ed78e974114aen)).toBe(' 70ed78e974114ae');
    expect(hex16(0xe50f37b98c287497n)).toBe('e50f37b98c287497');
    expect(humanizeBytes(20480)).toBe('20 kB');
    expect(humanizeBytes(3000000)).toBe('3.0 MB');
    expect(humanizeBytes(25000)).toBe('25 kB');
    expect(goDuration(4.077902)).toBe('4.077902ms');
    expect(goDuration(12)).toBe('12ms');
    expect(goDuration(5000.5)).toBe('5.0005s');
    expect(parseGoDuration('1m30s')).toEqual({ ms: 90000 });
    expect(goJSON({ a: 18204794492416255761n, b: undefined, c: '<&>' })).toBe('{"a":18204794492416255761,"c":"\\u003c\\u0026\\u003e"}');
  });
});

describe('Tab completion', () => {
  it('completes commands, subcommands, flags and member ids', () => {
    expect(complete('etcdctl pu').line).toBe('etcdctl put ');
    expect(complete('etcdctl member pr').line).toBe('etcdctl member promote ');
    expect(complete('etcdctl end').line).toBe('etcdctl endpoint ');
    expect(complete('etcdctl endpoint ').options).toEqual(['health', 'status']);
    expect(complete('etcdctl get foo --cons').line).toBe('etcdctl get foo --consistency=');
    expect(complete('etcdctl member remove ', { memberIds: ['abc123'] }).line).toBe('etcdctl member remove abc123 ');
    expect(complete('etcdctl m').options).toEqual(['member', 'move-leader']);
    expect(complete('zzz').options).toEqual([]);
  });
});

describe('robustness', () => {
  it('any input line gives output and an exit code, never an exception', async () => {
    const l = lab();
    const words = ['etcdctl', 'put', 'get', 'del', 'member', 'add', 'list', 'remove', 'promote', 'endpoint', 'status', 'health',
      'move-leader', 'help', 'version', '--prefix', '-w', 'json', 'table', '--endpoints=', '--cluster', '--learner', '"', "'", '|', '\\', '--', '-'];
    const line = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.array(fc.oneof(fc.constantFrom(...words), fc.string({ maxLength: 8 })), { maxLength: 8 }).map((a) => a.join(' ')),
    );
    await fc.assert(
      fc.asyncProperty(line, async (s) => {
        const r = await l.ctl.run(s);
        expect(Number.isInteger(r.exitCode)).toBe(true);
        expect(Array.isArray(r.lines)).toBe(true);
        expect(r.lines.every((x) => typeof x.text === 'string')).toBe(true);
      }),
      { numRuns: 150 },
    );
    expect(complete('"').options).toEqual([]);
  });
});

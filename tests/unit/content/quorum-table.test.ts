// The quorum table a learner reads in lesson 06 (and in the lesson 09 summary): rendered by the real
// component, every row must equal the engine's quorum rule, and even sizes must be flagged in words.
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import QuorumTable from '../../../src/components/QuorumTable.astro';
import { quorumSize, toleratedFailures } from '../../../src/raft/quorum';

interface Row { members: number; quorum: number; tolerated: number; note: string; cells: string[] }

const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();

function parseRows(html: string): Row[] {
  const body = /<tbody\b[^>]*>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => {
    const cells = [...m[1].matchAll(/<t[hd]\b[^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => text(c[1]));
    return { members: Number(cells[0]), quorum: Number(cells[1]), tolerated: Number(cells[2]), note: cells[3], cells };
  });
}

let container: AstroContainer;
beforeAll(async () => {
  container = await AstroContainer.create();
});

const render = (props: Record<string, unknown>, url = 'http://localhost/cours/06-combien-de-pannes/') =>
  container.renderToString(QuorumTable, { props, request: new Request(url) });

describe('QuorumTable', () => {
  it('shows, for 1 to 7 members, exactly quorumSize and toleratedFailures', async () => {
    const rows = parseRows(await render({ max: 7 }));
    expect(rows.map((r) => r.members)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const r of rows) {
      expect(r.quorum, `quorum of ${r.members}`).toBe(quorumSize(r.members));
      expect(r.tolerated, `failures tolerated by ${r.members}`).toBe(toleratedFailures(r.members));
    }
  });

  it('keeps the even-number trap: 4 members need 3 votes, not 2, and tolerate no more than 3 members', async () => {
    const rows = parseRows(await render({ max: 7 }));
    const four = rows.find((r) => r.members === 4)!;
    expect(four.quorum).toBe(3);
    expect(four.quorum).not.toBe(Math.ceil(4 / 2));
    expect(four.tolerated).toBe(rows.find((r) => r.members === 3)!.tolerated);
  });

  it('says in words (not only in colour) that even sizes add no tolerance', async () => {
    const rows = parseRows(await render({ max: 7 }));
    for (const r of rows.filter((x) => x.members > 1)) {
      if (r.members % 2 === 0) expect(r.note).toMatch(/^Pair : aucune panne de plus/);
      else expect(r.note).toMatch(/^Impair : une panne de plus/);
    }
    expect(rows[0].note).toMatch(/aucune panne possible/);
    expect(rows.find((r) => r.members === 2)!.note).toContain('1 membre,'); // singular
    expect(rows.find((r) => r.members === 4)!.note).toContain('3 membres');
  });

  it('is an accessible table: caption, column headers and row headers', async () => {
    const html = await render({ max: 7 });
    expect(text(/<caption\b[^>]*>([\s\S]*?)<\/caption>/.exec(html)![1])).toContain('de 1 à 7 membres');
    expect((html.match(/<th scope="col"/g) ?? []).length).toBe(4);
    expect((html.match(/<th scope="row"/g) ?? []).length).toBe(7);
  });

  it('speaks English on English pages', async () => {
    const html = await render({ max: 5 }, 'http://localhost/en/cours/06-combien-de-pannes/');
    expect(html).toContain('Failures tolerated');
    const rows = parseRows(html);
    expect(rows).toHaveLength(5);
    expect(rows[3].note).toMatch(/^Even: no more failures than with 3 members/);
  });

  it('falls back to 7 rows with a visible notice when max is invalid', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    for (const bad of [0, -3, 2.5, 'seven', 1000]) {
      const html = await render({ max: bad });
      expect(parseRows(html)).toHaveLength(7);
      expect(text(html)).toContain('Taille maximale invalide');
    }
    warn.mockRestore();
  });

  it('compact mode (the printed summary) keeps the rule and a short word for even sizes', async () => {
    const rows = parseRows(await render({ max: 7, compact: true }));
    expect(rows.map((r) => [r.quorum, r.tolerated])).toEqual(rows.map((r) => [quorumSize(r.members), toleratedFailures(r.members)]));
    expect(rows.filter((r) => r.members % 2 === 0).every((r) => /^pair : aucun gain$/.test(r.note))).toBe(true);
    expect(rows.filter((r) => r.members % 2 === 1 && r.members > 1).every((r) => /^impair : \+1 panne/.test(r.note))).toBe(true);
  });

  it('renders outside Starlight pages too (the slides), in the language of the URL', async () => {
    // Outside Starlight, reading `starlightRoute` throws: the cast stands for Starlight's locals, which are absent.
    const locals = Object.defineProperty({}, 'starlightRoute', { get() { throw new Error('not a Starlight page'); } }) as App.Locals;
    const html = await container.renderToString(QuorumTable, {
      props: { max: 7 },
      locals,
      request: new Request('http://localhost/en/slides/06-combien-de-pannes/'),
    });
    expect(parseRows(html)).toHaveLength(7);
    expect(html).toContain('Voting members');
  });

  it('renders smaller tables on request', async () => {
    expect(parseRows(await render({ max: 3 })).map((r) => r.quorum)).toEqual([1, 2, 2]);
  });
});

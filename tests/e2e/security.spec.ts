// Security: every page carries a Content Security Policy (hashed inline scripts only, no third-party origin)
// and nothing on the pages violates it (search, islands, slide decks); what a reader types or loads (etcdctl
// terminal, the widget's client, a shared link, an imported progress file) is shown as text and never runs.
import { type Page } from '@playwright/test';
import { BASE, test, expect } from './helpers/base';

const LONG = { timeout: 30_000 };
const PAYLOADS = ['<img src=x onerror=window.__pwned=1>', '"><script>window.__pwned=1</script>', 'javascript:window.__pwned=1'];

/** Record CSP violations, dialogs and whether a payload ran. */
async function guard(page: Page): Promise<{ violations: string[]; dialogs: string[] }> {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.addInitScript(() => {
    (window as unknown as { __violations: string[] }).__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __violations: string[] }).__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  return { violations, dialogs };
}

/** Nothing ran and no markup from a payload reached the DOM. */
async function expectInert(page: Page, seen: { violations: string[]; dialogs: string[] }): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(seen.dialogs).toEqual([]);
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  const scripts = await page.evaluate(() => [...document.scripts].filter((s) => s.textContent?.includes('__pwned')).length);
  expect(scripts).toBe(0);
  expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
}

async function violationsOf(page: Page, seen: { violations: string[] }): Promise<string[]> {
  const inPage = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
  return [...seen.violations, ...inPage];
}

test('the policy is in every page head, before any script, and the _headers file carries it with the other headers', async ({ request }) => {
  for (const path of ['/', '/en/', '/cours/04-raft/', '/labo/', '/slides/03-quorum/', '/progression/']) {
    const html = await (await request.get(path)).text();
    const head = html.slice(0, html.indexOf('</head>'));
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(head);
    expect(meta, path).not.toBeNull();
    const csp = meta![1].replace(/&quot;/g, '"');
    expect(head.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(Math.max(0, head.indexOf('<script')));
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");
    const scriptSrc = /script-src ([^;]+)/.exec(csp)![1];
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    expect(csp).not.toMatch(/https?:\/\//); // no third-party origin
  }
  const headers = await (await request.get('/_headers')).text();
  expect(headers.startsWith(`${BASE}*\n  Content-Security-Policy: default-src 'self'; script-src 'self'`), headers.slice(0, 120)).toBe(true);
  expect(headers).toContain('X-Content-Type-Options: nosniff');
  expect(headers).toContain('Referrer-Policy: strict-origin-when-cross-origin');
  expect(headers).toMatch(/Permissions-Policy: camera=\(\), microphone=\(\), geolocation=\(\)/);
});

test('no CSP violation: lesson with widget and quiz, search, the sandbox, a slide deck', async ({ page }) => {
  const seen = await guard(page);
  await page.goto('/cours/03-quorum/');
  await page.locator('.cluster').first().scrollIntoViewIfNeeded(); // islands hydrate when visible
  await expect(page.locator('.cluster[data-hydrated="true"]').first()).toBeVisible(LONG);
  await page.locator('h1').scrollIntoViewIfNeeded();
  // Search (Pagefind: WebAssembly and a worker).
  await page.getByRole('button', { name: 'Rechercher' }).first().click();
  await page.locator('.pagefind-ui__search-input').fill('quorum');
  await expect(page.locator('.pagefind-ui__result').first()).toBeVisible(LONG);
  expect(await violationsOf(page, seen)).toEqual([]);

  await page.goto('/labo/');
  await expect(page.locator('.cluster[data-hydrated="true"]')).toHaveCount(1, LONG);
  expect(await violationsOf(page, seen)).toEqual([]);

  await page.goto('/slides/03-quorum/');
  await expect(page.locator('.reveal .slides section').first()).toBeAttached(LONG);
  await page.keyboard.press('ArrowRight');
  expect(await violationsOf(page, seen)).toEqual([]);
});

test('etcdctl terminal: keys and values with markup are printed as text', async ({ page }) => {
  const seen = await guard(page);
  await page.goto('/cours/10-aller-plus-loin/');
  const term = page.locator('section.terminal');
  await term.scrollIntoViewIfNeeded();
  await expect(term).toHaveAttribute('data-ready', 'true', LONG);
  const input = term.getByRole('textbox', { name: /etcdctl/ });
  const out = term.locator('pre.scrollback');
  const run = async (line: string) => {
    await input.fill(line);
    await input.press('Enter');
    await expect(term).toHaveAttribute('data-busy', 'false', LONG);
  };
  await run(`etcdctl put '${PAYLOADS[0]}' '${PAYLOADS[1]}'`);
  await run(`etcdctl get '${PAYLOADS[0]}'`);
  await run(PAYLOADS[1]); // not a command at all
  await run(`etcdctl put k '${PAYLOADS[2]}'`);
  const text = (await out.textContent()) ?? '';
  expect(text).toContain(`${PAYLOADS[0]}\n${PAYLOADS[1]}\n`); // get prints key then value, verbatim
  expect(text).toContain(PAYLOADS[2]);
  await expectInert(page, seen);
});

test("the widget's client: a key and value with markup are shown as text", async ({ page }) => {
  const seen = await guard(page);
  await page.goto('/labo/?speed=10');
  const w = page.locator('.cluster[data-hydrated="true"]');
  await expect(w).toHaveCount(1, LONG);
  await expect(w.locator('[data-node-card][data-role="leader"]')).toHaveCount(1, LONG);
  await w.getByLabel('Clé').fill(PAYLOADS[0]);
  await w.getByLabel('Valeur').fill(PAYLOADS[1]);
  await w.getByRole('button', { name: 'Envoyer' }).click();
  await expect(w.getByTestId('op').first()).toHaveAttribute('data-status', 'ok', LONG);
  await expect(w.getByTestId('op').first()).toContainText(PAYLOADS[0]);
  await expect(w).toContainText(PAYLOADS[1]);
  await expectInert(page, seen);
});

test('a shared link carrying markup in keys and values: shown as text, and a hostile code is refused', async ({ page }) => {
  const seen = await guard(page);
  const state = {
    v: 1,
    t: 3000,
    s: { seed: 1, members: ['n1', 'n2', 'n3'], until: 3_600_000, events: [{ at: 2000, action: 'put', key: PAYLOADS[0], value: PAYLOADS[1] }] },
    i: [{ at: 2500, action: 'put', key: PAYLOADS[1], value: PAYLOADS[2] }],
  };
  const code = 'j' + Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
  await page.goto(`/labo/?c=${code}`);
  const w = page.locator('.cluster[data-hydrated="true"]');
  await expect(w).toHaveCount(1, LONG);
  await expect(w.getByTestId('clock')).not.toHaveText(/^0/, LONG);
  await expect(w).toContainText(PAYLOADS[0], LONG);
  await expectInert(page, seen);

  // A code that is markup itself: refused with a notice, the default cluster instead.
  await page.goto(`/labo/?c=${encodeURIComponent(PAYLOADS[1])}`);
  await expect(page.locator('.cluster[data-hydrated="true"]')).toHaveCount(1, LONG);
  await expect(page.locator('.cluster [data-node-card]')).toHaveCount(3);
  await expectInert(page, seen);
});

test('an imported progress file with markup in its ids: refused or shown as text, never run', async ({ page }) => {
  const seen = await guard(page);
  await page.goto('/progression/');
  const input = page.getByTestId('progress-import');
  // The field is disabled until the island hydrates: a file set before then would be dropped.
  await expect(input).toBeEnabled(LONG);
  const files = [
    { version: 1, exercises: { [PAYLOADS[0]]: { doneAt: '2026-01-02T10:00:00.000Z' } }, quiz: {} },
    { version: 1, exercises: {}, quiz: { [PAYLOADS[1]]: { q1: { choice: 1, correct: true } } } },
    { version: 1, exercises: { x: { doneAt: PAYLOADS[0] } }, quiz: {} },
    { version: PAYLOADS[1], exercises: {}, quiz: {} },
  ];
  for (const f of files) {
    await input.setInputFiles({ name: `${PAYLOADS[0]}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(f)) });
    await expect(page.locator('[data-testid="progress-error"]:not(:empty), [data-testid="progress-message"]:not(:empty)').first()).toBeVisible(LONG);
    await expectInert(page, seen);
  }
  await expect(page.getByTestId('progress-summary')).toContainText(/ sur \d+/);
});

test('lesson 09 print button works without an inline handler (the CSP would block one)', async ({ page }) => {
  const seen = await guard(page);
  await page.addInitScript(() => {
    window.print = () => {
      (window as unknown as { __printed: string }).__printed = document.documentElement.dataset.print ?? '';
    };
  });
  await page.goto('/cours/09-conclusion/');
  const button = page.getByRole('button', { name: 'Imprimer la fiche' });
  expect(await button.getAttribute('onclick')).toBeNull();
  await button.click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { __printed?: string }).__printed)).toBe('resume');
  expect(await page.evaluate(() => document.documentElement.dataset.print)).toBeUndefined();
  expect(await violationsOf(page, seen)).toEqual([]);
});

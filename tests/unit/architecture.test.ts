// The layering of docs/ARCHITECTURE.md, checked rather than kept by habit:
//
//   src/raft ← src/scenarios ← src/widgets, src/progress, src/etcdctl ← src/components, layouts ← src/content ← src/pages
//
// Every import of every source file (TypeScript, Astro frontmatter and scripts, Svelte scripts, MDX) is parsed
// with the TypeScript scanner and checked against the table below; the engine is also searched for the globals
// that would break determinism (Date, Math.random, performance, timers, DOM, I/O). The DOM and Node typings are
// kept out of the engine by tsconfig.raft.json (`npm run check:raft`). Planted violations at the end prove the
// rules can fail, so the check on the real tree cannot pass vacuously.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** The area a repository path belongs to: `raft`, `widgets`, `content`… (src/content.config.ts counts as content). */
type Area = string;

/** Which other areas of src/ each area may import (its own files are always allowed). Anything not listed: no. */
const MAY_IMPORT: Record<Area, readonly Area[]> = {
  raft: [],
  checker: ['raft'],
  scenarios: ['raft'],
  // Pure TypeScript on top of the engine, below the islands (the diagram's middle row, with the exercise catalogue).
  progress: ['raft', 'scenarios', 'i18n'],
  etcdctl: ['raft', 'scenarios'],
  // The engine driven as the reference measurements drove etcd (charts at build time, bench/etcd-compare).
  experiments: ['raft'],
  exercises: ['raft', 'scenarios', 'checker'],
  i18n: [],
  // The real-cluster bridge (Node: etcd processes, proxies, HTTP on loopback) imports nothing of the site;
  // islands use its browser-safe protocol.ts only.
  bridge: [],
  // Islands: strings arrive translated; they may use src/i18n/format.ts only (see WIDGET_I18N below).
  widgets: ['raft', 'scenarios', 'checker', 'progress', 'etcdctl', 'exercises', 'i18n', 'bridge'],
  lib: ['raft', 'scenarios', 'i18n', 'exercises'],
  styles: [],
  assets: [],
  components: ['raft', 'scenarios', 'checker', 'progress', 'etcdctl', 'exercises', 'experiments', 'widgets', 'i18n', 'lib', 'styles', 'assets'],
  layouts: ['raft', 'scenarios', 'progress', 'exercises', 'widgets', 'components', 'i18n', 'lib', 'styles', 'assets'],
  content: ['raft', 'scenarios', 'exercises', 'components', 'layouts', 'i18n', 'lib', 'styles', 'assets'],
  pages: ['raft', 'scenarios', 'progress', 'exercises', 'widgets', 'components', 'layouts', 'content', 'i18n', 'lib', 'styles', 'assets'],
};

/** The only file of src/i18n an island may import: the i18next-free formatter. */
const WIDGET_I18N = 'src/i18n/format.ts';
/** The only file of src/bridge an island may import: the browser-safe protocol (the rest runs in Node). */
const WIDGET_BRIDGE = 'src/bridge/protocol.ts';
/** Areas that run in the browser or must stay framework-free: no Astro, no content collections, no i18next, no Node I/O. */
const PLAIN = new Set(['raft', 'checker', 'scenarios', 'progress', 'etcdctl', 'exercises', 'experiments', 'widgets']);
/** Package imports an area may never make (prefix match on the specifier). */
const FORBIDDEN_PACKAGES = ['astro', 'astro:', '@astrojs/', 'i18next', 'node:', 'fs', 'path', 'child_process'];
/** Globals the engine must not touch: wall-clock time, randomness, timers, the DOM, I/O. */
const ENGINE_GLOBALS = new Set([
  'Date', 'performance', 'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval',
  'queueMicrotask', 'requestAnimationFrame', 'window', 'document', 'navigator', 'localStorage', 'sessionStorage',
  'fetch', 'XMLHttpRequest', 'WebSocket', 'process', 'require', 'globalThis', 'self', 'crypto', 'console',
]);

/** Longest source file (lines; data such as JSON and lessons aside). */
const MAX_LINES = 550;
/** Files over the limit that are being split (issue 16): they may shrink, never grow. Remove an entry once split. */
const AWAITING_SPLIT: Record<string, number> = {};
/** Data, not code: bilingual texts. */
const DATA_FILES = new Set(['src/exercises/text.ts']);

export interface SourceFile { path: string; text: string }
export interface Violation { file: string; rule: string; detail: string }

/** The script parts of a file, as TypeScript text (imports only matter there). */
function scriptOf(file: SourceFile): string {
  const { path, text } = file;
  const scripts = () => [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => m[1]).join('\n');
  if (path.endsWith('.astro')) return (/^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? '') + '\n' + scripts();
  if (path.endsWith('.svelte')) return scripts();
  // MDX: ESM lines (import/export) at the start of a line, outside code fences.
  if (path.endsWith('.mdx') || path.endsWith('.md')) {
    const out: string[] = [];
    let fence = false;
    for (const line of text.split('\n')) {
      if (/^\s*(```|~~~)/.test(line)) fence = !fence;
      else if (!fence && /^(import|export)\s/.test(line)) out.push(line);
    }
    return out.join('\n');
  }
  return text;
}

/** Every module specifier a file imports (static, type-only, re-exports and dynamic `import('…')`). */
export function importsOf(file: SourceFile): string[] {
  return ts.preProcessFile(scriptOf(file), true, true).importedFiles.map((f) => f.fileName);
}

function areaOf(path: string): Area | null {
  const parts = path.split('/');
  if (parts[0] !== 'src') return null;
  if (parts.length === 2) return parts[1].startsWith('content.config') ? 'content' : null;
  return parts[1];
}

/** Resolve a relative specifier against the importing file (repository-relative, posix). */
function resolveRelative(from: string, spec: string): string {
  return posix.normalize(posix.join(posix.dirname(from), spec));
}

function engineGlobals(file: SourceFile): string[] {
  const sf = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && ENGINE_GLOBALS.has(node.text)) {
      const p = node.parent;
      // `x.Date`, `{ Date: … }`, `Date` as a declared name of our own: not the global.
      const isMember = (ts.isPropertyAccessExpression(p) && p.name === node) || (ts.isPropertyAssignment(p) && p.name === node)
        || ((ts.isPropertySignature(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isMethodSignature(p)) && p.name === node);
      if (!isMember) found.push(`${node.text} (line ${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1})`);
    }
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Math' && node.name.text === 'random') {
      found.push(`Math.random (line ${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1})`);
    }
    if (ts.isElementAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Math') {
      found.push(`Math[…] (line ${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1})`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** Every broken rule in a set of files (paths relative to the repository root, posix separators). */
export function checkArchitecture(files: readonly SourceFile[]): Violation[] {
  const out: Violation[] = [];
  for (const file of files) {
    const from = areaOf(file.path);
    for (const spec of importsOf(file)) {
      const target = spec.startsWith('.') ? resolveRelative(file.path, spec) : spec.startsWith('/src/') ? spec.slice(1) : null;
      if (target === null) {
        // A package (or a virtual module).
        if (from === 'raft') out.push({ file: file.path, rule: 'the engine imports nothing from outside src/raft', detail: spec });
        else if (from && PLAIN.has(from) && FORBIDDEN_PACKAGES.some((p) => spec === p || spec.startsWith(p.endsWith(':') || p.endsWith('/') ? p : `${p}/`)))
          out.push({ file: file.path, rule: `src/${from} imports no Astro, content, i18next or Node I/O`, detail: spec });
        else if (spec === 'i18next' && file.path !== 'src/i18n/index.ts')
          out.push({ file: file.path, rule: 'i18next only in src/i18n/index.ts', detail: spec });
        continue;
      }
      const to = areaOf(target);
      if (to === 'pages' && from !== 'pages') {
        out.push({ file: file.path, rule: 'nothing imports src/pages', detail: spec });
        continue;
      }
      if (from === null) continue; // tests, scripts, integrations may import any layer but pages
      if (from === 'raft' && to !== 'raft') {
        out.push({ file: file.path, rule: 'the engine imports nothing from outside src/raft', detail: spec });
        continue;
      }
      if (to === null || to === from) continue;
      if (!MAY_IMPORT[from]?.includes(to)) {
        out.push({ file: file.path, rule: `src/${from} may not import src/${to} (docs/ARCHITECTURE.md)`, detail: spec });
        continue;
      }
      if ((from === 'widgets' || from === 'progress') && to === 'i18n' && target.replace(/\.ts$/, '') !== WIDGET_I18N.replace(/\.ts$/, '')) {
        out.push({ file: file.path, rule: `islands use ${WIDGET_I18N} only, never i18next`, detail: spec });
      }
      if (from === 'widgets' && to === 'bridge' && target.replace(/\.ts$/, '') !== WIDGET_BRIDGE.replace(/\.ts$/, '')) {
        out.push({ file: file.path, rule: `islands use ${WIDGET_BRIDGE} only of the bridge`, detail: spec });
      }
    }
    if (from === 'raft' && /\.(ts|mts)$/.test(file.path)) {
      for (const g of engineGlobals(file)) out.push({ file: file.path, rule: 'the engine is deterministic: no clock, randomness, timers, DOM or I/O', detail: g });
    }
  }
  return out;
}

const SOURCE = /\.(ts|mts|js|mjs|astro|svelte|mdx|md)$/;
function walk(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const p = `${dir}/${name}`;
    return statSync(join(ROOT, p)).isDirectory() ? walk(p) : SOURCE.test(name) ? [p] : [];
  });
}
const read = (paths: string[]): SourceFile[] => paths.map((path) => ({ path, text: readFileSync(join(ROOT, path), 'utf8') }));

describe('architecture (docs/ARCHITECTURE.md, checked)', () => {
  const src = read(walk('src'));

  it('reads the whole source tree, every layer of the diagram included', () => {
    const areas = new Set(src.map((f) => areaOf(f.path)));
    for (const a of ['raft', 'scenarios', 'widgets', 'progress', 'etcdctl', 'components', 'layouts', 'content', 'pages']) expect(areas).toContain(a);
    // Every area found has a row in the table: a new folder makes someone decide where it sits.
    expect([...areas].filter((a) => a !== null && !(a in MAY_IMPORT))).toEqual([]);
    // The parser sees imports in each kind of file (else the check below would pass on nothing).
    for (const ext of ['.ts', '.astro', '.svelte', '.mdx']) {
      expect(src.filter((f) => f.path.endsWith(ext)).some((f) => importsOf(f).length > 0), ext).toBe(true);
    }
  });

  it('src/ follows the arrows of the diagram, the engine stays pure, islands stay free of Astro and i18next', () => {
    expect(checkArchitecture(src)).toEqual([]);
  });

  it('keeps source files small enough to read: about 500 lines at most (a few awaiting their split may not grow)', () => {
    const over = src
      .filter((f) => /\.(ts|mts|mjs|svelte|astro)$/.test(f.path))
      .map((f) => ({ path: f.path, lines: f.text.split('\n').length }))
      .filter((f) => !DATA_FILES.has(f.path) && f.lines > (AWAITING_SPLIT[f.path] ?? MAX_LINES))
      .map((f) => `${f.path}: ${f.lines} lines`);
    expect(over).toEqual([]);
  });

  it('no test, script or integration imports a page', () => {
    const others = read(['tests', 'scripts', 'bench', 'integrations'].flatMap((d) => {
      try { return walk(d); } catch { return []; }
    }));
    expect(checkArchitecture(others)).toEqual([]);
  });

  it('end-to-end specs take test and expect from helpers/base.ts, so that every one of them runs under a base path', () => {
    const specs = read(walk('tests/e2e').filter((p) => p.endsWith('.spec.ts') && !p.endsWith('subpath.spec.ts')));
    expect(specs.length).toBeGreaterThan(5);
    const straight = specs.filter((f) => /import\s*\{([^}]*)\}\s*from\s*'@playwright\/test'/.exec(f.text)?.[1].split(',').some((n) => /^\s*(test|expect)\s*$/.test(n)));
    expect(straight.map((f) => f.path)).toEqual([]);
  });
});

describe('the architecture check fails on planted violations', () => {
  const cases: [string, SourceFile, string][] = [
    ['an engine import from outside', { path: 'src/raft/x.ts', text: "import { parseScenario } from '../scenarios';" }, 'src/raft'],
    ['an engine package import', { path: 'src/raft/x.ts', text: "import { readFileSync } from 'node:fs';" }, 'src/raft'],
    ['a type-only engine import from outside', { path: 'src/raft/x.ts', text: "import type { Strings } from '../i18n/format';" }, 'src/raft'],
    ['a dynamic engine import', { path: 'src/raft/x.ts', text: "const m = await import('../widgets/registry');" }, 'src/raft'],
    ['Date in the engine', { path: 'src/raft/x.ts', text: 'export const t = Date.now();' }, 'deterministic'],
    ['new Date in the engine', { path: 'src/raft/x.ts', text: 'export const t = new Date();' }, 'deterministic'],
    ['Math.random in the engine', { path: 'src/raft/x.ts', text: 'export const r = Math.random();' }, 'deterministic'],
    ['performance in the engine', { path: 'src/raft/x.ts', text: 'export const t = performance.now();' }, 'deterministic'],
    ['a timer in the engine', { path: 'src/raft/x.ts', text: 'setTimeout(() => {}, 10);' }, 'deterministic'],
    ['the DOM in the engine', { path: 'src/raft/x.ts', text: 'export const w = window.innerWidth;' }, 'deterministic'],
    ['an island importing astro:content', { path: 'src/widgets/x/Y.svelte', text: "<script lang=\"ts\">\n  import { getCollection } from 'astro:content';\n</script>" }, 'no Astro'],
    ['an island importing i18next', { path: 'src/widgets/x/y.ts', text: "import i18next from 'i18next';" }, 'no Astro'],
    ['an island importing astro', { path: 'src/widgets/x/y.ts', text: "import type { AstroGlobal } from 'astro';" }, 'no Astro'],
    ['an island importing the build-time i18n', { path: 'src/widgets/x/y.ts', text: "import { useT } from '../../i18n/index';" }, 'src/i18n/format.ts only'],
    ['an island importing the Node side of the bridge', { path: 'src/widgets/x/y.ts', text: "import { startLab } from '../../bridge/server';" }, 'src/bridge/protocol.ts only'],
    ['an island importing a component', { path: 'src/widgets/x/y.ts', text: "import C from '../../components/Cluster.astro';" }, 'src/widgets may not import src/components'],
    ['the engine layer below importing an island', { path: 'src/scenarios/x.ts', text: "import { registerCluster } from '../widgets/registry';" }, 'src/scenarios may not import src/widgets'],
    ['etcdctl importing progress', { path: 'src/etcdctl/x.ts', text: "export { loadProgress } from '../progress/store';" }, 'src/etcdctl may not import src/progress'],
    ['a component importing a page', { path: 'src/components/X.astro', text: "---\nimport P from '../pages/en/index.astro';\n---\n<P />" }, 'nothing imports src/pages'],
    ['a lesson importing a page', { path: 'src/content/docs/cours/99-x.mdx', text: "---\ntitle: x\n---\nimport P from '../../../pages/slides/index.astro';\n\n<P />" }, 'nothing imports src/pages'],
    ['a test importing a page', { path: 'tests/unit/x.test.ts', text: "import P from '../../src/pages/slides/index.astro';" }, 'nothing imports src/pages'],
    ['i18next outside src/i18n/index.ts', { path: 'src/lib/x.ts', text: "import i18next from 'i18next';" }, 'i18next only'],
    ['a component importing a lesson', { path: 'src/components/X.astro', text: "---\nimport L from '../content/docs/cours/01-etcd.mdx';\n---" }, 'src/components may not import src/content'],
  ];
  for (const [name, file, rule] of cases) {
    it(`rejects ${name}`, () => {
      const v = checkArchitecture([file]);
      expect(v.map((x) => x.rule).join(' | ')).toContain(rule);
    });
  }

  it('accepts what the rules allow (members named like globals, comments, imports inside code fences)', () => {
    expect(checkArchitecture([
      { path: 'src/raft/x.ts', text: "// Date.now() would break determinism\nimport { a } from './y';\nexport const o = { Date: 1, performance: a.performance };" },
      { path: 'src/widgets/x/y.ts', text: "import { fmt } from '../../i18n/format';\nimport { Simulation } from '../../raft';" },
      { path: 'src/content/docs/cours/99-x.mdx', text: "import Q from '../../../components/Quiz.astro';\n\n```ts\nimport P from '../../../pages/x.astro';\n```" },
    ])).toEqual([]);
  });
});

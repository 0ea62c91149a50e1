// Helpers that read a lesson's MDX source as an author writes it: frontmatter, exercise ids, quizzes.
// Shared by the unit tests and the e2e spec (no test-runner import here).
import { quorumSize, toleratedFailures } from '../../../src/raft/quorum';

export function frontmatter(src: string): Record<string, string | string[]> {
  const m = /^---\n([\s\S]*?)\n---/.exec(src);
  const out: Record<string, string | string[]> = {};
  if (!m) return out;
  let key = '';
  for (const line of m[1].split('\n')) {
    const kv = /^([\w-]+):\s*(.*)$/.exec(line);
    if (kv) { key = kv[1]; out[key] = kv[2] === '' ? [] : kv[2].replace(/^"(.*)"$/, '$1'); continue; }
    const item = /^\s+-\s+"?(.*?)"?\s*$/.exec(line);
    if (item && Array.isArray(out[key])) (out[key] as string[]).push(item[1]);
  }
  return out;
}

export const exerciseIds = (src: string) => [...src.matchAll(/<Exercise\s+id="([^"]+)"/g)].map((m) => m[1]).sort();
export const quizIds = (src: string) => [...src.matchAll(/<Quiz\s+id="([^"]+)"/g)].map((m) => m[1]).sort();

export interface Question { q: string; choices: string[]; answer: number; explain: string[] }
/** Evaluates the `questions={[…]}` literal of each <Quiz>, with the quorum functions in scope. */
export function quizzes(src: string): { id: string; questions: Question[] }[] {
  const out: { id: string; questions: Question[] }[] = [];
  for (const m of src.matchAll(/<Quiz\s+id="([^"]+)"\s+questions=\{/g)) {
    let depth = 1;
    let k = m.index! + m[0].length;
    const start = k;
    for (; k < src.length && depth > 0; k++) {
      const c = src[k];
      if (c === '"' || c === "'" || c === '`') { // skip string literals (they may contain braces)
        const q = c;
        for (k++; k < src.length && src[k] !== q; k++) if (src[k] === '\\') k++;
        continue;
      }
      if (c === '{') depth++;
      if (c === '}') depth--;
    }
    const expr = src.slice(start, k - 1);
    const questions = new Function('quorumSize', 'toleratedFailures', `return (${expr});`)(quorumSize, toleratedFailures);
    out.push({ id: m[1], questions });
  }
  return out;
}


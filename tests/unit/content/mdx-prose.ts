// A tiny MDX lexer for content tests: it tells which characters of a lesson are prose a reader sees
// (text, frontmatter values, JSX string literals such as quiz questions and captions) and which are code
// (fenced and inline code, imports/exports, JSX expressions and tag syntax, <style> and <script> elements, URLs).
// Positions are preserved.

/** Returns a boolean per character: true where the character is prose. */
export function proseMask(src: string): boolean[] {
  const mask = new Array<boolean>(src.length).fill(false);
  const lines = src.split('\n');
  let offset = 0;
  let inFence = false;
  let fenceMarker = '';
  let inFrontmatter = false;
  let inExport = false;
  const proseRanges: [number, number][] = []; // text regions handed to the inline lexer
  lines.forEach((line, i) => {
    const start = offset;
    offset += line.length + 1;
    if (i === 0 && line.trim() === '---') { inFrontmatter = true; return; }
    if (inFrontmatter) {
      if (line.trim() === '---') { inFrontmatter = false; return; }
      // key: "value"  |  - "item"  — only the value is prose (YAML quotes excluded).
      const m = /^(\s*(?:[\w-]+:|-)\s*)(["']?)(.*?)(\2)\s*$/.exec(line);
      if (m) {
        const from = start + m[1].length + m[2].length;
        for (let k = from; k < from + m[3].length; k++) mask[k] = true;
      }
      return;
    }
    const fence = /^\s*(```+|~~~+)/.exec(line);
    if (fence) {
      if (!inFence) { inFence = true; fenceMarker = fence[1][0]; return; }
      if (fence[1][0] === fenceMarker) { inFence = false; return; }
    }
    if (inFence) return;
    if (/^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/.test(line) && line.includes('-')) return; // table delimiter row
    if (/^(import|export)\s/.test(line)) { inExport = !/;\s*$/.test(line) && line.startsWith('export'); return; }
    if (inExport) { if (/;\s*$/.test(line) || line.trim() === '') inExport = false; return; }
    proseRanges.push([start, start + line.length + 1]);
  });
  // Inline lexer over the remaining text (state carries across lines: JSX blocks span lines).
  const stack: ('text' | 'tag' | 'expr' | 'tpl')[] = ['text'];
  const inRange = new Array<boolean>(src.length).fill(false);
  for (const [a, b] of proseRanges) for (let k = a; k < Math.min(b, src.length); k++) inRange[k] = true;
  let k = 0;
  while (k < src.length) {
    if (!inRange[k]) { k++; continue; }
    const c = src[k];
    const top = stack[stack.length - 1];
    if (top === 'text') {
      if (c === '`') { // inline code
        const end = src.indexOf('`', k + 1);
        k = end === -1 ? src.length : end + 1;
        continue;
      }
      const url = /^https?:\/\/[^\s)>\]]+/.exec(src.slice(k, k + 300));
      if (url) { k += url[0].length; continue; }
      if (c === ']' && src[k + 1] === '(') { // markdown link destination
        const end = src.indexOf(')', k);
        k = end === -1 ? src.length : end + 1;
        continue;
      }
      if (c === '{') { stack.push('expr'); k++; continue; }
      const raw = /^<(style|script)\b/.exec(src.slice(k, k + 8)); // CSS or script, even as a {`…`} literal
      if (raw) {
        const end = src.indexOf(`</${raw[1]}>`, k);
        k = end === -1 ? src.length : end + raw[1].length + 3;
        continue;
      }
      if (c === '<' && /[A-Za-z/!]/.test(src[k + 1] ?? '')) { stack.push('tag'); k++; continue; }
      mask[k] = true; k++; continue;
    }
    if (top === 'tag') {
      if (c === '>') { stack.pop(); k++; continue; }
      if (c === '{') { stack.push('expr'); k++; continue; }
      if (c === '"' || c === "'") { k = stringLiteral(src, k, mask, true); continue; } // may span lines (notes="…")
      k++; continue;
    }
    if (top === 'expr') {
      if (c === '}') { stack.pop(); k++; continue; }
      if (c === '{') { stack.push('expr'); k++; continue; }
      if (c === '"' || c === "'") { k = stringLiteral(src, k, mask); continue; }
      if (c === '`') { stack.push('tpl'); k++; continue; }
      if (c === '<' && /[A-Za-z/]/.test(src[k + 1] ?? '')) { stack.push('tag'); k++; continue; }
      k++; continue;
    }
    // template literal
    if (c === '\\') { mask[k] = mask[k + 1] = true; k += 2; continue; }
    if (c === '`') { stack.pop(); k++; continue; }
    if (c === '$' && src[k + 1] === '{') { stack.push('expr'); k += 2; continue; }
    mask[k] = true; k++;
  }
  return mask;
}

/** A string literal from its opening quote; a JSX attribute value (multiline) runs over line ends, a JS one stops. */
function stringLiteral(src: string, k: number, mask: boolean[], multiline = false): number {
  const q = src[k];
  let j = k + 1;
  while (j < src.length && src[j] !== q) {
    if (src[j] === '\\' && !multiline) { mask[j] = mask[j + 1] = true; j += 2; continue; }
    if (src[j] === '\n' && !multiline) break;
    mask[j] = true; j++;
  }
  return j + 1;
}

export interface TypoError { line: number; column: number; rule: string; excerpt: string }

const NBSP = '\u00A0\u202F';

/** French typography: no ASCII space before ; : ! ? (the site's no-break spaces: U+202F before ; ! ?, U+00A0
 *  before : and inside « »), no-break spaces inside « », no straight double quotes, no
 *  straight apostrophe (’ in French), in every prose character: text, frontmatter values and JSX string and
 *  template literals (quiz questions, choices and explanations). */
export function frenchTypographyErrors(src: string): TypoError[] {
  const mask = proseMask(src);
  const errors: TypoError[] = [];
  const report = (pos: number, rule: string) => {
    const before = src.slice(0, pos);
    const line = before.split('\n').length;
    const column = pos - before.lastIndexOf('\n');
    errors.push({ line, column, rule, excerpt: src.slice(Math.max(0, pos - 25), pos + 15).replace(/\n/g, '⏎') });
  };
  for (let k = 0; k < src.length; k++) {
    if (!mask[k]) continue;
    const c = src[k];
    if (';:!?'.includes(c) && k > 0 && mask[k - 1] && (src[k - 1] === ' ' || src[k - 1] === '\t')) report(k, `ASCII space before "${c}" (use a no-break space)`);
    if (';!?'.includes(c) && k > 0 && src[k - 1] === '\u00A0') report(k, `wide no-break space before "${c}" (the site uses the narrow U+202F before ; ! ?)`);
    if (c === '«' && !NBSP.includes(src[k + 1] ?? '')) report(k, 'no no-break space after «');
    if (c === '»' && !NBSP.includes(src[k - 1] ?? '')) report(k, 'no no-break space before »');
    if (c === '"') report(k, 'straight double quote in French prose (use « »)');
    if (c === "'") report(k, 'straight apostrophe in French prose (use ’)');
  }
  return errors;
}

/** English typography: the apostrophe is ’ (as in the English lessons since lesson 05), quiz strings included. */
export function englishTypographyErrors(src: string): TypoError[] {
  const mask = proseMask(src);
  const errors: TypoError[] = [];
  for (let k = 0; k < src.length; k++) {
    if (!mask[k] || src[k] !== "'") continue;
    const before = src.slice(0, k);
    errors.push({
      line: before.split('\n').length, column: k - before.lastIndexOf('\n'),
      rule: 'straight apostrophe in English prose (use ’)', excerpt: src.slice(Math.max(0, k - 25), k + 15).replace(/\n/g, '⏎'),
    });
  }
  return errors;
}

/** Applies the fixes frenchTypographyErrors asks for (used to prepare French text; not used by tests). */
export function fixFrenchTypography(src: string): string {
  const mask = proseMask(src);
  const out = src.split('');
  for (let k = 1; k < src.length; k++) {
    if (!mask[k]) continue;
    const c = src[k];
    if (';!?'.includes(c) && (src[k - 1] === ' ' || src[k - 1] === '\u00A0') && mask[k - 1]) out[k - 1] = '\u202F';
    if (c === ':' && src[k - 1] === ' ' && mask[k - 1]) out[k - 1] = '\u00A0';
    if (c === '»' && src[k - 1] === ' ') out[k - 1] = '\u00A0';
    if (src[k - 1] === '«' && c === ' ') out[k] = '\u00A0';
    if (c === "'") out[k] = '\u2019';
    // 1 233 ms: group digits and tie a number to its unit with a narrow no-break space.
    if (c === ' ' && /\d/.test(src[k - 1]) && (/^\d{3}(?!\d)/.test(src.slice(k + 1, k + 5)) || /^(ms|s|Mo|Go|%)(?![\p{L}\d])/u.test(src.slice(k + 1, k + 4)))) out[k] = '\u202F';
  }
  return out.join('');
}

// Build-time helper for the deck pages. reveal.js's notes plugin opens its speaker view as an about:blank popup
// and writes the page into it, with one inline script. That popup inherits the deck's Content Security Policy
// (integrations/security.mjs allows only the hashed inline scripts of each page), so the deck page carries the
// same script text, inert inside a <template>: the policy then lists its hash and the speaker view can run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

let cached: string[] | undefined;

/** The inline scripts the speaker view writes, exactly as it writes them ([] if they cannot be read). */
export function speakerViewScripts(): string[] {
  if (cached) return cached;
  try {
    const src = readFileSync(join(process.cwd(), 'node_modules/reveal.js/dist/plugin/notes.mjs'), 'utf8');
    const call = src.indexOf('.document.write(');
    const open = src.indexOf('"', call);
    let i = open + 1;
    while (i < src.length && src[i] !== '"') i += src[i] === '\\' ? 2 : 1;
    const html = new Function(`return ${src.slice(open, i + 1)}`)() as string;
    cached = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script\s*>/gi)].map((m) => m[1]);
  } catch (e) {
    console.warn(`[slides] speaker view script not found in reveal.js: ${String(e)}`);
    cached = [];
  }
  return cached;
}

// The contract's command: npm run --silent simulate -- SCENARIO.json [--out TRACE.jsonl]
// Runs the scenario on virtual time and writes the trace as JSON Lines (to --out, else standard output).
// Exit 2 with a one-line reason, and no trace file, when the scenario breaks the contract or the command
// cannot run as given (unreadable scenario, unwritable --out). Every failure is one line on standard error,
// never a stack trace; a reader that closes the pipe early (`| head`) ends the run quietly.
//
// The trace is streamed: each line is written as the engine produces it (the engine keeps no history), and
// the `final` line is written one log entry at a time, so no string ever holds the whole trace. What one run
// may produce is bounded twice: before the run, from the scenario (src/scenarios/limits.ts: heartbeat work,
// bytes of keys and values), and while writing (MAX_TRACE_BYTES, a hard stop).
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
<<<<<<< HEAD
import { Simulation, type TraceLine } from '../src/raft/index';
import { writeTraceLine } from '../src/raft/trace';
=======
import { streamTrace } from './stream-trace';
>>>>>>> main
import { parseScenarioText } from '../src/scenarios/index';
import { MAX_SCENARIO_FILE_BYTES, MAX_TRACE_BYTES, mb } from '../src/scenarios/limits';

const USAGE = 'usage: simulate SCENARIO.json [--out TRACE.jsonl]';

/** Set once the --out file is open: a failure removes it, so a half-written trace never looks complete. */
let outFile: string | undefined;
let fd = 1;

function fail(reason: string, code = 2): never {
  if (outFile !== undefined) {
    try {
      closeSync(fd);
    } catch {
      /* already closed */
    }
    try {
      unlinkSync(outFile);
    } catch {
      /* nothing to remove */
    }
  }
  try {
    writeSync(2, `${reason.replace(/\s*\n\s*/g, ' ')}\n`);
  } catch {
    /* nowhere left to say it */
  }
  process.exit(code);
}

/** A file-system error as a few words a reader understands, with its code for searching. */
function why(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  const words: Record<string, string> = {
    ENOENT: 'no such file or folder',
    EISDIR: 'is a folder, not a file',
    ENOTDIR: 'a part of the path is not a folder',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    EMFILE: 'too many open files',
    EIO: 'input/output error',
  };
  if (code && words[code]) return `${words[code]} (${code})`;
  return code ?? (e instanceof Error ? e.message : String(e));
}

// ---------------------------------------------------------------------------------------------------------
// Arguments

const args = process.argv.slice(2);
let input: string | undefined;
let out: string | undefined;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--out') {
    out = args[++i];
    if (out === undefined) fail(`--out: missing file name (${USAGE})`);
  } else if (a.startsWith('--out=')) out = a.slice(6);
  else if (a.startsWith('--')) fail(`${a}: unknown option (${USAGE})`);
  else if (input === undefined) input = a;
  else fail(`${a}: only one scenario file (${USAGE})`);
}
if (input === undefined) fail(USAGE);
if (out === '') fail(`--out: missing file name (${USAGE})`);

// ---------------------------------------------------------------------------------------------------------
// The scenario

let text: string;
try {
  const st = statSync(input);
  if (st.isDirectory()) fail(`${input}: cannot read the scenario file (${why({ code: 'EISDIR' })})`);
  if (st.size > MAX_SCENARIO_FILE_BYTES) fail(`${input}: scenario file too large (${mb(st.size)}; at most ${mb(MAX_SCENARIO_FILE_BYTES)})`);
  text = readFileSync(input, 'utf8');
} catch (e) {
  fail(`${input}: cannot read the scenario file (${why(e)})`);
}
// A UTF-8 byte-order mark (editors on Windows write one) is not part of the JSON.
if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
const parsed = parseScenarioText(text);
if (!parsed.ok) fail(parsed.error);

// ---------------------------------------------------------------------------------------------------------
// The output: buffered, written synchronously in chunks, counted against the hard limit.

if (out !== undefined) {
  try {
    fd = openSync(out, 'w');
    outFile = out;
  } catch (e) {
    fail(`--out ${out}: cannot write the trace file (${why(e)})`);
  }
}

class ClosedPipe extends Error {}
const CHUNK = 1 << 16;
let buf = '';
let written = 0;
const nap = new Int32Array(new SharedArrayBuffer(4));

function flush(): void {
  if (buf === '') return;
  const bytes = Buffer.from(buf, 'utf8');
  buf = '';
  written += bytes.length;
  if (written > MAX_TRACE_BYTES) {
    fail(`trace: more than ${mb(MAX_TRACE_BYTES)} written, the run is stopped (at most ${mb(MAX_TRACE_BYTES)}; shorten scenario.until or use fewer or smaller puts)`);
  }
  let off = 0;
  while (off < bytes.length) {
    try {
      off += writeSync(fd, bytes, off, bytes.length - off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(nap, 0, 0, 2); // a non-blocking pipe is full: let the reader catch up
        continue;
      }
      if (code === 'EPIPE' && outFile === undefined) throw new ClosedPipe();
      fail(`${outFile !== undefined ? `--out ${outFile}` : 'standard output'}: cannot write the trace (${why(e)})`, 1);
    }
  }
}

function write(chunk: string): void {
  buf += chunk;
  if (buf.length >= CHUNK) flush();
}

try {
<<<<<<< HEAD
  // The engine with no history kept: every contract line goes straight to the output (SimOptions.onLine).
  const sink = (l: TraceLine) => writeTraceLine(l, write);
  const sim = new Simulation(parsed.scenario, { history: false, onLine: sink });
  sim.run();
  writeTraceLine(sim.finalLine(), write);
=======
  streamTrace(parsed.scenario, write);
>>>>>>> main
  flush();
  if (outFile !== undefined) closeSync(fd);
} catch (e) {
  if (e instanceof ClosedPipe) process.exit(0); // the reader has what it wanted (`| head`)
  fail(`simulate: internal error (${e instanceof Error ? e.message : String(e)}); please report it with the scenario file`, 1);
}

// Scenarios: parsing with field-naming errors, the named examples widgets load. Share links: ./share.ts.
import type { Scenario } from '../raft/index';
import { parseScenario, type ParseResult } from './schema';
import threeNodes from './examples/three-nodes.json';
import fourNodes from './examples/four-nodes.json';
import fiveNodes from './examples/five-nodes.json';
import sevenNodes from './examples/seven-nodes.json';
import workedExample3 from './examples/worked-example-3.json';
import loseQuorum from './examples/lose-quorum.json';
import fourNodesSplit from './examples/four-nodes-split.json';
import fiveNodesSplit from './examples/five-nodes-split.json';
import prevoteOffHeal from './examples/prevote-off-heal.json';
import growThreeToFive from './examples/grow-three-to-five.json';
import learnerCatchUp from './examples/learner-catch-up.json';
import slowNetwork from './examples/slow-network.json';

export { parseScenario, scenarioSchema, fieldPath, ACTIONS, MAX_UNTIL_MS, type ParseResult, type ScenarioJson } from './schema';

const RAW = {
  'three-nodes': threeNodes,
  'four-nodes': fourNodes,
  'five-nodes': fiveNodes,
  'seven-nodes': sevenNodes,
  'worked-example-3': workedExample3,
  'lose-quorum': loseQuorum,
  'four-nodes-split': fourNodesSplit,
  'five-nodes-split': fiveNodesSplit,
  'prevote-off-heal': prevoteOffHeal,
  'grow-three-to-five': growThreeToFive,
  'learner-catch-up': learnerCatchUp,
  'slow-network': slowNetwork,
} as const;

export type ExampleName = keyof typeof RAW;
export const exampleNames = Object.keys(RAW) as ExampleName[];

/** A named example scenario (validated, defaults filled in), or undefined for an unknown name. */
export function getExample(name: string): Scenario | undefined {
  if (!Object.prototype.hasOwnProperty.call(RAW, name)) return undefined;
  const r = parseScenario(RAW[name as ExampleName]);
  if (!r.ok) throw new Error(`example ${name}: ${r.error}`); // a bug in the repo, caught by the tests
  return r.scenario;
}

/** Parse scenario text: JSON syntax errors say where (line, column, position), then the schema speaks. */
export function parseScenarioText(text: string): ParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const where = locateJsonError(text);
    const detail = where ? `${where.message} at line ${where.line}, column ${where.column} (position ${where.pos})` : String((e as Error).message);
    return { ok: false, error: `scenario: not valid JSON: ${detail}` };
  }
  return parseScenario(data);
}

/**
 * Where JSON text first goes wrong. JSON.parse in Node 20 does not always give a position, so this small
 * recursive-descent reader (RFC 8259 grammar) finds it. Returns undefined when the text is valid JSON.
 */
export function locateJsonError(text: string): { pos: number; line: number; column: number; message: string } | undefined {
  let i = 0;
  const fail = (message: string): never => {
    throw { pos: i, message };
  };
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const describe = () => (i >= text.length ? 'unexpected end of input' : `unexpected character ${JSON.stringify(text[i])}`);
  const str = () => {
    i++; // opening quote
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const n = text[i + 1];
        if (n === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            i += 2;
            fail('bad \\u escape in string');
          }
          i += 6;
        } else if (n !== undefined && '"\\/bfnrt'.includes(n)) i += 2;
        else {
          i++;
          fail('bad escape in string');
        }
      } else if (c < ' ') fail('control character in string');
      else i++;
    }
    fail('unterminated string');
  };
  const num = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) fail('bad number');
    i += (m as RegExpExecArray)[0].length;
  };
  const value = (depth: number): void => {
    if (depth > 512) fail('nesting too deep');
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`${describe()}: expected a property name in double quotes`);
        str();
        ws();
        if (text[i] !== ':') fail(`${describe()}: expected ":"`);
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail(`${describe()}: expected "," or "}"`);
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail(`${describe()}: expected "," or "]"`);
      }
    } else if (c === '"') str();
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) num();
    else if (text.startsWith('true', i)) i += 4;
    else if (text.startsWith('false', i)) i += 5;
    else if (text.startsWith('null', i)) i += 4;
    else fail(`${describe()}: expected a value`);
  };
  try {
    value(0);
    ws();
    if (i < text.length) fail(`${describe()} after the end of the JSON value`);
    return undefined;
  } catch (e) {
    const { pos, message } = e as { pos: number; message: string };
    const before = text.slice(0, pos);
    const line = before.split('\n').length;
    const column = pos - before.lastIndexOf('\n');
    return { pos, line, column, message };
  }
}

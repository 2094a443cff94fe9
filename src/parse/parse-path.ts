import { syntaxError } from './parse-errors.js';
import { parsePathSegment, type PathScope } from './parse-path-segment.js';
import type { ParseSource } from './parse-source.js';
import { percentDecode } from './percent-decode.js';
import type { PathSegment, ResourcePath } from './syntax.js';

const target = 'path';

interface DecodedPath {
  readonly source: ParseSource;
  /** `[start, end)` of each segment in the decoded path. */
  readonly segments: readonly (readonly [number, number])[];
}

/** The end of a quoted string starting at `open` (`'…'` with `''` escapes, `"…"` with `\` escapes), or the last offset. */
function closingQuote(text: string, open: number): number {
  const quote = text.charAt(open);
  for (let pos = open + 1; pos < text.length; pos++) {
    const char = text.charAt(pos);
    if (quote === '"' && char === '\\') pos++;
    else if (char === quote && !(quote === "'" && text.charAt(pos + 1) === "'")) return pos;
    else if (char === quote) pos++;
  }
  return text.length - 1;
}

/** The `)` matching the `(` at `open`, skipping quoted strings; the end of the text when there is none. */
function matchingParenthesis(text: string, open: number): number {
  let depth = 0;
  for (let pos = open; pos < text.length; pos++) {
    const char = text.charAt(pos);
    if (char === "'" || char === '"') pos = closingQuote(text, pos);
    else if (char === '(') depth++;
    else if (char === ')' && --depth === 0) return pos;
  }
  return text.length;
}

/**
 * Percent-decodes the path and splits it on literal `/` (`%2F` stays inside its segment). The
 * expression of a `$filter(…)` segment may hold `/` (`$filter(Address/City eq 'Oslo')`), so a
 * segment that starts with `$filter(` runs at least to its matching parenthesis.
 */
function decodePath(raw: string): DecodedPath {
  const source = percentDecode(raw, target);
  const { text, encoded } = source;
  const segments: [number, number][] = [];
  let start = 0;
  for (let pos = 0; ; pos++) {
    if (pos === start && text.startsWith('$filter(', pos)) pos = matchingParenthesis(text, pos + 7);
    if (pos < text.length && !(text.charAt(pos) === '/' && encoded[pos] === 0)) continue;
    if (pos === start) throw syntaxError(target, start, 'empty path segment');
    segments.push([start, pos]);
    if (pos >= text.length) return { source, segments };
    start = pos + 1;
  }
}

/** Rejects `segment` where it cannot follow `previous` (or the first segment, `head`). */
function checkOrder(segment: PathSegment, count: number, previous: PathSegment | undefined, head: PathSegment | undefined, start: number): void {
  const fail = (detail: string) => {
    throw syntaxError(target, start, detail);
  };
  if (previous === undefined) return;
  if (previous.kind === 'count' || previous.kind === 'value' || previous.kind === 'ref' || previous.kind === 'query') {
    fail(`$${previous.kind} must be the last segment`);
  }
  if (segment.kind === 'cast' && previous.kind === 'cast') fail('two type casts in a row');
  if (previous.kind === 'crossjoin' && segment.kind !== 'query') fail('only $query may follow $crossjoin(…)');
  if (head?.kind === 'all' && (previous.kind !== 'all' || count > 1 || !(segment.kind === 'cast' || (segment.kind === 'identifier' && segment.key === undefined)))) {
    fail('only a type name may follow $all');
  }
  if (previous.kind === 'each' && segment.kind !== 'identifier' && segment.kind !== 'cast' && segment.kind !== 'call') {
    fail('only a bound action or function may follow $each');
  }
}

/**
 * The resource path, raw (percent-encoded) and relative to the service root: `''`, `$metadata`,
 * `$batch`, `$entity[/Namespace.Type]`, or segments such as `Products(1)/category/$ref`,
 * `Suppliers('A%27B')`, `Items(order_id=1,line_no=2)`, `Products/Namespace.Type`, `…/$count`,
 * `…/$value`, function and action calls (`TheBestProduct()`, `Products/Model.F(p=@a)`),
 * `Customers/1` (key-as-segment or ordinal index), `/$filter(…)`, `/$each`, `/$query`,
 * `$crossjoin(A,B)` and `$all`. Positions in errors are offsets in the decoded path. `$entity`
 * needs the `$id` option, passed as `entityId`.
 */
export function parsePath(raw: string, scope: PathScope, entityId: string | undefined): ResourcePath {
  if (raw === '') return { kind: 'serviceDocument' };
  const { source, segments } = decodePath(raw);
  const segmentText = (index: number): string => source.text.slice(...(segments[index] ?? [0, 0]));
  const first = segmentText(0);
  if (first === '$metadata' || first === '$batch' || first === '$entity') {
    const extra = segments[first === '$entity' ? 2 : 1];
    if (extra !== undefined) throw syntaxError(target, extra[0], `no segment may follow ${first}`);
    if (first === '$metadata') return { kind: 'metadata' };
    if (first === '$batch') return { kind: 'batch' };
    if (entityId === undefined) throw syntaxError(target, 0, '$entity needs the $id query option');
    const cast = segments[1];
    if (cast === undefined) return { kind: 'entity', id: entityId };
    const typeName = segmentText(1);
    if (!/^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}\p{Cf}]*(\.[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}\p{Cf}]*)+$/u.test(typeName)) {
      throw syntaxError(target, cast[0], 'expected a qualified type name after $entity/');
    }
    return { kind: 'entity', id: entityId, typeName };
  }
  const parsed: PathSegment[] = [];
  segments.forEach(([start, end], index) => {
    const next = parsePathSegment(source, start, end, index === 0, scope);
    checkOrder(next[0] as PathSegment, next.length, parsed.at(-1), parsed[0], start);
    parsed.push(...next);
  });
  return { kind: 'resource', segments: parsed };
}

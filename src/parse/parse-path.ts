import type { AliasScope } from './alias-scope.js';
import { ExpressionParser } from './expression-parser.js';
import { Lexer } from './lexer.js';
import type { ParseBudget } from './parse-budget.js';
import { syntaxError } from './parse-errors.js';
import { parseKeyPredicate } from './parse-key.js';
import type { ParseSource } from './parse-source.js';
import { percentDecode } from './percent-decode.js';
import type { PathSegment, ResourcePath } from './syntax.js';
import { describeToken, isAdjacent } from './token.js';

const target = 'path';

export interface PathScope {
  readonly budget: ParseBudget;
  readonly aliases: AliasScope;
}

interface DecodedPath {
  readonly source: ParseSource;
  /** `[start, end)` of each segment in the decoded path. */
  readonly segments: readonly (readonly [number, number])[];
}

/** Splits on literal `/` first, then percent-decodes each segment (`%2F` stays inside its segment). */
function decodePath(raw: string): DecodedPath {
  const decoded = raw.split('/').map((part) => percentDecode(part, target));
  const segments: [number, number][] = [];
  const encoded = new Uint8Array(decoded.reduce((length, part) => length + part.text.length + 1, -1));
  let offset = 0;
  for (const part of decoded) {
    if (part.text === '') throw syntaxError(target, offset, 'empty path segment');
    segments.push([offset, offset + part.text.length]);
    encoded.set(part.encoded, offset);
    offset += part.text.length + 1;
  }
  return { source: { text: decoded.map((part) => part.text).join('/'), encoded, target }, segments };
}

/**
 * The resource path, raw (percent-encoded) and relative to the service root: `''`, `$metadata`,
 * `$batch`, `$entity[/Namespace.Type]`, or segments such as `Products(1)/category/$ref`,
 * `Suppliers('A%27B')`, `Items(order_id=1,line_no=2)`, `Products/Namespace.Type`, `…/$count`,
 * `…/$value`. Positions in errors are offsets in the decoded path. `$entity` needs the `$id` option,
 * passed as `entityId`.
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
    const previous = parsed.at(-1);
    if (previous !== undefined && (previous.kind === 'count' || previous.kind === 'value' || previous.kind === 'ref')) {
      throw syntaxError(target, start, `$${previous.kind} must be the last segment`);
    }
    const segment = parseSegment(source, start, end, index === 0, scope);
    if (segment.kind === 'cast' && previous?.kind === 'cast') throw syntaxError(target, start, 'two type casts in a row');
    parsed.push(segment);
  });
  return { kind: 'resource', segments: parsed };
}

function parseSegment(source: ParseSource, start: number, end: number, first: boolean, scope: PathScope): PathSegment {
  const lexer = new Lexer(source, start, scope.budget);
  const parser: ExpressionParser = new ExpressionParser(lexer, scope);
  const token = lexer.next();
  let segment: PathSegment;
  if (token.kind === 'dollarName' && !first && (token.text === '$count' || token.text === '$value' || token.text === '$ref')) {
    segment = { kind: token.text === '$count' ? 'count' : token.text === '$value' ? 'value' : 'ref' };
  } else if (token.kind === 'identifier') {
    segment = isAdjacent(lexer.peek(), '(')
      ? { kind: 'identifier', name: token.text, key: parseKeyPredicate(parser) }
      : { kind: 'identifier', name: token.text };
  } else if (token.kind === 'qualifiedName' && !first) {
    segment = { kind: 'cast', typeName: token.text };
  } else {
    const expected = first ? 'an entity set or singleton name' : 'a property, type cast, $count, $value or $ref';
    return parser.fail(token.start, `expected ${expected} but found ${describeToken(token, source.text)}`);
  }
  scope.budget.addNodes(1, target, start);
  if (token.spaceBefore || lexer.lastEnd !== end) parser.fail(Math.min(lexer.lastEnd, end), 'unexpected text in path segment');
  return segment;
}

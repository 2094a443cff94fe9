import { describe, expect, it } from 'vitest';
import { ODataError } from '../../../src/errors/odata-error.js';
import { parseExpression } from '../../../src/parse/parse-expression.js';
import { parseRequest } from '../../../src/parse/parse-request.js';

/** Fragments of OData syntax, glued at random: most results are malformed. */
const pieces = [
  'a', 'b/c', ' ', ' eq ', ' and ', ' or ', 'not ', '-', '(', ')', ',', "'", "'x'", '"', '[', ']', '{', '}', ':', ';', '=',
  '$filter=', '$expand=', '$select=', '$search=', '$top=', '@p', '@p=', '&', '%', '%27', '%3B', '%28', '1', '2.5', '1e3',
  'INF', 'true', 'null', 'any(', 'all(', 'x:', 'cast(', 'Edm.Int32', "Ns.T'A'", "duration'P1D'", "geography'SRID=0;Point(1 2)'",
  '2012-01-01', '12:00', '*', '/$count', '/$ref', '$it', '$root', '#', '+', 'NOT ', 'OR ', '\t', 'in ', 'has ', 'case(',
  '$levels=', 'Collection(', 'Products', '(1)', 'é', '\\',
  '$root/', 'Model.F(', 'F()', 'p=', '=@p', '/1', '/-1', '$filter(', '/$filter(', '$count(', '$crossjoin(', '$all', '/$each', '/$query',
  '[a,', '{"k":', '%2F', '/Model.T(1)', 'x)(', '$value', 'Name(Location,',
];

/** A small deterministic generator (no Math.random, so a failure can be replayed). */
function* inputs(count: number): Generator<string> {
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
  for (let i = 0; i < count; i++) {
    yield Array.from({ length: 1 + Math.floor(next() * 25) }, () => pieces[Math.floor(next() * pieces.length)]).join('');
  }
}

function onlyODataErrors(parse: () => unknown): boolean {
  try {
    parse();
  } catch (error) {
    return error instanceof ODataError && error.status === 400;
  }
  return true;
}

describe('malformed input', () => {
  it('never throws anything but a 400 ODataError', () => {
    const failures: string[] = [];
    for (const input of inputs(5000)) {
      const ok =
        onlyODataErrors(() => parseExpression(input)) &&
        onlyODataErrors(() => parseRequest({ path: 'Products', query: input })) &&
        onlyODataErrors(() => parseRequest({ path: input, query: '' }));
      if (!ok) failures.push(input);
    }
    expect(failures).toEqual([]);
  });
});

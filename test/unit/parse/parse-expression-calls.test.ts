import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../src/errors/codes.js';
import { parseExpression } from '../../../src/parse/parse-expression.js';
import { expectRejected } from './parse-failure.js';

describe('function calls', () => {
  it('keeps the arguments and lower-cases the name', () => {
    expect(parseExpression("contains(CompanyName,'lfreds')")).toEqual({
      kind: 'call',
      name: 'contains',
      args: [
        { kind: 'member', path: ['CompanyName'], pos: 9 },
        { kind: 'literal', type: 'string', value: 'lfreds', pos: 21 },
      ],
      pos: 0,
    });
  });

  it.each([
    ['now()', 'now', 0],
    ['NOW( )', 'now', 0],
    ['StartsWith(Name,\'a\')', 'startswith', 2],
    ['substring(CompanyName, 5)', 'substring', 2],
    ['substring(CompanyName,5,2)', 'substring', 3],
    ['concat(concat(Street,\'-\'),City)', 'concat', 2],
    ['matchesPattern(CompanyName,\'^A.*e$\')', 'matchespattern', 2],
    ['geo.distance(Supplier/Location,Product/Location)', 'geo.distance', 2],
    ['anyFunctionName(1, 2, 3, 4)', 'anyfunctionname', 4],
    ['hassubsequence([4,1,3],[4,3])', 'hassubsequence', 2],
  ])('%s', (input, name, arity) => {
    const expr = parseExpression(input);
    expect(expr).toMatchObject({ kind: 'call', name, pos: 0 });
    expect(expr.kind === 'call' && expr.args).toHaveLength(arity);
  });

  it('parses calls as operands', () => {
    expect(parseExpression('length(CompanyName) eq 19')).toMatchObject({
      kind: 'binary',
      op: 'eq',
      left: { kind: 'call', name: 'length', args: [{ path: ['CompanyName'] }] },
      right: { value: '19' },
    });
  });

  it.each([
    ['concat (a,b)', 7],
    ['concat(a,b', 10],
    ['concat(a b)', 9],
    ['concat(a,)', 9],
  ])('rejects %j', (input, pos) => {
    expectRejected(() => parseExpression(input), ErrorCodes.syntax, pos, '$filter');
  });
});

describe('cast and isof', () => {
  it.each([
    ['cast(x, Edm.Int32)', [{ kind: 'member', path: ['x'], pos: 5 }, { kind: 'typeName', name: 'Edm.Int32', pos: 8 }]],
    ['cast(Edm.String)', [{ kind: 'typeName', name: 'Edm.String', pos: 5 }]],
    ['cast(Customer)', [{ kind: 'typeName', name: 'Customer', pos: 5 }]],
    ['cast($it,Model.Customer)', [{ kind: 'member', path: ['$it'] }, { kind: 'typeName', name: 'Model.Customer' }]],
    ['CAST(Category, Collection(Edm.String))', [{ kind: 'member' }, { kind: 'typeName', name: 'Collection(Edm.String)', pos: 15 }]],
    ['cast(a add 1,Edm.Decimal)', [{ kind: 'binary', op: 'add' }, { kind: 'typeName', name: 'Edm.Decimal' }]],
  ])('%s', (input, args) => {
    expect(parseExpression(input)).toMatchObject({ kind: 'call', name: 'cast', args, pos: 0 });
  });

  it.each([
    ['isof(Edm.String)', [{ kind: 'typeName', name: 'Edm.String' }]],
    ['isof(x, Ns.T)', [{ kind: 'member', path: ['x'] }, { kind: 'typeName', name: 'Ns.T' }]],
    ['isof(Location,Edm.GeographyPoint)', [{ kind: 'member' }, { kind: 'typeName', name: 'Edm.GeographyPoint' }]],
  ])('%s', (input, args) => {
    expect(parseExpression(input)).toMatchObject({ kind: 'call', name: 'isof', args });
  });

  it.each([
    ['cast()', 0],
    ['cast(x, 1)', 0],
    ['cast(Edm.Int32, x)', 14],
    ['isof(a, b, Edm.String)', 0],
    ['cast(x, Edm.Int32', 17],
  ])('rejects %j', (input, pos) => {
    expectRejected(() => parseExpression(input), ErrorCodes.syntax, pos, '$filter');
  });
});

describe('case', () => {
  it('flattens condition:value pairs into the arguments', () => {
    expect(parseExpression('case( X gt 0 : 1 , X lt 0 : -1 , true : 0)')).toMatchObject({
      kind: 'call',
      name: 'case',
      args: [
        { kind: 'binary', op: 'gt' },
        { kind: 'literal', value: '1' },
        { kind: 'binary', op: 'lt' },
        { kind: 'literal', value: '-1' },
        { kind: 'literal', type: 'boolean', value: 'true' },
        { kind: 'literal', value: '0' },
      ],
    });
  });

  it.each([
    ['case()', 0],
    ['case(a)', 6],
    ['case(a:1,b)', 10],
  ])('rejects %j', (input, pos) => {
    expectRejected(() => parseExpression(input), ErrorCodes.syntax, pos, '$filter');
  });
});

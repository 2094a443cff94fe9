import { describe, expect, it } from 'vitest';
import { canonicalValue, parseDateTimeOffset, type ProductRow, type RefValue } from './demo-products.js';
import { formatDecimal, parseDecimal, roundDecimal } from './exact-decimal.js';
import {
  arithmetic,
  call,
  compare,
  literal,
  logical,
  not,
  property,
  stringLiteral,
  type FilterExpr,
  type Literal,
  type ProductsRequest,
} from './filter-ast.js';
import { evaluateExpression, evaluateRequest, keepsRow } from './reference-evaluator.js';

const str = (value: string): RefValue => ({ type: 'String', value });
const int = (value: number): RefValue => ({ type: 'Int32', value: BigInt(value) });
const dec = (text: string): RefValue => ({ type: 'Decimal', value: parseDecimal(text) });
const dbl = (value: number): RefValue => ({ type: 'Double', value });
const lit = {
  int: (text: string): FilterExpr => literal({ type: 'Int32', text }),
  dec: (text: string): FilterExpr => literal({ type: 'Decimal', text }),
  dbl: (text: string): FilterExpr => literal({ type: 'Double', text }),
  str: (value: string): FilterExpr => literal(stringLiteral(value)),
  null: literal({ type: 'null' }),
  bool: (value: boolean): FilterExpr => literal({ type: 'Boolean', value }),
};

function row(id: string, overrides: Partial<ProductRow> = {}): ProductRow {
  return {
    id: { type: 'Guid', value: id },
    sku: str(`SKU-${id}`),
    name: str('Classic Kettle'),
    description: null,
    category_id: int(1),
    supplier_id: null,
    price: dec('10.00'),
    cost: null,
    quantity: int(5),
    discontinued: { type: 'Boolean', value: false },
    release_date: { type: 'Date', value: '2020-02-29' },
    created: { type: 'DateTimeOffset', value: parseDateTimeOffset('2021-03-04T05:06:07Z') },
    modified: { type: 'DateTimeOffset', value: parseDateTimeOffset('2021-03-04T05:06:07Z') },
    tags: { type: 'Collection', value: ['new'] },
    weight_kg: null,
    ...overrides,
  };
}

const nullRow = row('00000000-0000-0000-0000-000000000001');
const fullRow = row('00000000-0000-0000-0000-000000000002', {
  description: str('Classic Kettle — Built to last.'),
  supplier_id: str('SUP-001'),
  cost: dec('6.5000'),
  weight_kg: dbl(0.2),
});

const value = (expr: FilterExpr, on: ProductRow = fullRow): RefValue | null => evaluateExpression(expr, on);

describe('null semantics of the reference (OData 4.01 Part 2, Logical Operators)', () => {
  it.each<[string, FilterExpr, boolean]>([
    ['description eq null', compare('eq', property('description'), lit.null), true],
    ['description ne null', compare('ne', property('description'), lit.null), false],
    ['null eq null', compare('eq', lit.null, lit.null), true],
    ['cost gt 5', compare('gt', property('cost'), lit.int('5')), false],
    ['not (cost gt 5)', not(compare('gt', property('cost'), lit.int('5'))), true],
    ['cost ge null (both null: gt or eq)', compare('ge', property('cost'), lit.null), true],
    ['cost le cost', compare('le', property('cost'), property('cost')), true],
    ['cost lt cost', compare('lt', property('cost'), property('cost')), false],
    ['cost ne 5', compare('ne', property('cost'), lit.int('5')), true],
    ["not contains(description,'x') (not null is null)", not(call('contains', property('description'), lit.str('x'))), false],
    ["contains(description,'x') or true", logical('or', call('contains', property('description'), lit.str('x')), lit.bool(true)), true],
    ["not (contains(description,'x') and false)", not(logical('and', call('contains', property('description'), lit.str('x')), lit.bool(false))), true],
    ["not (contains(description,'x') and true)", not(logical('and', call('contains', property('description'), lit.str('x')), lit.bool(true))), false],
    ["contains(description,'x') eq false (null eq false)", compare('eq', call('contains', property('description'), lit.str('x')), lit.bool(false)), false],
    ["contains(description,'x') eq null", compare('eq', call('contains', property('description'), lit.str('x')), lit.null), true],
    ["supplier_id in ('SUP-001',null)", { kind: 'in', operand: property('supplier_id'), list: [stringLiteral('SUP-001'), { type: 'null' }] }, true],
    ["not (supplier_id in ('SUP-001'))", not({ kind: 'in', operand: property('supplier_id'), list: [stringLiteral('SUP-001')] }), true],
    ['length(description) gt 0', compare('gt', call('length', property('description')), lit.int('0')), false],
    ['(cost add 1) eq null', compare('eq', arithmetic('add', property('cost'), lit.int('1')), lit.null), true],
  ])('%s on a row of nulls → %s', (_text, filter, kept) => {
    expect(keepsRow(filter, nullRow)).toBe(kept);
  });
});

describe('numbers in the reference', () => {
  it.each<[string, FilterExpr, RefValue]>([
    ['price add 0.1 (exact decimal)', arithmetic('add', property('price'), lit.dec('0.1')), dec('10.1')],
    ['cost mul 3 keeps the scale', arithmetic('mul', property('cost'), lit.int('3')), dec('19.5')],
    ['weight_kg add 1e-1 is a double', arithmetic('add', property('weight_kg'), lit.dbl('1e-1')), dbl(0.2 + 0.1)],
    ['price add weight_kg promotes to Double', arithmetic('add', property('price'), property('weight_kg')), dbl(10.2)],
    ['-7 mod 3 has the sign of the dividend', arithmetic('mod', lit.int('-7'), lit.int('3')), int(-1)],
    ['-7 div 2 truncates', arithmetic('div', lit.int('-7'), lit.int('2')), int(-3)],
    ['price mod 4', arithmetic('mod', property('price'), lit.int('4')), dec('2')],
    ['price div 8 (terminating)', arithmetic('div', property('price'), lit.int('8')), dec('1.25')],
    ['weight_kg div 0 is INF', arithmetic('div', property('weight_kg'), lit.int('0')), dbl(Infinity)],
    ['round(2.5)', call('round', lit.dec('2.5')), dec('3')],
    ['round(-2.5)', call('round', lit.dec('-2.5')), dec('-3')],
    ['round(-2.5e0)', call('round', lit.dbl('-2.5e0')), dbl(-3)],
    ['round(0.49999999999999994e0)', call('round', lit.dbl('0.49999999999999994e0')), dbl(0)],
    ['floor(-1.5)', call('floor', lit.dec('-1.5')), dec('-2')],
    ['ceiling(-1.5)', call('ceiling', lit.dec('-1.5')), dec('-1')],
  ])('%s', (_text, expr, expected) => {
    const actual = value(expr);
    expect(actual?.type).toBe(expected.type);
    expect(canonicalValue(actual)).toBe(canonicalValue(expected));
  });

  it('compares decimals exactly and doubles as IEEE 754 does', () => {
    const decimalSum = compare('eq', arithmetic('add', lit.dec('0.2'), lit.dec('0.1')), lit.dec('0.3'));
    const doubleSum = compare('eq', arithmetic('add', lit.dbl('2e-1'), lit.dbl('1e-1')), lit.dbl('3e-1'));
    expect(keepsRow(decimalSum, fullRow)).toBe(true);
    expect(keepsRow(doubleSum, fullRow)).toBe(false);
    expect(keepsRow(compare('eq', property('weight_kg'), lit.dbl('NaN')), fullRow)).toBe(false);
    expect(keepsRow(compare('ne', property('weight_kg'), lit.dbl('NaN')), fullRow)).toBe(true);
    expect(keepsRow(compare('lt', property('weight_kg'), lit.dbl('INF')), fullRow)).toBe(true);
  });

  it('rounds and prints decimals without floats', () => {
    expect(formatDecimal(roundDecimal(parseDecimal('-0.5')))).toBe('-1');
    expect(formatDecimal(parseDecimal('0012.3400'))).toBe('12.34');
    expect(formatDecimal(parseDecimal('-0.000'))).toBe('0');
  });
});

describe('strings and dates in the reference', () => {
  const bike = row('00000000-0000-0000-0000-000000000003', { name: str('🚲 Bike Bell'), description: str('日本茶 set') });
  it.each<[string, FilterExpr, RefValue]>([
    ['length counts code points', call('length', property('name')), int(11)],
    ['indexof counts code points', call('indexof', property('description'), lit.str('set')), int(4)],
    ['indexof of a missing string', call('indexof', property('description'), lit.str('x')), int(-1)],
    ['substring from 1', call('substring', property('name'), lit.int('1')), str(' Bike Bell')],
    ['substring 2 of 3', call('substring', property('name'), lit.int('2'), lit.int('3')), str('Bik')],
    ['substring past the end', call('substring', property('name'), lit.int('40')), str('')],
    ['tolower of non-ASCII letters', call('tolower', lit.str('ÅNGSTRÖM Señor')), str('ångström señor')],
    ['toupper of non-ASCII letters', call('toupper', lit.str('crème brûlée')), str('CRÈME BRÛLÉE')],
    ['trim of spaces and tabs', call('trim', lit.str(' \tx y\t ')), str('x y')],
    ['concat', call('concat', property('name'), lit.str("'%_\\")), str("🚲 Bike Bell'%_\\")],
    ['year of a date', call('year', property('release_date')), int(2020)],
    ['day of a date', call('day', property('release_date')), int(29)],
    ['hour of an instant (UTC)', call('hour', property('created')), int(5)],
    ['second of an instant', call('second', property('created')), int(7)],
  ])('%s', (_text, expr, expected) => {
    expect(evaluateExpression(expr, bike)).toEqual(expected);
  });

  it('orders strings by code point, not by UTF-16 unit or locale', () => {
    expect(keepsRow(compare('lt', lit.str('\uFFFD'), lit.str('🚲')), fullRow)).toBe(true);
    expect(keepsRow(compare('lt', lit.str('Z'), lit.str('a')), fullRow)).toBe(true);
    expect(keepsRow(compare('gt', lit.str('é'), lit.str('z')), fullRow)).toBe(true);
    expect(keepsRow(call('startswith', property('name'), lit.str('Classic')), fullRow)).toBe(true);
    expect(keepsRow(call('contains', property('name'), lit.str('kettle')), fullRow)).toBe(false);
  });

  it('reads offsets of DateTimeOffset literals', () => {
    const instant: Literal = { type: 'DateTimeOffset', text: '2021-03-04T06:06:07+01:00' };
    expect(keepsRow(compare('eq', property('created'), literal(instant)), fullRow)).toBe(true);
    expect(parseDateTimeOffset('2021-03-04T05:06:07.25-00:30')).toBe(parseDateTimeOffset('2021-03-04T05:36:07Z') + 250_000n);
  });
});

describe('requests in the reference', () => {
  const rows = [
    row('00000000-0000-0000-0000-00000000000a', { cost: dec('2') }),
    row('00000000-0000-0000-0000-00000000000b'),
    row('00000000-0000-0000-0000-00000000000c', { cost: dec('1') }),
    row('00000000-0000-0000-0000-00000000000d'),
  ];
  const base: ProductsRequest = { filter: undefined, orderby: [], select: ['id', 'cost'], top: undefined, skip: undefined, count: false };
  const ids = (request: ProductsRequest): unknown[] => {
    const result = evaluateRequest(request, rows);
    return result.status === 200 ? result.rows.map((item) => item['id']?.toString().slice(-1)) : [result.status];
  };

  it('sorts nulls first ascending and last descending, the key breaking ties', () => {
    expect(ids({ ...base, orderby: [{ property: 'cost', direction: undefined }] })).toEqual(['b', 'd', 'c', 'a']);
    expect(ids({ ...base, orderby: [{ property: 'cost', direction: 'desc' }] })).toEqual(['a', 'c', 'b', 'd']);
  });

  it('filters, then skips and takes, and counts before paging', () => {
    const request: ProductsRequest = { ...base, filter: compare('ne', property('cost'), lit.int('2')), skip: 1, top: 1, count: true };
    const result = evaluateRequest(request, rows);
    expect(result).toEqual({ status: 200, count: 3, rows: [{ id: '00000000-0000-0000-0000-00000000000c', cost: '1' }] });
  });

  it('answers 400 where the specification makes the request fail whatever the data', () => {
    expect(ids({ ...base, filter: compare('eq', arithmetic('div', property('quantity'), lit.int('0')), lit.int('1')) })).toEqual([400]);
    expect(ids({ ...base, filter: compare('eq', arithmetic('mod', property('weight_kg'), lit.dbl('0e0')), lit.int('1')) })).toEqual([400]);
    expect(ids({ ...base, filter: compare('eq', call('substring', property('name'), lit.int('0'), lit.int('-1')), lit.str('')) })).toEqual([400]);
    expect(ids({ ...base, filter: compare('gt', arithmetic('div', property('weight_kg'), lit.int('0')), lit.int('1')) })).toEqual([]);
  });
});

import type { PropertyName } from './demo-products.js';

/**
 * The requests the differential tests generate, as data: the reference evaluates them and
 * `formatRequestPath` prints them as the OData URL sent to the service. Binary expressions print
 * fully parenthesised, so the service's operator precedence is not what is under test here.
 */
export type Literal =
  | { readonly type: 'null' }
  | { readonly type: 'Boolean'; readonly value: boolean }
  /** Integer, decimal and double literals keep the text they are written with. */
  | { readonly type: 'Int32' | 'Decimal' | 'Double'; readonly text: string }
  | { readonly type: 'String'; readonly value: string }
  /** `2020-02-29` */
  | { readonly type: 'Date'; readonly text: string }
  /** `2020-02-29T10:00:00+01:00` */
  | { readonly type: 'DateTimeOffset'; readonly text: string }
  | { readonly type: 'Guid'; readonly text: string };

export type CompareOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type ArithmeticOp = 'add' | 'sub' | 'mul' | 'div' | 'mod';
export type FunctionName =
  | 'contains' | 'startswith' | 'endswith' | 'length' | 'indexof' | 'substring' | 'tolower' | 'toupper' | 'trim'
  | 'concat' | 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'round' | 'floor' | 'ceiling';

export type FilterExpr =
  | { readonly kind: 'property'; readonly name: PropertyName }
  | { readonly kind: 'literal'; readonly literal: Literal }
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly left: FilterExpr; readonly right: FilterExpr }
  | { readonly kind: 'logical'; readonly op: 'and' | 'or'; readonly left: FilterExpr; readonly right: FilterExpr }
  | { readonly kind: 'not'; readonly operand: FilterExpr }
  | { readonly kind: 'arithmetic'; readonly op: ArithmeticOp; readonly left: FilterExpr; readonly right: FilterExpr }
  | { readonly kind: 'negate'; readonly operand: FilterExpr }
  | { readonly kind: 'in'; readonly operand: FilterExpr; readonly list: readonly Literal[] }
  | { readonly kind: 'call'; readonly name: FunctionName; readonly args: readonly FilterExpr[] };

export interface OrderItem {
  readonly property: PropertyName;
  /** `undefined` prints no direction (ascending by default). */
  readonly direction: 'asc' | 'desc' | undefined;
}

export interface ProductsRequest {
  readonly filter: FilterExpr | undefined;
  readonly orderby: readonly OrderItem[];
  readonly select: readonly PropertyName[] | undefined;
  readonly top: number | undefined;
  readonly skip: number | undefined;
  readonly count: boolean;
}

export const literal = (value: Literal): FilterExpr => ({ kind: 'literal', literal: value });
export const property = (name: PropertyName): FilterExpr => ({ kind: 'property', name });
export const call = (name: FunctionName, ...args: FilterExpr[]): FilterExpr => ({ kind: 'call', name, args });
export const compare = (op: CompareOp, left: FilterExpr, right: FilterExpr): FilterExpr => ({ kind: 'compare', op, left, right });
export const stringLiteral = (value: string): Literal => ({ type: 'String', value });
export const not = (operand: FilterExpr): FilterExpr => ({ kind: 'not', operand });
export const negate = (operand: FilterExpr): FilterExpr => ({ kind: 'negate', operand });
export const logical = (op: 'and' | 'or', left: FilterExpr, right: FilterExpr): FilterExpr => ({ kind: 'logical', op, left, right });
export const arithmetic = (op: ArithmeticOp, left: FilterExpr, right: FilterExpr): FilterExpr => ({ kind: 'arithmetic', op, left, right });

export function formatLiteral(value: Literal): string {
  switch (value.type) {
    case 'null':
      return 'null';
    case 'Boolean':
      return String(value.value);
    case 'String':
      return `'${value.value.replaceAll("'", "''")}'`;
    case 'Int32':
    case 'Decimal':
    case 'Double':
    case 'Date':
    case 'DateTimeOffset':
    case 'Guid':
      return value.text;
  }
}

/** The OData text of an expression, before percent-encoding. */
export function formatFilter(expr: FilterExpr): string {
  switch (expr.kind) {
    case 'property':
      return expr.name;
    case 'literal':
      return formatLiteral(expr.literal);
    case 'compare':
    case 'logical':
    case 'arithmetic':
      return `(${formatFilter(expr.left)} ${expr.op} ${formatFilter(expr.right)})`;
    case 'not':
      return `(not (${formatFilter(expr.operand)}))`;
    case 'negate':
      // Parenthesised whole: `in` binds tighter than unary minus, `-(a) in (0)` is `-((a) in (0))`.
      return `(-(${formatFilter(expr.operand)}))`;
    case 'in':
      return `(${formatFilter(expr.operand)} in (${expr.list.map(formatLiteral).join(',')}))`;
    case 'call':
      return `${expr.name}(${expr.args.map(formatFilter).join(',')})`;
  }
}

export function formatOrderby(items: readonly OrderItem[]): string {
  return items.map((item) => (item.direction === undefined ? item.property : `${item.property} ${item.direction}`)).join(',');
}

/** The query options as OData text, unencoded, in the order they are sent. */
export function requestOptions(request: ProductsRequest): [string, string][] {
  const options: [string, string][] = [];
  if (request.filter !== undefined) options.push(['$filter', formatFilter(request.filter)]);
  if (request.orderby.length > 0) options.push(['$orderby', formatOrderby(request.orderby)]);
  if (request.select !== undefined) options.push(['$select', request.select.join(',')]);
  if (request.skip !== undefined) options.push(['$skip', String(request.skip)]);
  if (request.top !== undefined) options.push(['$top', String(request.top)]);
  if (request.count) options.push(['$count', 'true']);
  return options;
}

/**
 * The path under the service root, every option value percent-encoded (quotes stay `'`, a
 * literal `%` becomes `%25`, `+` becomes `%2B`, non-ASCII letters their UTF-8 bytes).
 */
export function formatRequestPath(request: ProductsRequest): string {
  const query = requestOptions(request).map(([name, value]) => `${name}=${encodeURIComponent(value)}`);
  return query.length === 0 ? 'Products' : `Products?${query.join('&')}`;
}

/** The same request as a reader wants to see it: options decoded. */
export function describeRequest(request: ProductsRequest): string {
  const query = requestOptions(request).map(([name, value]) => `${name}=${value}`);
  return query.length === 0 ? 'Products' : `Products?${query.join('&')}`;
}

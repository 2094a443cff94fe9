/**
 * The OData request as syntax: what the URL says, with names not yet bound to the model.
 * Parameter aliases (`@p`) are resolved by the parser: an alias in an expression is replaced by
 * the parsed value of `@p=…` from the query string (null when absent, as the spec says).
 * Every expression node carries `pos`, the 0-based offset of its first character in the
 * (percent-decoded) text of the query option or path it came from, for error messages.
 */

export type LiteralType =
  | 'null'
  | 'boolean'
  | 'integer'
  | 'decimal'
  | 'double'
  | 'string'
  | 'guid'
  | 'date'
  | 'dateTimeOffset'
  | 'timeOfDay'
  | 'duration'
  | 'binary'
  | 'enum'
  /** `geography'SRID=4326;Point(1 2)'`: `value` is the text inside the quotes (validated against the ABNF). */
  | 'geography'
  /** `geometry'SRID=0;Polygon((…))'`: as `geography`. */
  | 'geometry';

/**
 * A primitive literal. `value` is the canonical text of the value, never a JavaScript number, so
 * that Int64 and Decimal keep every digit: integers `-12`, decimals `1.50`, doubles `1e10`,
 * `INF`, `-INF`, `NaN`; strings unescaped (`'it''s'` → `it's`); Guid lower-case; dates as written;
 * durations as the ISO text inside `duration'…'`; binary as base64url text; booleans `true`/`false`;
 * enums as the member text (`Red` or `Red,Blue`) with `enumType` set to the qualified type name.
 */
export interface LiteralExpr {
  readonly kind: 'literal';
  readonly type: LiteralType;
  readonly value: string;
  readonly enumType?: string;
  readonly pos: number;
}

/**
 * `a`, `a/b/c`, `$it/a`. Segments are identifiers as written. The parser also produces these
 * segments, all as written: `$it` / `$this` (first segment only), type casts `Namespace.Type`,
 * annotations `@Namespace.Term` / `@Term#qualifier`, and `$count` (last segment only,
 * `Products/$count gt 0`). A path with anything else (a key, a function call, `$filter(…)`,
 * `$count(…)`, a `$root/` start) is a `PathExpr`.
 */
export interface MemberExpr {
  readonly kind: 'member';
  readonly path: readonly string[];
  readonly pos: number;
}

export type ComparisonOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'has';
export type LogicalOp = 'and' | 'or';
export type ArithmeticOp = 'add' | 'sub' | 'mul' | 'div' | 'divby' | 'mod';
export type BinaryOp = ComparisonOp | LogicalOp | ArithmeticOp;

export interface BinaryExpr {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly pos: number;
}

export interface NotExpr {
  readonly kind: 'not';
  readonly operand: Expr;
  readonly pos: number;
}

export interface NegateExpr {
  readonly kind: 'negate';
  readonly operand: Expr;
  readonly pos: number;
}

/** `x in (a, b, c)` or `x in ["a","b"]`; `list` may also be a member that holds a collection. */
export interface InExpr {
  readonly kind: 'in';
  readonly left: Expr;
  readonly list: readonly Expr[] | MemberExpr;
  readonly pos: number;
}

/**
 * Function call; `name` is lower-case (function names are case-insensitive in 4.01). Qualified names
 * keep their dots (`geo.distance`). `case(c1:v1, c2:v2)` has the flattened pairs `[c1, v1, c2, v2]`
 * as `args`; `cast`/`isof` have a `TypeNameExpr` as their last argument.
 */
export interface CallExpr {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly Expr[];
  readonly pos: number;
}

/** `cast(x, Edm.Int32)`, `isof(Edm.String)`: the type argument of cast/isof. */
export interface TypeNameExpr {
  readonly kind: 'typeName';
  readonly name: string;
  readonly pos: number;
}

/** `collection/any(d: d gt 1)`, `collection/all(...)`, `collection/any()`. */
export interface LambdaExpr {
  readonly kind: 'lambda';
  readonly op: 'any' | 'all';
  readonly collection: MemberExpr;
  readonly variable?: string;
  readonly predicate?: Expr;
  readonly pos: number;
}

/** A JSON array or object literal (e.g. `["a","b"]` used with `in` or `hassubset`). */
export interface JsonExpr {
  readonly kind: 'json';
  readonly value: unknown;
  readonly pos: number;
}

/**
 * `[FirstName, 2 add 3]`: a JSON array with at least one element that is not plain JSON (4.01
 * allows any expression as an element). An array of literals and JSON only is a `JsonExpr`.
 * Elements are as parsed: a `"string"` is a string literal, nested plain JSON a `JsonExpr`.
 */
export interface ArrayExpr {
  readonly kind: 'array';
  readonly items: readonly Expr[];
  readonly pos: number;
}

/**
 * `{"Name":Customer/Name}`: a JSON object with at least one member value that is not plain JSON.
 * Members keep their order; an object of literals and JSON only is a `JsonExpr`.
 */
export interface ObjectExpr {
  readonly kind: 'object';
  readonly members: readonly { readonly name: string; readonly value: Expr }[];
  readonly pos: number;
}

/** `name=value` in a function call. Aliases are resolved: `p=@a` holds the value of `@a` (`null` when it has none). */
export interface NamedParameter {
  readonly name: string;
  readonly value: Expr;
}

/**
 * One segment of a `PathExpr`; `pos` is where the segment starts.
 * - `name`: a property, navigation property, lambda variable, type cast (`Namespace.Type` or, for
 *   the model to decide, an unqualified type name), annotation (`@Ns.Term`), `$it`, `$this`,
 *   `$root` (first segment only), or a key value written as a segment (`Customers/ALFKI`: only
 *   the model knows whether `ALFKI` is a key or a property), all as written;
 * - `key`: a key predicate after a collection (`Customers('A1')`, `(ID=1)`, `$filter(…)(1)`), or a
 *   literal written as a segment (`Orders/1`, key-as-segment) as a `single` key. A name followed
 *   by `(a=1)` is read as a key when the text is valid key syntax and the name is unqualified; the
 *   planner reads it as function parameters when the name turns out to be a function;
 * - `call`: a function call with named parameters (`Model.BestProduct()`, `F(p=1 add 2)`,
 *   `Model.F(p=1)`); `name` as written, not lower-cased (only built-in functions are `CallExpr`);
 * - `filter`: `$filter(predicate)`;
 * - `count`: `$count(…)` with its nested `$filter`/`$search` (a bare `$count` at the end of a
 *   path without other segments stays in `MemberExpr`);
 * - `lambda`: a final `any(…)` / `all(…)` after a path that `LambdaExpr` cannot hold.
 */
export type PathExprSegment =
  | { readonly kind: 'name'; readonly name: string; readonly pos: number }
  | { readonly kind: 'key'; readonly key: KeyPredicate; readonly pos: number }
  | { readonly kind: 'call'; readonly name: string; readonly parameters: readonly NamedParameter[]; readonly pos: number }
  | { readonly kind: 'filter'; readonly predicate: Expr; readonly pos: number }
  | { readonly kind: 'count'; readonly filter?: Expr; readonly search?: SearchExpr; readonly pos: number }
  | {
      readonly kind: 'lambda';
      readonly op: 'any' | 'all';
      readonly variable?: string;
      readonly predicate?: Expr;
      readonly pos: number;
    };

/**
 * A path that `MemberExpr` cannot express: one that starts at `$root/`, or holds a key
 * (`$root/Employees('A1')/Name`), a bound or unbound function call (`Products/Model.Best()/Name`,
 * `Model.Similar(Word=Name)`), a `$filter(…)` segment, `$count(…)` with options, or a lambda after
 * any of those. Segments are in URL order; names are not resolved.
 */
export interface PathExpr {
  readonly kind: 'path';
  readonly segments: readonly PathExprSegment[];
  readonly pos: number;
}

export type Expr =
  | LiteralExpr
  | MemberExpr
  | BinaryExpr
  | NotExpr
  | NegateExpr
  | InExpr
  | CallExpr
  | TypeNameExpr
  | LambdaExpr
  | JsonExpr
  | ArrayExpr
  | ObjectExpr
  | PathExpr;

export interface OrderByItem {
  readonly expr: Expr;
  readonly direction: 'asc' | 'desc';
}

/**
 * `$select` item: `*`, `Namespace.*`, a property path with optional nested options (a path may
 * also name an action or function, `Model.ActionName`: the model decides), or `overload`: a
 * function with the parameter names of one of its overloads, `Model.F(Location,Kind)` (`path` is
 * `['Model.F']`, or `['Model.Type', 'Model.F']` after a type cast).
 */
export type SelectItem =
  | { readonly kind: 'star'; readonly pos: number }
  | { readonly kind: 'allOperations'; readonly namespace: string; readonly pos: number }
  | { readonly kind: 'path'; readonly path: readonly string[]; readonly options?: QueryOptions; readonly pos: number }
  | { readonly kind: 'overload'; readonly path: readonly string[]; readonly parameterNames: readonly string[]; readonly pos: number };

export interface ExpandItem {
  /**
   * `*` expands every navigation property. A path ending in `'*'` (`Address/*`) expands every
   * navigation property of a complex property. `$value` expands the media stream of a media entity.
   */
  readonly path: readonly string[] | '*' | '$value';
  readonly ref: boolean;
  readonly count: boolean;
  readonly options: QueryOptions;
  readonly pos: number;
}

/**
 * `$search` as syntax. A `"quoted phrase"` is a term with `phrase: true`; so is an incomplete
 * expression sent as a single-quoted string for type-ahead (`$search='"blue gr'`), its text unescaped.
 */
export type SearchExpr =
  | { readonly kind: 'term'; readonly text: string; readonly phrase: boolean }
  | { readonly kind: 'not'; readonly operand: SearchExpr }
  | { readonly kind: 'and' | 'or'; readonly left: SearchExpr; readonly right: SearchExpr };

export interface ComputeItem {
  readonly expr: Expr;
  readonly alias: string;
}

/** System query options as syntax. Absent options are `undefined`. */
export interface QueryOptions {
  readonly select?: readonly SelectItem[];
  readonly expand?: readonly ExpandItem[];
  readonly filter?: Expr;
  readonly orderby?: readonly OrderByItem[];
  readonly top?: number;
  readonly skip?: number;
  readonly count?: boolean;
  readonly search?: SearchExpr;
  readonly compute?: readonly ComputeItem[];
  readonly levels?: number | 'max';
  readonly format?: string;
  readonly skiptoken?: string;
  readonly deltatoken?: string;
  readonly id?: string;
  readonly schemaversion?: string;
  /** `$index=-1`: the position for an insert into an ordered collection (may be negative). */
  readonly index?: number;
}

/**
 * A key predicate: `(1)`, `('a')`, `(id=1)`, `(a=1,b='x')`. Parameter aliases in keys are
 * resolved by the parser, so values are always literals.
 */
export type KeyPredicate =
  | { readonly kind: 'single'; readonly value: LiteralExpr }
  | { readonly kind: 'named'; readonly pairs: readonly { readonly name: string; readonly value: LiteralExpr }[] };

/**
 * One segment of a resource path. The parser knows no model, so some kinds mean "this text", and
 * the planner decides what it names:
 * - `identifier`: an entity set, singleton, property, navigation property, function import or
 *   action import called without parentheses, an unqualified type cast or bound operation, or a
 *   key written as a segment that looks like a name (`Customers/ALFKI`). `key` is the key
 *   predicate directly after it; `Name(a=1)` is a key when the text is valid key syntax, and the
 *   planner reads it as function parameters when `Name` is a function import or function;
 * - `cast`: a qualified name without parentheses: a type cast, or a bound operation called
 *   without parentheses (`…/Model.ProductsByColor/$query`);
 * - `call`: a function or action call with parentheses: `TheBestProduct()`, `Model.F(p=1)` (a
 *   qualified name with named parameters is always a call), `F(p=@a)` when the parentheses cannot
 *   be a key (empty, whitespace, a `null`, an alias whose value is not a literal, or a key
 *   predicate follows); parameter values are literals or alias values;
 * - `key`: a key predicate after anything but an `identifier` (`F(p=1)(2)`, `Model.Type(1)`, `$filter(…)(1)`);
 * - `keyOrIndex`: a segment that is not a name (`Customers/1`, `People/O'Neil`, `Addresses/-1`),
 *   decoded text as written: a key written as a segment (key-as-segment convention), or the
 *   ordinal index of an element of an ordered collection;
 * - `filter`: `$filter(predicate)`; `each`: `$each`; `query`: `$query` (last segment);
 * - `crossjoin`: `$crossjoin(A,B)` and `all`: `$all` (first segment only).
 */
export type PathSegment =
  | { readonly kind: 'identifier'; readonly name: string; readonly key?: KeyPredicate }
  | { readonly kind: 'count' }
  | { readonly kind: 'value' }
  | { readonly kind: 'ref' }
  | { readonly kind: 'cast'; readonly typeName: string }
  | { readonly kind: 'call'; readonly name: string; readonly parameters: readonly NamedParameter[] }
  | { readonly kind: 'key'; readonly key: KeyPredicate }
  | { readonly kind: 'keyOrIndex'; readonly text: string }
  | { readonly kind: 'filter'; readonly predicate: Expr }
  | { readonly kind: 'each' }
  | { readonly kind: 'query' }
  | { readonly kind: 'crossjoin'; readonly entitySets: readonly string[] }
  | { readonly kind: 'all' };

export type ResourcePath =
  | { readonly kind: 'serviceDocument' }
  | { readonly kind: 'metadata' }
  | { readonly kind: 'batch' }
  /** `$entity?$id=…`; `typeName` is set for `$entity/Namespace.Type?$id=…`. */
  | { readonly kind: 'entity'; readonly id: string; readonly typeName?: string }
  | { readonly kind: 'resource'; readonly segments: readonly PathSegment[] };

export interface ODataRequest {
  readonly path: ResourcePath;
  readonly options: QueryOptions;
  /** Query parameters that are not system options nor aliases (custom options), as decoded text. */
  readonly customOptions: ReadonlyMap<string, string>;
}

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
 * `a`, `a/b/c`, `$it/a`, `$root/...` is not supported yet. Segments are identifiers as written.
 * The parser also produces these segments, all as written: `$it` / `$this` (first segment only),
 * type casts `Namespace.Type`, annotations `@Namespace.Term` / `@Term#qualifier`, and `$count`
 * (last segment only, `Products/$count gt 0`).
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
  | JsonExpr;

export interface OrderByItem {
  readonly expr: Expr;
  readonly direction: 'asc' | 'desc';
}

/** `$select` item: `*`, `Namespace.*`, or a property path with optional nested options. */
export type SelectItem =
  | { readonly kind: 'star'; readonly pos: number }
  | { readonly kind: 'allOperations'; readonly namespace: string; readonly pos: number }
  | { readonly kind: 'path'; readonly path: readonly string[]; readonly options?: QueryOptions; readonly pos: number };

export interface ExpandItem {
  /**
   * `*` expands every navigation property. A path ending in `'*'` (`Address/*`) expands every
   * navigation property of a complex property.
   */
  readonly path: readonly string[] | '*';
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
}

/**
 * A key predicate: `(1)`, `('a')`, `(id=1)`, `(a=1,b='x')`. Parameter aliases in keys are
 * resolved by the parser, so values are always literals.
 */
export type KeyPredicate =
  | { readonly kind: 'single'; readonly value: LiteralExpr }
  | { readonly kind: 'named'; readonly pairs: readonly { readonly name: string; readonly value: LiteralExpr }[] };

export type PathSegment =
  | { readonly kind: 'identifier'; readonly name: string; readonly key?: KeyPredicate }
  | { readonly kind: 'count' }
  | { readonly kind: 'value' }
  | { readonly kind: 'ref' }
  | { readonly kind: 'cast'; readonly typeName: string };

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

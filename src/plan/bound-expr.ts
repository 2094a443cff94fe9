import type { EdmEnumType, EdmPrimitiveName, PropertyRepresentation } from '../model/edm-model.js';
import type { ArithmeticOp, ComparisonOp } from '../parse/syntax.js';

/** Built-in Postgres types the compiler may cast a parameter to (never user text). */
export type PgScalar =
  | 'bool' | 'bytea' | 'date' | 'float4' | 'float8' | 'int2' | 'int4' | 'int8' | 'interval'
  | 'numeric' | 'text' | 'time' | 'timestamptz' | 'uuid';

/** The Postgres type of a value: a built-in scalar, or a user-defined enum type. */
export type PgTypeRef =
  | { readonly kind: 'scalar'; readonly name: PgScalar }
  | { readonly kind: 'enum'; readonly schema: string; readonly name: string };

/** The EDM type of an expression after binding. */
export type ExprType =
  | { readonly kind: 'primitive'; readonly name: EdmPrimitiveName }
  | { readonly kind: 'enum'; readonly enumType: EdmEnumType }
  | { readonly kind: 'null' };

/** A column of a table in the FROM clause, with everything the compiler needs to use it. */
export interface ColumnRef {
  readonly kind: 'column';
  readonly alias: string;
  readonly column: string;
  /** `timestamp without time zone` columns are read as UTC. */
  readonly utcTimestamp: boolean;
  /** The column's type has no EDM counterpart: it is read and compared as its text form. */
  readonly asText: boolean;
  /** The column is shown as another type (an integer key as a Guid, a date as an instant); null: as itself. */
  readonly representation: PropertyRepresentation | null;
  readonly type: ExprType;
  readonly collection: boolean;
  readonly nullable: boolean;
}

export interface ValueExpr {
  readonly kind: 'value';
  /** Text for numbers (no JavaScript float in between), booleans, Buffers for binary. */
  readonly value: string | boolean | Uint8Array;
  readonly pgType: PgTypeRef;
  readonly type: ExprType;
  readonly nullable: false;
}

export interface NullExpr {
  readonly kind: 'null';
  readonly type: ExprType;
  readonly nullable: true;
}

export interface CompareExpr {
  readonly kind: 'compare';
  readonly op: Exclude<ComparisonOp, 'has'>;
  readonly left: BoundExpr;
  readonly right: BoundExpr;
  /** Two strings compared as `lower()` of each (`EdmModel.caseInsensitiveText`); absent: as they are. */
  readonly caseInsensitive?: true;
  readonly type: ExprType;
  readonly nullable: boolean;
}

export interface LogicalExpr {
  readonly kind: 'logical';
  readonly op: 'and' | 'or';
  readonly operands: readonly BoundExpr[];
  readonly type: ExprType;
  readonly nullable: boolean;
}

export interface NotBoundExpr {
  readonly kind: 'not';
  readonly operand: BoundExpr;
  readonly type: ExprType;
  readonly nullable: false;
}

export interface ArithmeticExpr {
  readonly kind: 'arithmetic';
  readonly op: ArithmeticOp;
  readonly left: BoundExpr;
  readonly right: BoundExpr;
  readonly type: ExprType;
  readonly nullable: boolean;
}

export interface NegateBoundExpr {
  readonly kind: 'negate';
  readonly operand: BoundExpr;
  readonly type: ExprType;
  readonly nullable: boolean;
}

/** `x in (…)`: the non-null values travel as one array parameter (`= any($n)`). */
export interface InListExpr {
  readonly kind: 'inList';
  readonly operand: BoundExpr;
  readonly values: readonly (string | boolean)[];
  readonly elementType: PgTypeRef;
  readonly includesNull: boolean;
  /** A string operand and the values compared as `lower()` of each (`EdmModel.caseInsensitiveText`); absent: as they are. */
  readonly caseInsensitive?: true;
  readonly type: ExprType;
  readonly nullable: boolean;
}

/** `contains`/`startswith`/`endswith` with a literal argument: `operand LIKE pattern`. */
export interface LikeExpr {
  readonly kind: 'like';
  readonly operand: BoundExpr;
  /** The LIKE pattern with `\`, `%` and `_` of the user's text escaped. */
  readonly pattern: string;
  /** A `$search` match: case-insensitive (`ilike`), and a null property simply does not match. */
  readonly search: boolean;
  /** `lower(operand) like lower(pattern)` (`EdmModel.caseInsensitiveText`); absent: as they are. */
  readonly caseInsensitive?: true;
  readonly type: ExprType;
  readonly nullable: boolean;
}

export type FunctionName =
  | 'contains' | 'startswith' | 'endswith' | 'length' | 'indexof' | 'substring' | 'tolower' | 'toupper'
  | 'trim' | 'concat' | 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'fractionalseconds'
  | 'date' | 'time' | 'now' | 'round' | 'floor' | 'ceiling' | 'matchespattern' | 'totalseconds'
  | 'totaloffsetminutes' | 'mindatetime' | 'maxdatetime';

/** `hassubset(a, b)` / `hassubsequence(a, b)` over array columns and collection literals. */
export interface CollectionCallExpr {
  readonly kind: 'collectionCall';
  readonly name: 'hassubset' | 'hassubsequence';
  readonly left: BoundExpr;
  readonly right: BoundExpr;
  readonly type: ExprType;
  readonly nullable: boolean;
}

/** A collection literal (`["a","b"]`), bound as one array parameter. */
export interface ArrayValueExpr {
  readonly kind: 'arrayValue';
  readonly values: readonly (string | boolean)[];
  readonly elementType: PgTypeRef;
  readonly type: ExprType;
  readonly nullable: false;
}

export interface CallBoundExpr {
  readonly kind: 'call';
  readonly name: FunctionName;
  readonly args: readonly BoundExpr[];
  readonly type: ExprType;
  readonly nullable: boolean;
}

/** `cast(x, Edm.T)`: a Postgres cast to `target`. */
export interface CastBoundExpr {
  readonly kind: 'cast';
  readonly operand: BoundExpr;
  readonly target: PgTypeRef;
  readonly type: ExprType;
  readonly nullable: boolean;
}

/** A join to a related table: `alias.innerColumn = outerAlias.outerColumn` for each pair. */
export interface Hop {
  readonly schema: string;
  readonly table: string;
  readonly alias: string;
  readonly outerAlias: string;
  readonly pairs: readonly { readonly outerColumn: string; readonly innerColumn: string }[];
}

/** A value reached over single-valued navigation (`category/name`): a scalar subquery. */
export interface RelatedExpr {
  readonly kind: 'related';
  readonly hops: readonly Hop[];
  readonly value: BoundExpr;
  readonly type: ExprType;
  readonly nullable: true;
}

/** The members of a collection: the elements of an array column, or the entities of a to-many navigation. */
export type CollectionSource =
  | { readonly kind: 'array'; readonly column: ColumnRef; readonly alias: string }
  | { readonly kind: 'navigation'; readonly hop: Hop; readonly targetSet: string };

/** `collection/any(x: …)`, `collection/all(x: …)`, `collection/any()`. */
export interface LambdaBoundExpr {
  readonly kind: 'lambda';
  readonly op: 'any' | 'all';
  readonly source: CollectionSource;
  readonly predicate: BoundExpr | null;
  readonly type: ExprType;
  readonly nullable: false;
}

/** `collection/$count`. */
export interface CountBoundExpr {
  readonly kind: 'count';
  readonly source: CollectionSource;
  readonly type: ExprType;
  readonly nullable: false;
}

export type BoundExpr =
  | ColumnRef
  | CollectionCallExpr
  | ArrayValueExpr
  | RelatedExpr
  | LambdaBoundExpr
  | CountBoundExpr
  | ValueExpr
  | NullExpr
  | CompareExpr
  | LogicalExpr
  | NotBoundExpr
  | ArithmeticExpr
  | NegateBoundExpr
  | InListExpr
  | LikeExpr
  | CallBoundExpr
  | CastBoundExpr;

export const booleanType: ExprType = { kind: 'primitive', name: 'Edm.Boolean' };

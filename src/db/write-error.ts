import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { EdmEntitySet, EdmModel, EdmProperty } from '../model/edm-model.js';
import { mapPgError } from './pg-error.js';

/** The fields of a Postgres error that name what was violated (never shown as they are). */
interface PgWriteError {
  readonly code?: unknown;
  readonly schema?: unknown;
  readonly table?: unknown;
  readonly column?: unknown;
  readonly constraint?: unknown;
  readonly detail?: unknown;
}

/** What was running when the database refused: a delete is refused for rows still referenced. */
export interface WriteErrorContext {
  readonly operation: 'write' | 'delete';
  /**
   * `If-None-Match: *`: the columns of the key the entity was addressed by. A duplicate of that key
   * is a failed precondition (412); a duplicate of another unique key stays a conflict (409).
   */
  readonly createOnlyKey: readonly string[] | null;
  /** The properties the request writes: a value Postgres refuses names its type, and so the property. */
  readonly written: readonly EdmProperty[];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function setOfTable(model: EdmModel, error: PgWriteError): EdmEntitySet | undefined {
  return model.entitySets.find((set) => set.table.schema === error.schema && set.table.name === error.table);
}

/** The columns behind the error: the constraint's, else the column list of a `Key (a, b)=(…)` detail (its values are never used). */
function columnsOf(set: EdmEntitySet | undefined, error: PgWriteError): readonly string[] {
  const constraint = set?.constraints.find((candidate) => candidate.name === error.constraint);
  if (constraint !== undefined) return constraint.columns;
  const listed = /^Key \(([^)]*)\)=/.exec(text(error.detail) ?? '')?.[1];
  return listed === undefined ? [] : listed.split(',').map((column) => column.trim().replace(/^"|"$/g, ''));
}

/** Property names for columns (a hidden column keeps no name: it is left out). */
function propertiesOf(set: EdmEntitySet | undefined, columns: readonly string[]): readonly string[] {
  if (set === undefined) return [];
  return columns.flatMap((column) => set.entityType.properties.filter((property) => property.column === column).map((property) => property.name));
}

function listed(names: readonly string[]): string {
  return names.map((name) => `'${name}'`).join(', ');
}

function options(error: unknown, names: readonly string[]): { cause: unknown; target?: string } {
  return names[0] === undefined ? { cause: error } : { cause: error, target: names[0] };
}

function foreignKeyError(error: unknown, model: EdmModel, set: EdmEntitySet | undefined, columns: readonly string[], context: WriteErrorContext): ODataError {
  const navigation = set?.entityType.navigationProperties.find(
    (candidate) => candidate.constraints.length > 0 && candidate.join.length === columns.length && candidate.join.every((pair) => columns.includes(pair.sourceColumn)),
  );
  const principal = navigation === undefined ? undefined : model.entitySets.find((candidate) => candidate.name === navigation.targetSet);
  if (context.operation === 'delete') {
    const by = set === undefined ? 'other entities' : `${set.name}${navigation === undefined ? '' : ` (through '${navigation.name}')`}`;
    return new ODataError(409, ErrorCodes.referenced, `The ${principal?.entityType.name ?? 'entity'} is still referenced by ${by}: remove or rebind those first`, { cause: error });
  }
  const names = propertiesOf(set, columns);
  const related = principal?.entityType.name ?? 'related entity';
  const target = navigation === undefined ? names[0] : `${navigation.name}@odata.bind`;
  return new ODataError(400, ErrorCodes.invalidBinding, `The ${related} that ${listed(names)} refers to does not exist`, target === undefined ? { cause: error } : { cause: error, target });
}

/**
 * The one table from a Postgres error of a write to an OData error, naming properties rather than
 * columns or constraints: unique violation → 409 (412 for create-only), foreign key → 400 on the
 * referring side and 409 on a delete of a referenced row, not-null and check violations → 400.
 * Anything else goes through the general table (`pg-error.ts`).
 */
export function mapWriteError(error: unknown, model: EdmModel, context: WriteErrorContext): ODataError {
  if (error instanceof ODataError) return error;
  const fields = (error ?? {}) as PgWriteError;
  const set = setOfTable(model, fields);
  const entity = set?.entityType.name ?? 'entity';
  switch (fields.code) {
    case '23505': {
      const columns = columnsOf(set, fields);
      const names = propertiesOf(set, columns);
      const key = context.createOnlyKey;
      if (key !== null && key.length === columns.length && key.every((column) => columns.includes(column))) {
        return new ODataError(412, ErrorCodes.preconditionFailed, `The ${entity} already exists`, options(error, names));
      }
      return new ODataError(409, ErrorCodes.conflict, `Another ${entity} already has the same ${listed(names) || 'key'}`, options(error, names));
    }
    case '23503':
      return foreignKeyError(error, model, set, columnsOf(set, fields), context);
    case '23502': {
      const names = propertiesOf(set, [text(fields.column) ?? '']);
      return new ODataError(400, ErrorCodes.constraintViolated, `${listed(names) || 'A property'} of the ${entity} cannot be null`, options(error, names));
    }
    case '23514': {
      const names = propertiesOf(set, columnsOf(set, fields));
      const what = names.length === 0 ? 'The values break' : `The value of ${listed(names)} breaks`;
      return new ODataError(400, ErrorCodes.constraintViolated, `${what} a rule of the ${entity} in the database`, options(error, names));
    }
    case '23P01':
      return new ODataError(409, ErrorCodes.conflict, `The ${entity} conflicts with another one`, { cause: error });
    case '428C9':
      return new ODataError(400, ErrorCodes.constraintViolated, `A property of the ${entity} is generated by the database and cannot be written`, { cause: error });
    default:
      return invalidValueError(error, fields, context) ?? mapPgError(error);
  }
}

/**
 * A value Postgres could not read as its column's type (class 22, e.g. `invalid input syntax for
 * type inet`): the written property of that type is named as the target, when there is one.
 */
function invalidValueError(error: unknown, fields: PgWriteError, context: WriteErrorContext): ODataError | undefined {
  const sqlState = text(fields.code) ?? '';
  const message = text((error as { message?: unknown }).message) ?? '';
  const typeName = /for type ([\w ]+?)(?::|$)/.exec(message)?.[1];
  if (!sqlState.startsWith('22') || typeName === undefined) return undefined;
  const suspects = context.written.filter((property) => property.pgType.name === typeName || property.pgType.formatted.startsWith(typeName));
  const target = suspects.length === 1 ? suspects[0]?.name : undefined;
  if (target === undefined) return undefined;
  return new ODataError(400, ErrorCodes.invalidBody, `The value of '${target}' is not valid: ${message.split('\n')[0] ?? ''}`, {
    cause: error,
    target,
    details: [{ code: ErrorCodes.invalidBody, message: `is not a valid ${typeName} value`, target }],
  });
}

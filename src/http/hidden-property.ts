import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { EdmEntitySet, EdmModel } from '../model/edm-model.js';
import { findEntitySet, findNavigationProperty, findProperty } from '../model/find-in-model.js';

/** The planner's unknown-property messages (400, or 404 in a path): `Product has no property 'cost'`, `… has no navigation property 'x'`. */
const UNKNOWN_MEMBER = /(\S+) has no (?:navigation )?property '([^'/]+)/;
/** A body's unknown member: `'cost' is not a property of Catalog.Product`. */
const UNKNOWN_BODY_MEMBER = /^'([^']+)' is not a property of (\S+)$/;

function hasMember(set: EdmEntitySet, name: string): boolean {
  return findProperty(set, name) !== undefined || findNavigationProperty(set, name) !== undefined;
}

/** Whether `name` is a member of the entity type (matched by `typeMatches`) in the whole model that the caller's model leaves out. */
function isHidden(full: EdmModel, served: EdmModel, typeMatches: (set: EdmEntitySet) => boolean, name: string): boolean {
  return full.entitySets.some((set) => {
    if (!typeMatches(set) || !hasMember(set, name)) return false;
    const seen = findEntitySet(served, set.name);
    return seen !== undefined && !hasMember(seen, name);
  });
}

function forbiddenProperty(name: string): ODataError {
  return new ODataError(403, ErrorCodes.forbidden, `The property '${name}' is not available to this caller`, { target: name });
}

/** The member a planner error says is unknown, when the caller's model hides it; null otherwise. */
function hiddenMember(error: ODataError, full: EdmModel, served: EdmModel): string | null {
  if (error.code === ErrorCodes.unknownProperty || error.code === ErrorCodes.notFound) {
    const [, typeName = '', name = ''] = UNKNOWN_MEMBER.exec(error.message) ?? [];
    return isHidden(full, served, (set) => set.entityType.name === typeName, name) ? name : null;
  }
  if (error.code === ErrorCodes.invalidBody) {
    for (const detail of error.details) {
      const [, path = '', qualifiedName = ''] = UNKNOWN_BODY_MEMBER.exec(detail.message) ?? [];
      const name = path.split('/').at(-1) ?? '';
      if (isHidden(full, served, (set) => set.entityType.qualifiedName === qualifiedName, name)) return name;
    }
  }
  return null;
}

/**
 * A request planned against the caller's model names a property that model leaves out (field-level
 * security): when the whole model has it, the answer is 403 naming it rather than 400 unknown
 * property, so the caller learns it is denied, not mistyped. Other errors pass through.
 */
export function revealHiddenProperty(error: unknown, full: EdmModel, served: EdmModel): unknown {
  if (!(error instanceof ODataError) || full === served) return error;
  const name = hiddenMember(error, full, served);
  return name === null ? error : forbiddenProperty(name);
}

/** Runs a planning step against the caller's model, turning its unknown-property errors about hidden properties into 403. */
export function planFor<T>(full: EdmModel, served: EdmModel, plan: () => T): T {
  try {
    return plan();
  } catch (error) {
    throw revealHiddenProperty(error, full, served);
  }
}

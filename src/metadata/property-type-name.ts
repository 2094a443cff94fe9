import { assertNever } from '../errors/assert-never.js';
import type { EdmTypeRef } from '../model/edm-model.js';

/** The CSDL name of a property's (element) type: `Edm.Int32`, or the enum's qualified name. */
export function propertyTypeName(type: EdmTypeRef): string {
  switch (type.kind) {
    case 'primitive':
      return type.name;
    case 'enum':
      return type.qualifiedName;
    default:
      return assertNever(type);
  }
}

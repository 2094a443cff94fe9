import type { AuthContext } from '../auth/auth-context.js';
import { checkEntitySetAllowed } from '../auth/authenticate.js';
import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { EdmEntitySet, EdmModel } from '../model/edm-model.js';
import { findEntitySet } from '../model/find-in-model.js';
import { percentDecode } from '../parse/percent-decode.js';
import type { HttpInput } from './http-input.js';
import type { ServiceContext } from './service-context.js';

/**
 * The entity set a connector route names in its last path segment (`$connector/…/{entitySet}`),
 * in the caller's model: one its credentials allow (403 otherwise) and that it can see (404).
 */
export function connectorEntitySet(input: HttpInput, caller: AuthContext, context: ServiceContext): { readonly set: EdmEntitySet; readonly model: EdmModel } {
  const name = percentDecode(input.path.slice(input.path.lastIndexOf('/') + 1), 'path').text;
  checkEntitySetAllowed(caller, name);
  const { model } = context.modelFor(caller.role);
  const set = findEntitySet(model, name);
  if (set === undefined) throw new ODataError(404, ErrorCodes.unknownEntitySet, `There is no entity set '${name}'`, { target: name });
  return { set, model };
}

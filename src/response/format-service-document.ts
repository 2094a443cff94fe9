import type { EdmModel } from '../model/edm-model.js';
import { jsonContentType, type JsonFormat, type ODataResponse } from './odata-response.js';

/** The service document: every entity set with its URL, relative to the service root. */
export function formatServiceDocument(model: EdmModel, serviceRoot: string, format: JsonFormat): ODataResponse {
  const body = {
    ...(format.metadata === 'none' ? {} : { '@odata.context': `${serviceRoot}/$metadata` }),
    value: model.entitySets.map((set) => ({ name: set.name, kind: 'EntitySet', url: set.name })),
  };
  return { status: 200, headers: { 'content-type': jsonContentType(format) }, body: JSON.stringify(body) };
}

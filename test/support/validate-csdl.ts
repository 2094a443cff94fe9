/**
 * Validates CSDL documents against the official OASIS schemas in
 * `../shared/external/odata/csdl-schemas/` (beside the repository, as CI lays it out):
 * CSDL XML against `edmx.xsd` (which imports `edm.xsd`; neither imports anything else), and
 * CSDL JSON against `csdl.schema.json` (JSON Schema draft-07, so the default Ajv class).
 */
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import ajvFormats from 'ajv-formats';
import { validateXML } from 'xmllint-wasm';
import { oasisPath } from './oasis-material.js';

/** Folder of the OASIS CSDL schemas and examples. */
export const csdlSchemasDir = oasisPath('csdl-schemas');

/** Errors of `xml` against the CSDL XML schema; empty when the document is valid. */
export async function validateCsdlXml(xml: string): Promise<readonly string[]> {
  const [edmx, edm] = await Promise.all([
    readFile(path.join(csdlSchemasDir, 'edmx.xsd'), 'utf8'),
    readFile(path.join(csdlSchemasDir, 'edm.xsd'), 'utf8'),
  ]);
  const result = await validateXML({
    xml: [{ fileName: 'metadata.xml', contents: xml }],
    schema: [{ fileName: 'edmx.xsd', contents: edmx }],
    // edmx.xsd imports edm.xsd by this relative schemaLocation.
    preload: [{ fileName: 'edm.xsd', contents: edm }],
  });
  return result.errors.map((error) => error.rawMessage);
}

/** Errors of `document` against the CSDL JSON schema; empty when the document is valid. */
export function validateCsdlJson(document: unknown): readonly string[] {
  const schema: unknown = JSON.parse(readFileSync(path.join(csdlSchemasDir, 'csdl.schema.json'), 'utf8'));
  // The OASIS schema uses `examples` and `default` beside `$ref`: legal draft-07, but not strict.
  const ajv = new Ajv({ allErrors: true, strict: false });
  // ajv-formats is CommonJS: under NodeNext its default export is the module object.
  ajvFormats.default(ajv);
  const validate = ajv.compile(schema as object);
  return validate(document) ? [] : (validate.errors ?? []).map(formatAjvError);
}

function formatAjvError(error: ErrorObject): string {
  return `${error.instancePath || '/'} ${error.message ?? error.keyword}`;
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, type ParseError } from 'jsonc-parser';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * A Power Platform connector schema from `../shared/external/powerplatform/schemas/` (beside the
 * repository, as CI lays it out): JSON with comments and trailing commas. Its `id` and `$schema`
 * are left out, since the copy is compiled on its own (the definition schema is draft-04, the
 * paconn ones draft-07). Missing or unreadable material fails loudly.
 */
export function loadPowerPlatformSchema(name: 'apiDefinition.swagger.schema.json' | 'paconn-apiProperties.schema.json'): Record<string, unknown> {
  const file = path.resolve(repoRoot, '..', 'shared', 'external', 'powerplatform', 'schemas', name);
  const errors: ParseError[] = [];
  const schema = parse(readFileSync(file, 'utf8'), errors, { allowTrailingComma: true }) as Record<string, unknown>;
  if (errors.length > 0) throw new Error(`${file} does not parse as JSON with comments (${errors.length} errors)`);
  const { $schema: _meta, id: _id, ...rest } = schema;
  return rest;
}

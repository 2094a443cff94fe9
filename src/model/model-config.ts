import { readFile } from 'node:fs/promises';
import { z } from 'zod';

const propertyOverride = z.strictObject({
  name: z.string().min(1).optional(),
  hidden: z.boolean().optional(),
});

const entitySetOverride = z.strictObject({
  name: z.string().min(1).optional(),
  entityType: z.string().min(1).optional(),
  hidden: z.boolean().optional(),
  readOnly: z.boolean().optional(),
  /** Columns that identify a row of a view or of a table without primary key. */
  key: z.array(z.string().min(1)).min(1).optional(),
  properties: z.record(z.string(), propertyOverride).optional(),
  /** Columns `$search` looks in; by default every text column that is not a collection. */
  search: z.array(z.string().min(1)).optional(),
  /** The largest page this set serves, instead of MAX_PAGE_SIZE. */
  maxPageSize: z.number().int().positive().optional(),
  /**
   * `$count=true` reports the planner's estimate, annotated as such, when the estimate exceeds
   * this many rows (an exact count of a very large table costs a full scan); exact otherwise.
   */
  estimateCountAbove: z.number().int().nonnegative().optional(),
  /**
   * A version column of the table or view (its Postgres name) that ETags come from instead of the
   * row's `xmin`: an integer column is advanced by one and a timestamp column set to the clock on
   * every update the service makes; a column of another type must be maintained by the database.
   */
  etagColumn: z.string().min(1).optional(),
  /** Updates and deletes must send `If-Match` (428 otherwise); the set must have an ETag. */
  requireIfMatch: z.boolean().optional(),
  /**
   * The column the Dataverse root keys this set by, instead of the one it picks (the uuid key, a
   * Guid of the integer key, or the surrogate column odata_guid): a not-null uuid column with a
   * unique index, such as a uuid every row already carries beside an integer key.
   */
  guidKey: z.string().min(1).optional(),
});

/**
 * The optional model config file: overrides keyed by table name (`products`) or by
 * schema-qualified name (`sales.products`).
 */
const modelConfigSchema = z.strictObject({
  entitySets: z.record(z.string(), entitySetOverride).default({}),
});

export type ModelConfig = z.infer<typeof modelConfigSchema>;
export type EntitySetOverride = z.infer<typeof entitySetOverride>;

export const emptyModelConfig: ModelConfig = { entitySets: {} };

export class ModelConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelConfigError';
  }
}

export function parseModelConfig(value: unknown, source: string): ModelConfig {
  const parsed = modelConfigSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.join('.') ?? '';
  throw new ModelConfigError(`Invalid model config ${source}${where ? ` at ${where}` : ''}: ${issue?.message ?? 'invalid'}`);
}

/** Reads the JSON model config file; `undefined` path means no overrides. */
export async function loadModelConfig(path: string | undefined): Promise<ModelConfig> {
  if (path === undefined) return emptyModelConfig;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ModelConfigError(`Cannot read model config ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ModelConfigError(`Model config ${path} is not valid JSON`);
  }
  return parseModelConfig(value, path);
}

/** The override for a relation: the schema-qualified entry wins over the bare table name. */
export function overrideFor(config: ModelConfig, schema: string, table: string): EntitySetOverride {
  return config.entitySets[`${schema}.${table}`] ?? config.entitySets[table] ?? {};
}

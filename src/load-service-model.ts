import type { Knex } from 'knex';
import type { Config } from './config/config.js';
import { withAuditSet } from './model/audit-set.js';
import { buildModel } from './model/build-model.js';
import type { EdmModel } from './model/edm-model.js';
import { introspect } from './model/introspect.js';
import { loadModelConfig } from './model/model-config.js';
import { AUDIT_SCHEMA, AUDIT_TABLE } from './sql/compile-audit.js';

export interface ServiceModel {
  readonly model: EdmModel;
  readonly schemas: readonly string[];
  /** What the model config asked for and could not have, one line each, for the log. */
  readonly notices: readonly string[];
}

/**
 * The model the service serves: the configured schemas' catalog (plus the audit table when
 * auditing is on, as the read-only set AuditLog) with the model config's overrides. The service
 * and the CLI's connector command read it the same way.
 */
export async function loadServiceModel(knex: Knex, config: Config): Promise<ServiceModel> {
  const schemas = config.audit ? [...new Set([...config.schemas, AUDIT_SCHEMA])] : config.schemas;
  const catalog = await introspect(knex, schemas);
  const configured = await loadModelConfig(config.modelConfigPath);
  const modelConfig = config.audit ? withAuditSet(configured, AUDIT_SCHEMA, AUDIT_TABLE) : configured;
  const { model, notices } = buildModel(catalog, { namespace: config.namespace, config: modelConfig });
  return { model, schemas, notices };
}

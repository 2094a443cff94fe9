import type { ModelConfig } from './model-config.js';

/**
 * With auditing on, the audit table is served as the read-only entity set `AuditLog` (field-level
 * security shows it only to roles granted SELECT on it, the demo's `catalog_admin`). The model
 * config may name it otherwise or hide it: its own entry for the table wins.
 */
export function withAuditSet(config: ModelConfig, auditSchema: string, auditTable: string): ModelConfig {
  const qualified = `${auditSchema}.${auditTable}`;
  if (config.entitySets[qualified] !== undefined) return config;
  return { ...config, entitySets: { ...config.entitySets, [qualified]: { name: 'AuditLog', entityType: 'AuditRecord', readOnly: true } } };
}

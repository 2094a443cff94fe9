import type { Knex } from 'knex';
import * as createCategories from './0001-create-categories.js';
import * as createSuppliers from './0002-create-suppliers.js';
import * as createProducts from './0003-create-products.js';
import * as createDemoRoles from './0004-create-demo-roles.js';
import * as createAuditLog from './0005-create-audit-log.js';
import * as trackProductChanges from './0006-track-product-changes.js';
import * as deltaWindows from './0007-delta-windows.js';

export interface NamedMigration {
  readonly name: string;
  readonly migration: Knex.Migration;
}

/**
 * The demo database migrations in the order they apply. Listed here (not read from a folder)
 * so knex loads them the same way under vitest, tsx and the compiled `dist/`.
 * A name, once released, never changes: knex records it in its migrations table.
 */
export const migrations: readonly NamedMigration[] = [
  { name: '0001-create-categories', migration: createCategories },
  { name: '0002-create-suppliers', migration: createSuppliers },
  { name: '0003-create-products', migration: createProducts },
  { name: '0004-create-demo-roles', migration: createDemoRoles },
  { name: '0005-create-audit-log', migration: createAuditLog },
  { name: '0006-track-product-changes', migration: trackProductChanges },
  { name: '0007-delta-windows', migration: deltaWindows },
];

import type { Knex } from 'knex';
import { installAudit } from '../src/db/audit-install.js';

export async function up(knex: Knex): Promise<void> {
  await installAudit(knex);
  // The demo's administrator reads the audit records; no other role can.
  await knex.raw('grant select on odata_facade_audit.write_log to catalog_admin');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop schema odata_facade_audit cascade');
}

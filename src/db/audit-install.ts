import type { Knex } from 'knex';
import { ConfigError } from '../config/config.js';
import { AUDIT_FUNCTION, AUDIT_SCHEMA, AUDIT_TABLE } from '../sql/compile-audit.js';
import { qualifiedName, quoteIdent } from '../sql/sql-fragments.js';

const schema = quoteIdent(AUDIT_SCHEMA);
const table = qualifiedName(AUDIT_SCHEMA, AUDIT_TABLE);
const signature = `${qualifiedName(AUDIT_SCHEMA, AUDIT_FUNCTION)}(text, text, text, text, jsonb, text[])`;

/** The audit table's name as an operator reads it in messages. */
export const AUDIT_TABLE_NAME = `${AUDIT_SCHEMA}.${AUDIT_TABLE}`;

/**
 * The audit table and the function that appends to it, idempotent. Nobody but the owner holds a
 * privilege on the table: callers append through the SECURITY DEFINER function (EXECUTE and the
 * schema's USAGE are granted to PUBLIC), so they can neither read, change nor forge records; an
 * administrator role is granted SELECT on the table by hand.
 */
const INSTALL_SQL: readonly string[] = [
  `create schema if not exists ${schema}`,
  `create table if not exists ${table} (
    id bigint generated always as identity primary key,
    at timestamptz not null default now(),
    principal text not null,
    request_id text not null,
    operation text not null check (operation in ('create', 'update', 'upsert-create', 'delete', 'property', 'reference')),
    entity_set text not null,
    entity_key jsonb not null,
    changed text[] not null
  )`,
  `create or replace function ${signature} returns void
    language sql security definer set search_path = pg_catalog, pg_temp
    as $$ insert into ${table} (principal, request_id, operation, entity_set, entity_key, changed) values ($1, $2, $3, $4, $5, $6) $$`,
  `revoke all on ${table} from public`,
  `grant usage on schema ${schema} to public`,
  `grant execute on function ${signature} to public`,
];

/** Creates the audit schema, table and function where they are missing, in one transaction (`odata-facade audit-install`, migration 0005). */
export async function installAudit(knex: Knex): Promise<void> {
  await knex.transaction(async (trx) => {
    for (const statement of INSTALL_SQL) await trx.raw(statement);
  });
}

/** With `AUDIT=on` the service does not start without its audit table: it never creates one silently in a database it does not own. */
export async function checkAuditInstalled(knex: Knex): Promise<void> {
  const result = await knex.raw<{ rows: { installed: boolean }[] }>(`select to_regprocedure(?) is not null and to_regclass(?) is not null as installed`, [
    signature,
    table,
  ]);
  if (result.rows[0]?.installed === true) return;
  throw new ConfigError(
    `Invalid environment variable AUDIT: it is on, but the audit table ${AUDIT_TABLE_NAME} (or its function) is missing; run "odata-facade audit-install" on this database, or set AUDIT=off`,
  );
}

import type { Knex } from 'knex';
import type { EdmModel } from './edm-model.js';
import { tableKey, type RolePrivileges } from './role-model.js';

const MISSING_ROLES_SQL = `
select r.name from json_array_elements_text(?::json) r(name)
where not exists (select from pg_catalog.pg_roles where rolname = r.name)`;

/** Per role and table of the model: the columns the role may SELECT (a table grant covers every column). */
const READABLE_COLUMNS_SQL = `
select r.name as role, n.nspname as schema, c.relname as table,
       array(select a.attname from pg_catalog.pg_attribute a
             where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
               and has_column_privilege(r.name, c.oid, a.attnum, 'SELECT')
             order by a.attnum)::text[] as columns
from json_array_elements_text(?::json) r(name)
cross join json_to_recordset(?::json) t(schema text, name text)
join pg_catalog.pg_namespace n on n.nspname = t.schema
join pg_catalog.pg_class c on c.relnamespace = n.oid and c.relname = t.name`;

interface ReadableRow { role: string; schema: string; table: string; columns: string[] }

/**
 * The columns each role may read in the tables and views behind the model's entity sets. Roles
 * that do not exist are returned by name instead (the privilege functions fail on them).
 */
export async function introspectPrivileges(
  knex: Knex,
  model: EdmModel,
  roles: readonly string[],
): Promise<{ readonly missing: readonly string[]; readonly privileges: ReadonlyMap<string, RolePrivileges> }> {
  if (roles.length === 0) return { missing: [], privileges: new Map() };
  const names = JSON.stringify(roles);
  const missing = (await knex.raw<{ rows: { name: string }[] }>(MISSING_ROLES_SQL, [names])).rows.map((row) => row.name);
  if (missing.length > 0) return { missing, privileges: new Map() };
  const tables = JSON.stringify(model.entitySets.map((set) => ({ schema: set.table.schema, name: set.table.name })));
  const rows = (await knex.raw<{ rows: ReadableRow[] }>(READABLE_COLUMNS_SQL, [names, tables])).rows;
  const privileges = new Map<string, Map<string, ReadonlySet<string>>>(roles.map((role) => [role, new Map()]));
  for (const row of rows) privileges.get(row.role)?.set(tableKey(row.schema, row.table), new Set(row.columns));
  return { missing, privileges };
}

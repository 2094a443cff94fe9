import type { Knex } from 'knex';
import { TRACKING_TRIGGER } from '../sql/compile-change-tracking.js';
import type { Catalog, CatalogColumn, CatalogConstraint, CatalogEnum, CatalogForeignKey, CatalogRelation } from './catalog.js';

const RELATIONS_SQL = `
select c.oid::int8 as oid, n.nspname as schema, c.relname as name,
       case when c.relkind in ('r', 'p', 'f') then 'table' else 'view' end as kind,
       exists (select 1 from pg_catalog.pg_trigger t
               where t.tgrelid = c.oid and t.tgname = ? and t.tgenabled <> 'D') as tracked
from pg_catalog.pg_class c
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where n.nspname in (select json_array_elements_text(?::json))
  and c.relkind in ('r', 'p', 'f', 'v', 'm')
  and not c.relispartition
  and c.relname not in ('knex_migrations', 'knex_migrations_lock')
order by n.nspname, c.relname`;

const COLUMNS_SQL = `
select a.attrelid::int8 as relid, a.attname as name, a.attnum as num,
       format_type(a.atttypid, a.atttypmod) as formatted, a.atttypmod as typmod,
       a.attnotnull as not_null, a.atthasdef as has_default,
       a.attidentity as identity, a.attgenerated as generated,
       (t.typcategory = 'A') as is_array,
       en.nspname as type_schema, et.typname as type_name, et.typtype as type_kind,
       case when bt.typtype = 'd' then bt.typtypmod else a.atttypmod end as base_typmod
from pg_catalog.pg_attribute a
join pg_catalog.pg_type t on t.oid = a.atttypid
join pg_catalog.pg_type bt on bt.oid = case when t.typcategory = 'A' then t.typelem else t.oid end
join pg_catalog.pg_type et on et.oid = case when bt.typtype = 'd' then bt.typbasetype else bt.oid end
join pg_catalog.pg_namespace en on en.oid = et.typnamespace
where a.attrelid in (select json_array_elements_text(?::json)::oid) and a.attnum > 0 and not a.attisdropped
order by a.attrelid, a.attnum`;

const KEYS_SQL = `
select i.indrelid::int8 as relid, i.indisprimary as is_primary,
       array(select a.attname from unnest(i.indkey) with ordinality k(attnum, ord)
             join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
             order by k.ord)::text[] as columns
from pg_catalog.pg_index i
where i.indrelid in (select json_array_elements_text(?::json)::oid) and i.indisunique and i.indisvalid
  and i.indpred is null and i.indexprs is null and not (0 = any(i.indkey::int2[]))
order by i.indrelid, i.indisprimary desc, i.indexrelid`;

/** Primary key, unique, foreign key and check constraints; the target of a foreign key besides. */
const CONSTRAINTS_SQL = `
select c.conrelid::int8 as relid, c.conname as name, c.contype as type,
       tn.nspname as target_schema, tc.relname as target_table,
       array(select a.attname from unnest(c.conkey) with ordinality k(attnum, ord)
             join pg_catalog.pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
             order by k.ord)::text[] as columns,
       array(select a.attname from unnest(c.confkey) with ordinality k(attnum, ord)
             join pg_catalog.pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum
             order by k.ord)::text[] as target_columns
from pg_catalog.pg_constraint c
left join pg_catalog.pg_class tc on tc.oid = c.confrelid
left join pg_catalog.pg_namespace tn on tn.oid = tc.relnamespace
where c.contype in ('p', 'u', 'f', 'c') and c.conrelid in (select json_array_elements_text(?::json)::oid)
order by c.conrelid, c.conname`;

const ENUMS_SQL = `
select n.nspname as schema, t.typname as name,
       array_agg(e.enumlabel order by e.enumsortorder)::text[] as labels
from pg_catalog.pg_type t
join pg_catalog.pg_namespace n on n.oid = t.typnamespace
join pg_catalog.pg_enum e on e.enumtypid = t.oid
group by n.nspname, t.typname
order by n.nspname, t.typname`;

interface RelationRow { oid: string; schema: string; name: string; kind: 'table' | 'view'; tracked: boolean }
interface ColumnRow {
  relid: string; name: string; formatted: string; typmod: number; not_null: boolean; has_default: boolean;
  identity: string; generated: string; is_array: boolean; type_schema: string; type_name: string;
  type_kind: string; base_typmod: number;
}
interface KeyRow { relid: string; is_primary: boolean; columns: string[] }
interface ConstraintRow {
  relid: string; name: string; type: 'p' | 'u' | 'f' | 'c'; target_schema: string | null; target_table: string | null;
  columns: string[]; target_columns: string[];
}

const CONSTRAINT_KINDS: Readonly<Record<ConstraintRow['type'], CatalogConstraint['kind']>> = {
  p: 'primaryKey',
  u: 'unique',
  f: 'foreignKey',
  c: 'check',
};

/** The foreign key a constraint row is, if it is one. */
function foreignKeysOf(row: ConstraintRow): CatalogForeignKey[] {
  if (row.type !== 'f' || row.target_schema === null || row.target_table === null) return [];
  return [{ name: row.name, columns: row.columns, targetSchema: row.target_schema, targetTable: row.target_table, targetColumns: row.target_columns }];
}

function generationOf(row: ColumnRow): CatalogColumn['generation'] {
  if (row.identity === 'a') return 'identityAlways';
  if (row.identity === 'd') return 'identityByDefault';
  if (row.generated === 's') return 'stored';
  return null;
}

function toColumn(row: ColumnRow): CatalogColumn {
  return {
    name: row.name,
    typeSchema: row.type_schema,
    typeName: row.type_name,
    typeKind: row.type_kind,
    isArray: row.is_array,
    formatted: row.formatted,
    typmod: Number(row.base_typmod),
    notNull: row.not_null,
    hasDefault: row.has_default,
    generation: generationOf(row),
  };
}

function groupBy<T extends { relid: string }>(rows: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.relid);
    if (group === undefined) groups.set(row.relid, [row]);
    else group.push(row);
  }
  return groups;
}

/**
 * Reads tables, views (with whether their change-log trigger is enabled), columns, keys, constraints
 * (foreign keys among them) and enums of the given schemas. Lists are bound as one JSON parameter,
 * since knex expands a JavaScript array binding into a value list.
 */
export async function introspect(knex: Knex, schemas: readonly string[]): Promise<Catalog> {
  const relations = (await knex.raw<{ rows: RelationRow[] }>(RELATIONS_SQL, [TRACKING_TRIGGER, JSON.stringify(schemas)])).rows;
  const oids = JSON.stringify(relations.map((relation) => relation.oid));
  const [columns, keys, constraints, enums] = await Promise.all([
    knex.raw<{ rows: ColumnRow[] }>(COLUMNS_SQL, [oids]),
    knex.raw<{ rows: KeyRow[] }>(KEYS_SQL, [oids]),
    knex.raw<{ rows: ConstraintRow[] }>(CONSTRAINTS_SQL, [oids]),
    knex.raw<{ rows: { schema: string; name: string; labels: string[] }[] }>(ENUMS_SQL),
  ]);
  const columnsByRelation = groupBy(columns.rows);
  const keysByRelation = groupBy(keys.rows);
  const constraintsByRelation = groupBy(constraints.rows);

  const catalogRelations: CatalogRelation[] = relations.map((relation) => {
    const relationKeys = keysByRelation.get(relation.oid) ?? [];
    const primary = relationKeys.find((key) => key.is_primary);
    const relationConstraints = constraintsByRelation.get(relation.oid) ?? [];
    return {
      schema: relation.schema,
      name: relation.name,
      kind: relation.kind,
      columns: (columnsByRelation.get(relation.oid) ?? []).map(toColumn),
      primaryKey: primary?.columns ?? null,
      uniqueKeys: relationKeys.filter((key) => !key.is_primary).map((key) => key.columns),
      foreignKeys: relationConstraints.flatMap(foreignKeysOf),
      constraints: relationConstraints.map((row) => ({ name: row.name, kind: CONSTRAINT_KINDS[row.type], columns: row.columns })),
      tracked: relation.tracked,
    };
  });
  const catalogEnums: CatalogEnum[] = enums.rows.map((row) => ({ schema: row.schema, name: row.name, labels: row.labels }));
  return { relations: catalogRelations, enums: catalogEnums };
}

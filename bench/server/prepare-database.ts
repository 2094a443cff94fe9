import knexFactory from 'knex';
import { migrateLatest } from '../../src/db/migrate.js';
import { seedDemo } from '../../src/db/seed-demo.js';
import { commandLine, parentPid } from './proc-stats.js';

export interface PreparedDatabase {
  readonly products: number;
  /** Product keys spread over the table, for point reads. */
  readonly pointIds: readonly string[];
  /** The cluster's postmaster when it runs on this machine (found through a backend's parent). */
  readonly postmasterPid: number | undefined;
}

const POINT_IDS = 1000;

function progress(done: number, total: number): void {
  if (done === total || done % 25_000 === 0) process.stderr.write(`server: seeded ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} products\n`);
}

/** Our backend's parent, if this machine runs it: `postgres: …` backends are children of the postmaster. */
function findPostmaster(backendPid: number): number | undefined {
  if (!commandLine(backendPid).startsWith('postgres:')) return undefined;
  return parentPid(backendPid);
}

/**
 * Applies the demo migrations, seeds `rows` products (seeding does nothing when products exist),
 * refreshes the planner statistics and picks the keys the point reads rotate over.
 */
export async function prepareDatabase(url: string, rows: number): Promise<PreparedDatabase> {
  const knex = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
  try {
    await migrateLatest(knex);
    await seedDemo(knex, { rows, onProgress: progress });
    await knex.raw('analyze');
    const count = await knex.raw<{ rows: { count: string }[] }>('select count(*) as count from public.products');
    const ids = await knex.raw<{ rows: { id: string }[] }>('select id::text as id from public.products order by md5(id::text) limit ?', [POINT_IDS]);
    const backend = await knex.raw<{ rows: { pid: number }[] }>('select pg_backend_pid() as pid');
    const backendPid = backend.rows[0]?.pid;
    return {
      products: Number(count.rows[0]?.count ?? 0),
      pointIds: ids.rows.map((row) => row.id),
      postmasterPid: backendPid === undefined ? undefined : findPostmaster(backendPid),
    };
  } finally {
    await knex.destroy();
  }
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWriteTransaction, type WriteSession } from '../../../src/db/write-transaction.js';
import { ErrorCodes } from '../../../src/errors/codes.js';
import { ODataError } from '../../../src/errors/odata-error.js';
import { openTestDatabase, testBackends, type TestDatabase } from '../../support/test-database.js';

const names = (database: TestDatabase, like: string): Promise<{ name: string }[]> =>
  database.database.knex.raw<{ rows: { name: string }[] }>('select name from categories where name like ? order by name', [like]).then((result) => result.rows);

const insert = (session: WriteSession, name: string) => session.run({ text: 'insert into categories (name) values ($1::text) returning id', values: [name] });

function retryable(code: string): Error {
  return Object.assign(new Error('could not serialize access'), { code });
}

describe.each(testBackends)('write transactions on %s', (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(backend);
  });
  afterAll(async () => db?.close());

  it('commits what the work wrote, on connections that are read-only by default', async () => {
    const rows = await runWriteTransaction(db.database, (session) => insert(session, 'TX-commit'));
    expect(rows).toHaveLength(1);
    expect(await names(db, 'TX-commit')).toEqual([{ name: 'TX-commit' }]);
  });

  it('rolls back everything when the work throws', async () => {
    const failure = new ODataError(400, ErrorCodes.invalidBody, 'no');
    await expect(
      runWriteTransaction(db.database, async (session) => {
        await insert(session, 'TX-rollback-1');
        await insert(session, 'TX-rollback-2');
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await names(db, 'TX-rollback-%')).toEqual([]);
  });

  it('runs the work again after a serialization failure or deadlock, from a clean transaction', async () => {
    let attempts = 0;
    const result = await runWriteTransaction(db.database, async (session) => {
      attempts += 1;
      await insert(session, `TX-retry-${attempts}`);
      if (attempts < 3) throw retryable(attempts === 1 ? '40001' : '40P01');
      return attempts;
    });
    expect(result).toBe(3);
    expect(await names(db, 'TX-retry-%')).toEqual([{ name: 'TX-retry-3' }]);
  });

  it('gives up after the bounded number of runs with 503 and Retry-After', async () => {
    let attempts = 0;
    const outcome = await runWriteTransaction(
      db.database,
      async () => {
        attempts += 1;
        throw retryable('40001');
      },
      { retries: 2 },
    ).catch((error: unknown) => error);
    expect(attempts).toBe(3);
    expect(outcome).toBeInstanceOf(ODataError);
    expect((outcome as ODataError).status).toBe(503);
    expect((outcome as ODataError).headers['retry-after']).toBe('1');
  });

  it('does not run again for other errors', async () => {
    let attempts = 0;
    await expect(
      runWriteTransaction(db.database, async (session) => {
        attempts += 1;
        await session.run({ text: 'select 1 / $1::int', values: [0] });
      }),
    ).rejects.toMatchObject({ code: '22012' });
    expect(attempts).toBe(1);
  });
});

describe('write statements on postgres', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase('postgres');
  });
  afterAll(async () => db?.close());

  it('are prepared once per connection, as reads are', async () => {
    const prepared = await runWriteTransaction(db.database, async (session) => {
      await insert(session, 'TX-prepared-1');
      await insert(session, 'TX-prepared-2');
      return session.run({ text: "select count(*)::int as n from pg_prepared_statements where statement like 'insert into categories%'", values: [] });
    });
    expect(prepared[0]?.['n']).toBe(1);
    expect(await names(db, 'TX-prepared-%')).toEqual([{ name: 'TX-prepared-1' }, { name: 'TX-prepared-2' }]);
  });
});

describe('a real deadlock on postgres', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase('postgres');
  });
  afterAll(async () => db?.close());

  it('is resolved by running the losing transaction again: both changes land', async () => {
    const [a, b] = await Promise.all(['TX-dead-a', 'TX-dead-b'].map((name) => runWriteTransaction(db.database, (session) => insert(session, name))));
    const idOf = (rows: readonly Record<string, unknown>[] | undefined): number => Number(rows?.[0]?.['id']);
    let arrived = 0;
    let release: () => void = () => undefined;
    const bothLocked = new Promise<void>((resolve) => {
      release = resolve;
    });
    const lockInOrder = (first: number, second: number, tag: string) => {
      let attempt = 0;
      return runWriteTransaction(db.database, async (session) => {
        attempt += 1;
        await session.run({ text: 'update categories set description = $1::text where id = $2::int', values: [tag, first] });
        if (attempt === 1) {
          arrived += 1;
          if (arrived === 2) release();
          await bothLocked;
        }
        await session.run({ text: 'update categories set description = $1::text where id = $2::int', values: [tag, second] });
        return attempt;
      });
    };
    const attempts = await Promise.all([lockInOrder(idOf(a), idOf(b), 'one'), lockInOrder(idOf(b), idOf(a), 'two')]);
    expect(attempts.sort()).toEqual([1, 2]);
    const rows = await db.database.knex.raw<{ rows: { description: string }[] }>('select description from categories where id = any(?::int[])', [[idOf(a), idOf(b)]]);
    const descriptions = new Set(rows.rows.map((row) => row.description));
    expect(descriptions.size).toBe(1);
  });
});

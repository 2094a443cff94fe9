import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database, type SessionOptions } from '../../../src/db/database.js';
import { runStatement, type Row } from '../../../src/db/run-in-transaction.js';
import { ErrorCodes } from '../../../src/errors/codes.js';
import { ODataError } from '../../../src/errors/odata-error.js';
import type { SqlStatement } from '../../../src/sql/sql-statement.js';
import { openTestDatabase, testBackends, type TestDatabase } from '../../support/test-database.js';

function sql(text: string, ...values: readonly unknown[]): SqlStatement {
  return { text, values };
}

const sleep = (seconds: number): SqlStatement => sql('select pg_sleep($1::float8) as slept', seconds);
const number = (n: number): SqlStatement => sql('select $1::int as n', n);
const divideByZero = (n: number): SqlStatement => sql('select $1::int / 0 as n', n);

/** The rejection of `promise`, which must be an ODataError. */
async function odataErrorOf(promise: Promise<unknown>): Promise<ODataError> {
  const outcome: unknown = await promise.then(
    () => 'fulfilled',
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(ODataError);
  return outcome as ODataError;
}

/** The SQLSTATE of the driver error an ODataError was made from. */
function sqlStateOf(error: ODataError): unknown {
  const cause: unknown = error.cause;
  return typeof cause === 'object' && cause !== null && 'code' in cause ? cause.code : undefined;
}

async function scalar(database: Database, statement: SqlStatement, column: string): Promise<unknown> {
  const rows = await runStatement(database, statement);
  expect(rows).toHaveLength(1);
  return rows[0]?.[column];
}

/**
 * Runs `work` on a database with `session`: on a server a second pool of ONE connection on the
 * copy; embedded a fresh in-memory PGlite (knex-pglite always has a pool of one). The cases that
 * use it need no fixture data.
 */
async function withSession(copy: TestDatabase, session: SessionOptions, work: (database: Database) => Promise<void>): Promise<void> {
  const config = copy.databaseConfig;
  const pglite = config.kind === 'server' ? undefined : await PGlite.create();
  const database =
    config.kind === 'server' ? openDatabase({ ...config, poolMax: 1 }, session) : openDatabase({ kind: 'embedded', dataDir: null }, session, pglite);
  try {
    await work(database);
  } finally {
    await closeWithin(database, 5_000);
    if (pglite !== undefined && !pglite.closed) await pglite.close();
  }
}

/** knex waits for every connection to come back before it closes: a leaked one must fail, not hang. */
async function closeWithin(database: Database, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`closing took over ${ms} ms: a connection was not given back to the pool`)), ms);
  });
  try {
    await Promise.race([database.close(), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Tells in which order promises settled (`label` on success, `label!` on failure). */
function settleOrder(entries: readonly (readonly [string, Promise<unknown>])[]): { order: string[]; all: Promise<PromiseSettledResult<unknown>[]> } {
  const order: string[] = [];
  const tracked = entries.map(([label, promise]) =>
    promise.then(
      (value) => {
        order.push(label);
        return value;
      },
      (error: unknown) => {
        order.push(`${label}!`);
        throw error;
      },
    ),
  );
  return { order, all: Promise.allSettled(tracked) };
}

function expectBusy(error: ODataError): void {
  expect(error.status).toBe(503);
  expect(error.code).toBe(ErrorCodes.databaseBusy);
  expect(ErrorCodes.databaseBusy).toBe('OF407');
  expect(error.headers).toEqual({ 'retry-after': '1' });
}

describe.each(testBackends)('runStatement on %s', (backend) => {
  let copy: TestDatabase;
  beforeAll(async () => {
    copy = await openTestDatabase(backend);
  });
  afterAll(async () => copy?.close());

  it('runs the statement with UTC, ISO 8601 intervals, read-only', async () => {
    const rows = await runStatement(
      copy.database,
      sql("select current_setting('TimeZone') as tz, current_setting('IntervalStyle') as style, current_setting('transaction_read_only') as ro"),
    );
    expect(rows).toEqual([{ tz: 'UTC', style: 'iso_8601', ro: 'on' }]);
    // the settings reach values, not just current_setting
    const [row] = await runStatement(copy.database, sql("select '2024-01-02 03:04:05+02'::timestamptz::text as ts, interval '1 day 2 hours' ::text as iv"));
    expect(row).toEqual({ ts: '2024-01-02 01:04:05+00', iv: 'P1DT2H' });
  });

  // Embedded, the settings are `set local` in each transaction (on a server they are the
  // connection's startup parameters, which a session-level SET would override: nothing does that).
  it.runIf(backend === 'pglite')('applies the settings per transaction, whatever the session has, and leaves the session alone', async () => {
    await withSession(copy, { statementTimeoutMs: 100 }, async (database) => {
      const settings = "select current_setting('TimeZone') as tz, current_setting('IntervalStyle') as style, current_setting('statement_timeout') as timeout";
      await database.knex.raw("set TimeZone = 'America/New_York'");
      await database.knex.raw("set IntervalStyle = 'postgres'");
      expect(await runStatement(database, sql(settings))).toEqual([{ tz: 'UTC', style: 'iso_8601', timeout: '100ms' }]);
      const session = await database.knex.raw<{ rows: Row[] }>(settings);
      expect(session.rows).toEqual([{ tz: 'America/New_York', style: 'postgres', timeout: '0' }]);
    });
  });

  it('binds the values to the $n placeholders', async () => {
    const rows = await runStatement(copy.database, sql('select $1::text as a, $2::int as b, $3::text is null as c', 'x', 7, null));
    expect(rows).toEqual([{ a: 'x', b: 7, c: true }]);
  });

  describe('read-only', () => {
    const readingsCount = sql('select count(*)::int as n, count(*) filter (where sensor = $1)::int as mine from fixtures.readings', 'run-statement-test');

    it('rejects a write with 500 OF402 (SQLSTATE 25006) and changes nothing', async () => {
      const before = await runStatement(copy.database, readingsCount);
      expect(before).toEqual([{ n: expect.any(Number), mine: 0 }]);
      expect((before[0] as Row)['n']).toBeGreaterThan(0);

      const error = await odataErrorOf(
        runStatement(copy.database, sql('insert into fixtures.readings (sensor, taken_at, value) values ($1, now(), 1) returning sensor', 'run-statement-test')),
      );
      expect(sqlStateOf(error)).toBe('25006');
      expect(error.status).toBe(500);
      expect(error.code).toBe(ErrorCodes.queryFailed);
      expect(error.message).toBe('The query failed');

      expect(await runStatement(copy.database, readingsCount)).toEqual(before);
      // and outside runStatement's transaction too (knex: autocommit)
      const direct = await copy.database.knex.raw<{ rows: Row[] }>('select count(*)::int as n from fixtures.readings');
      expect(direct.rows).toEqual([{ n: (before[0] as Row)['n'] }]);
    });

    it('rejects DDL, even of a temporary table', async () => {
      const error = await odataErrorOf(runStatement(copy.database, sql('create temp table run_statement_probe (a int)')));
      expect(sqlStateOf(error)).toBe('25006');
      expect(error.status).toBe(500);
      expect(error.code).toBe(ErrorCodes.queryFailed);
      expect(await scalar(copy.database, sql("select to_regclass('pg_temp.run_statement_probe') is null as absent"), 'absent')).toBe(true);
    });

    // The test copies are opened as the service opens its pool (server: read-only by default, so a
    // read is its statement alone); a pool opened without it gets `begin read only` … `commit`.
    it.runIf(backend === 'postgres')('refuses writes on a pool that is not read-only by default, too', async () => {
      await withSession(copy, {}, async (database) => {
        expect(database.readOnlyByDefault).toBe(false);
        const before = await runStatement(database, readingsCount);
        for (const write of [
          sql('insert into fixtures.readings (sensor, taken_at, value) values ($1, now(), 1) returning sensor', 'run-statement-test'),
          sql('with gone as (delete from fixtures.readings returning 1) select count(*)::int as n from gone'),
        ]) {
          expect(sqlStateOf(await odataErrorOf(runStatement(database, write)))).toBe('25006');
        }
        expect(await runStatement(database, readingsCount)).toEqual(before);
      });
      expect(copy.database.readOnlyByDefault).toBe(true);
    });

    it('keeps a data-modifying CTE out, too', async () => {
      const error = await odataErrorOf(
        runStatement(copy.database, sql('with gone as (delete from fixtures.readings returning 1) select count(*)::int as n from gone')),
      );
      expect(sqlStateOf(error)).toBe('25006');
      expect(await scalar(copy.database, readingsCount, 'n')).toBeGreaterThan(0);
    });
  });

  describe('failures', () => {
    it('maps a division by zero to 400 OF404', async () => {
      for (const statement of [sql('select 1/0'), divideByZero(3)]) {
        const error = await odataErrorOf(runStatement(copy.database, statement));
        expect(sqlStateOf(error)).toBe('22012');
        expect(error.status).toBe(400);
        expect(error.code).toBe(ErrorCodes.invalidValue);
        expect(ErrorCodes.invalidValue).toBe('OF404');
        expect(error.message).toBe('Division by zero');
      }
    });

    it('leaves the one pooled connection usable, outside any transaction, after failures in a row', async () => {
      await withSession(copy, {}, async (database) => {
        for (let round = 0; round < 3; round += 1) {
          for (const statement of [sql('select 1/0'), divideByZero(round), sql('select * from no_such_table'), sql('select $1::int as n', 'not a number')]) {
            await odataErrorOf(runStatement(database, statement));
          }
          expect(await runStatement(database, sql("select current_setting('transaction_read_only') as ro, $1::int as n", round))).toEqual([
            { ro: 'on', n: round },
          ]);
        }
        // the same (only) connection, used outside runStatement: no transaction was left open or aborted
        const outside = await database.knex.raw<{ rows: Row[] }>("select current_setting('transaction_read_only') as ro");
        expect(outside.rows).toEqual([{ ro: 'off' }]);
      });
    });

    it('gives the connection back after a success and after a failure', async () => {
      // a pool of one: a connection not given back makes the next acquire time out
      await withSession(copy, { acquireTimeoutMs: 1_000 }, async (database) => {
        expect(await runStatement(database, number(1))).toEqual([{ n: 1 }]);
        const free = await database.knex.raw<{ rows: Row[] }>('select 1 as one');
        expect(free.rows).toEqual([{ one: 1 }]);
        await odataErrorOf(runStatement(database, divideByZero(1)));
        const stillFree = await database.knex.raw<{ rows: Row[] }>('select 2 as two');
        expect(stillFree.rows).toEqual([{ two: 2 }]);
      });
    });

    it('gives every one of many concurrent statements its own answer, failures included', async () => {
      await withSession(copy, {}, async (database) => {
        const count = 21;
        const fails = (i: number): boolean => i % 3 === 1;
        const results = await Promise.allSettled(
          Array.from({ length: count }, (_, i) => runStatement(database, fails(i) ? divideByZero(i) : number(i))),
        );
        results.forEach((result, i) => {
          if (fails(i)) {
            expect(result.status, `statement ${i}`).toBe('rejected');
            const reason: unknown = result.status === 'rejected' ? result.reason : undefined;
            expect(reason).toBeInstanceOf(ODataError);
            expect((reason as ODataError).code).toBe(ErrorCodes.invalidValue);
            expect(sqlStateOf(reason as ODataError)).toBe('22012');
          } else {
            expect(result, `statement ${i}`).toEqual({ status: 'fulfilled', value: [{ n: i }] });
          }
        });
        const outside = await database.knex.raw<{ rows: Row[] }>("select current_setting('transaction_read_only') as ro");
        expect(outside.rows).toEqual([{ ro: 'off' }]);
      });
    });

    it('keeps answers apart on the shared pool too', async () => {
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => runStatement(copy.database, sql('select $1::int as n, $2::text as s', i, `s${i}`))));
      expect(results).toEqual(Array.from({ length: 40 }, (_, i) => [{ n: i, s: `s${i}` }]));
    });
  });

  describe('statement timeout', () => {
    it('applies statementTimeoutMs to the statement only when given', async () => {
      expect(await scalar(copy.database, sql("select current_setting('statement_timeout') as t"), 't')).toBe('0');
      await withSession(copy, { statementTimeoutMs: 100 }, async (database) => {
        expect(await scalar(database, sql("select current_setting('statement_timeout') as t"), 't')).toBe('100ms');
      });
    });

    // PGlite runs in-process and single-threaded: pg_sleep blocks the event loop and
    // statement_timeout never fires (the setting is applied, see above, but nothing cancels).
    // The cancellation is therefore asserted on the server only.
    it.runIf(backend === 'postgres')('cancels a statement running longer with 503 OF406 and Retry-After', async () => {
      await withSession(copy, { statementTimeoutMs: 100 }, async (database) => {
        const started = performance.now();
        const error = await odataErrorOf(runStatement(database, sleep(2)));
        expect(performance.now() - started).toBeLessThan(1500);
        expect(sqlStateOf(error)).toBe('57014');
        expect(error.status).toBe(503);
        expect(error.code).toBe(ErrorCodes.queryCanceled);
        expect(ErrorCodes.queryCanceled).toBe('OF406');
        expect(error.headers).toEqual({ 'retry-after': '1' });
        // the canceled statement's transaction was rolled back; the connection serves the next one
        expect(await scalar(database, sql("select current_setting('transaction_read_only') as ro"), 'ro')).toBe('on');
        expect(await scalar(database, sleep(0.01), 'slept')).toBe('');
      });
    });

    it('lets a slow statement finish without a timeout', async () => {
      const started = performance.now();
      expect(await runStatement(copy.database, sleep(0.2))).toEqual([{ slept: '' }]);
      expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    });
  });

  describe('waiting for a connection', () => {
    it('answers 503 OF407 at once to requests beyond queueMax, serves the others', async () => {
      await withSession(copy, { queueMax: 2, acquireTimeoutMs: 30_000 }, async (database) => {
        await runStatement(database, number(0)); // the connection exists and is idle: the slow one takes it without waiting
        const slow = runStatement(database, sleep(0.5));
        const rest = Array.from({ length: 5 }, (_, i) => runStatement(database, number(i + 1)));
        const { order, all } = settleOrder([['slow', slow], ...rest.map((promise, i): [string, Promise<unknown>] => [`n${i + 1}`, promise])]);
        const [slowResult, ...restResults] = await all;
        expect(slowResult).toEqual({ status: 'fulfilled', value: [{ slept: '' }] });
        // two wait (queueMax 2) and are served after the slow one
        expect(restResults.slice(0, 2)).toEqual([
          { status: 'fulfilled', value: [{ n: 1 }] },
          { status: 'fulfilled', value: [{ n: 2 }] },
        ]);
        for (const result of restResults.slice(2)) {
          expect(result.status).toBe('rejected');
          const reason: unknown = result.status === 'rejected' ? result.reason : undefined;
          expect(reason).toBeInstanceOf(ODataError);
          expectBusy(reason as ODataError);
        }
        // "at once": the three refusals come before the slow statement is done
        expect(order).toEqual(['n3!', 'n4!', 'n5!', 'slow', 'n1', 'n2']);
        // the bound counts waiting requests only: the queue drained, the next request is served
        expect(await runStatement(database, number(9))).toEqual([{ n: 9 }]);
      });
    });

    it('answers 503 OF407 when the wait exceeds acquireTimeoutMs', async () => {
      await withSession(copy, { acquireTimeoutMs: 100 }, async (database) => {
        await runStatement(database, number(0));
        // PGlite's pg_sleep blocks the event loop, so the acquire timer could only fire after the
        // sleep, when the connection is free again; an open knex transaction holds the one
        // connection there without blocking. On the server a sleeping statement holds it.
        const holder = backend === 'postgres' ? undefined : await database.knex.transaction();
        const slow = holder === undefined ? runStatement(database, sleep(0.5)) : undefined;
        try {
          const started = performance.now();
          const error = await odataErrorOf(runStatement(database, number(1)));
          expect(performance.now() - started).toBeLessThan(450);
          expectBusy(error);
          expect(error.message).toMatch(/busy/);
        } finally {
          await holder?.rollback();
        }
        if (slow !== undefined) expect(await slow).toEqual([{ slept: '' }]);
        expect(await runStatement(database, number(2))).toEqual([{ n: 2 }]);
      });
    });
  });

  it('refuses a text of several statements, so none can leave the read-only transaction', async () => {
    const before = await runStatement(copy.database, sql('select count(*)::int as n from fixtures.readings'));
    const error = await odataErrorOf(runStatement(copy.database, sql("commit; insert into fixtures.readings (sensor, taken_at) values ('x', now()); select 1")));
    expect(error.status).toBe(500);
    expect(await runStatement(copy.database, sql('select count(*)::int as n from fixtures.readings'))).toEqual(before);
  });

  it('answers 503 OF401 with Retry-After when no connection can be had at all', async () => {
    await withSession(copy, {}, async (database) => {
      await database.close();
      const error = await odataErrorOf(runStatement(database, number(1)));
      expect(error.status).toBe(503);
      expect(error.code).toBe(ErrorCodes.databaseUnavailable);
      expect(error.headers).toEqual({ 'retry-after': '1' });
    });
  });

  // On a server each statement shape is prepared once per connection, and at most 200 stay prepared.
  it.runIf(backend === 'postgres')('prepares a statement shape once per connection and keeps at most 200 prepared', async () => {
    await withSession(copy, {}, async (database) => {
      const prepared = sql('select count(*)::int as n from pg_prepared_statements');
      const before = await scalar(database, prepared, 'n');
      for (let round = 0; round < 3; round++) expect(await scalar(database, sql('select $1::int + 1 as n', round), 'n')).toBe(round + 1);
      expect(await scalar(database, prepared, 'n')).toBe(Number(before) + 1);
      for (let shape = 0; shape < 250; shape++) {
        expect(await scalar(database, sql(`select $1::int + ${shape} as n`, 1), 'n')).toBe(shape + 1);
      }
      expect(await scalar(database, prepared, 'n')).toBe(200);
    });
  });

  it.runIf(backend === 'postgres')('prepares nothing when prepareStatements is off, values still bound', async () => {
    await withSession(copy, { prepareStatements: false }, async (database) => {
      for (let shape = 0; shape < 5; shape++) expect(await scalar(database, sql(`select $1::int + ${shape} as n`, 1), 'n')).toBe(shape + 1);
      expect(await scalar(database, sql('select count(*)::int as n from pg_prepared_statements'), 'n')).toBe(0);
    });
  });
});

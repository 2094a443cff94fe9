import { setTimeout as sleep } from 'node:timers/promises';
import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { SqlStatement } from '../sql/sql-statement.js';
import type { Database } from './database.js';
import { settingsStatement, type RequestSettings } from './request-settings.js';
import { acquire, embeddedBegin, preparedQuery, release, type DriverConnection, type PoolClient, type Row } from './run-in-transaction.js';

/** Statements of one read-write transaction, run one after the other. */
export interface WriteSession {
  /** Runs a statement and collects its rows; a database error rejects with the driver's error, unmapped. */
  run(statement: SqlStatement): Promise<readonly Row[]>;
}

export interface WriteTransactionOptions {
  /** How often the whole transaction runs again after a serialization failure or a deadlock. */
  readonly retries?: number;
  /** The caller's role and claims, set first in the transaction. */
  readonly settings?: RequestSettings;
}

const BEGIN_READ_WRITE = 'begin read write';
/** Serialization failure and deadlock: the transaction may succeed when run again. */
const RETRYABLE = new Set(['40001', '40P01']);
const DEFAULT_RETRIES = 3;

/** The SQLSTATE of a driver error, also when it was already turned into an ODataError (its cause). */
function sqlStateOf(error: unknown): string | undefined {
  const driverError = error instanceof ODataError ? error.cause : error;
  const code = (driverError as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** On a server, each statement shape is prepared once per connection, as reads are. */
function sessionOn(connection: DriverConnection, database: Database): WriteSession {
  return {
    run: async (statement) =>
      connection.exec === undefined
        ? (await connection.query(preparedQuery(connection, statement, database))).rows
        : (await connection.query(statement.text, [...statement.values])).rows,
  };
}

async function begin(connection: DriverConnection, database: Database): Promise<void> {
  if (connection.exec !== undefined) await connection.exec(embeddedBegin(database, BEGIN_READ_WRITE));
  else await connection.query(BEGIN_READ_WRITE);
}

async function finish(connection: DriverConnection, command: 'commit' | 'rollback'): Promise<void> {
  if (connection.exec !== undefined) await connection.exec(command);
  else await connection.query(command);
}

async function attempt<T>(connection: DriverConnection, database: Database, work: (session: WriteSession) => Promise<T>, settings: SqlStatement | null): Promise<T> {
  await begin(connection, database);
  let result: T;
  try {
    const session = sessionOn(connection, database);
    if (settings !== null) await session.run(settings);
    result = await work(session);
  } catch (error) {
    await finish(connection, 'rollback').catch(() => undefined);
    throw error;
  }
  await finish(connection, 'commit');
  return result;
}

/**
 * Runs `work` in one read-write transaction on a pooled connection: committed when `work`
 * resolves (a 2xx answer then means the change is durable), rolled back when it throws. A
 * serialization failure or deadlock (also at commit) runs the whole of `work` again, a bounded
 * number of times, with a short random pause; after that the answer is 503 with `Retry-After`.
 * Other errors leave as they came (ODataErrors, or driver errors for the caller to map with the
 * model in hand).
 */
export async function runWriteTransaction<T>(database: Database, work: (session: WriteSession) => Promise<T>, options: WriteTransactionOptions = {}): Promise<T> {
  const retries = options.retries ?? DEFAULT_RETRIES;
  const pool = database.knex.client as unknown as PoolClient;
  for (let round = 0; ; round += 1) {
    const connection = await acquire(pool, database);
    try {
      return await attempt(connection, database, work, settingsStatement(options.settings));
    } catch (error) {
      const state = sqlStateOf(error);
      if (state === undefined || !RETRYABLE.has(state)) throw error;
      if (round >= retries) {
        throw new ODataError(503, ErrorCodes.writeConflict, 'The change collided with concurrent changes; try again', {
          cause: error,
          headers: { 'retry-after': '1' },
        });
      }
    } finally {
      await release(pool, connection);
    }
    await sleep(5 + Math.random() * 20 * (round + 1));
  }
}

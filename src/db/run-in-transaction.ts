import pg from 'pg';
import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { SqlStatement } from '../sql/sql-statement.js';
import type { Database } from './database.js';
import { mapPgError } from './pg-error.js';
import { PreparedStatements } from './prepared-statements.js';
import { settingsStatement, type RequestSettings } from './request-settings.js';
import { RowBuffer, type FlowControl, type Row, type RowSource } from './row-source.js';

export type { Row, RowSource } from './row-source.js';

export interface NamedQuery {
  readonly name: string;
  readonly text: string;
  readonly values: readonly unknown[];
}

/** A `pg` client (its socket reachable for corking) or the PGlite instance (`exec` runs a script). */
export interface DriverConnection {
  query(text: string | NamedQuery, values?: readonly unknown[]): Promise<{ rows: Row[] }>;
  query(submittable: pg.Query): pg.Query;
  exec?(text: string): Promise<unknown>;
  connection?: { stream: FlowControl & { cork(): void; uncork(): void }; parsedStatements: Record<string, string> };
}

/** Receives each row as it arrives (the rows are then not collected), and hears at once when the last has. */
interface RowSink {
  row(row: Row): void;
  allArrived(): void;
}

/** A statement whose rows go to the sink as they arrive instead of being collected (pg's submittable Query). */
function submitStreamed(connection: DriverConnection, query: NamedQuery, sink: RowSink): Promise<{ rows: Row[] }> {
  const submitted = new pg.Query({ ...query, values: [...query.values] });
  const done = new Promise<{ rows: Row[] }>((resolve, reject) => {
    submitted.on('end', () => {
      sink.allArrived();
      resolve({ rows: [] });
    });
    submitted.on('error', reject);
  });
  submitted.on('row', (row: Row) => sink.row(row));
  connection.query(submitted);
  return done;
}

/** knex's client with its tarn pool. */
export interface PoolClient {
  acquireConnection(): Promise<DriverConnection>;
  releaseConnection(connection: DriverConnection): Promise<unknown>;
  pool?: { numPendingAcquires(): number };
}

const BEGIN_READ_ONLY = 'begin read only';
const prepared = new PreparedStatements(200);

/**
 * Embedded, the session settings that a server's connections get at startup (`database.ts`) are
 * transaction-local settings after `begin`. The timeout is a validated integer from the configuration.
 */
export function embeddedBegin(database: Database, begin = BEGIN_READ_ONLY): string {
  const timeout = database.statementTimeoutMs === null ? '' : `; set local statement_timeout = ${Math.trunc(database.statementTimeoutMs)}`;
  return `${begin}; set local TimeZone = 'UTC'; set local IntervalStyle = 'iso_8601'${timeout}`;
}

/**
 * On a server: the statement is prepared under its name (or goes unnamed). On connections opened
 * read-only by default it is sent alone and is its own read-only transaction. Otherwise `begin read
 * only`, the statement and `commit` are written to the socket together and answered in one round
 * trip (the pool's `pg` clients run in pipeline mode); when the statement fails, the transaction is
 * aborted and the `commit` behind it rolls back.
 */
/**
 * The statement as the server connection runs it: under the name it is prepared with on this
 * connection (the least recently used one deallocated first when the connection keeps too many),
 * or unnamed. The unnamed statement also goes through parse/bind: values stay bind parameters
 * either way. Queries go out in the order they are made.
 */
export function preparedQuery(connection: DriverConnection, statement: SqlStatement, database: Database): NamedQuery {
  const { name, evicted } = database.prepareStatements && statement.planEachTime !== true ? prepared.nameFor(connection, statement.text) : { name: '', evicted: undefined };
  if (evicted !== undefined) {
    // `evicted` is one of our own generated names, never request text.
    void connection.query(`deallocate ${evicted}`).catch(() => undefined);
    if (connection.connection !== undefined) delete connection.connection.parsedStatements[evicted];
  }
  return { name, text: statement.text, values: statement.values };
}

async function onServer(connection: DriverConnection, statement: SqlStatement, database: Database, sink: RowSink | undefined, settings: SqlStatement | null): Promise<readonly Row[]> {
  const socket = connection.connection;
  socket?.stream.cork();
  const query = preparedQuery(connection, statement, database);
  const submit = (): Promise<{ rows: Row[] }> => (sink === undefined ? connection.query(query) : submitStreamed(connection, query, sink));
  if (database.readOnlyByDefault && settings === null) {
    const answer = submit();
    socket?.stream.uncork();
    return (await answer).rows;
  }
  const begun = connection.query(BEGIN_READ_ONLY);
  const set = settings === null ? [] : [connection.query(preparedQuery(connection, settings, database))];
  const answer = submit();
  const steps = [begun, ...set, answer, connection.query('commit')];
  socket?.stream.uncork();
  // Every step settles before the connection goes back to the pool; the first failure is the answer.
  const failed = (await Promise.allSettled(steps)).find((step) => step.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return (await answer).rows;
}

/** Embedded: every call is in-process, so the steps simply run in order. */
async function stepByStep(
  connection: DriverConnection,
  exec: (script: string) => Promise<unknown>,
  begin: string,
  statement: SqlStatement,
  settings: SqlStatement | null,
): Promise<readonly Row[]> {
  await exec(begin);
  try {
    if (settings !== null) await connection.query(settings.text, settings.values);
    const { rows } = await connection.query(statement.text, statement.values);
    await exec('commit');
    return rows;
  } catch (error) {
    await exec('rollback').catch(() => undefined);
    throw error;
  }
}

function poolBusy(): ODataError {
  return new ODataError(503, ErrorCodes.databaseBusy, 'The service is busy: too many requests are waiting for the database', {
    headers: { 'retry-after': '1' },
  });
}

export async function acquire(pool: PoolClient, database: Database): Promise<DriverConnection> {
  if ((pool.pool?.numPendingAcquires() ?? 0) >= database.queueMax) throw poolBusy();
  try {
    return await pool.acquireConnection();
  } catch (error) {
    if (error instanceof Error && error.name === 'KnexTimeoutError') throw poolBusy();
    // Without a connection nothing ran: whatever the pool says (refused, shutting down), the database is unavailable.
    const mapped = mapPgError(error);
    throw mapped.status === 500
      ? new ODataError(503, ErrorCodes.databaseUnavailable, 'The database is unavailable', { cause: error, headers: { 'retry-after': '1' } })
      : mapped;
  }
}

/** The statement on the connection, in its read-only transaction; with a `sink`, rows go there as they arrive. */
async function execute(connection: DriverConnection, statement: SqlStatement, database: Database, settings: SqlStatement | null, sink?: RowSink): Promise<readonly Row[]> {
  const exec = connection.exec?.bind(connection);
  if (exec !== undefined) {
    const rows = await stepByStep(connection, exec, embeddedBegin(database), statement, settings);
    if (sink !== undefined) {
      for (const row of rows) sink.row(row);
      sink.allArrived();
    }
    return rows;
  }
  return onServer(connection, statement, database, sink, settings);
}

/**
 * Runs one compiled statement in its own read-only transaction on a pooled connection and always
 * gives the connection back. The statement goes to the driver as `$n` text plus values, exactly as
 * `sql/` compiled it. When more requests than the configured bound already wait for a connection,
 * or the wait times out, the answer is 503 with `Retry-After`. Database errors leave as
 * `ODataError`s (see `pg-error.ts`).
 */
export async function runStatement(database: Database, statement: SqlStatement, settings?: RequestSettings): Promise<readonly Row[]> {
  const pool = database.knex.client as unknown as PoolClient;
  const connection = await acquire(pool, database);
  try {
    return await execute(connection, statement, database, settingsStatement(settings));
  } catch (error) {
    throw mapPgError(error);
  } finally {
    await pool.releaseConnection(connection);
  }
}

const NO_FLOW_CONTROL: FlowControl = { pause: () => undefined, resume: () => undefined };

/**
 * As `runStatement`, but the rows are handed over as they arrive: resolves at the first row (or
 * at the end when there is none), so a large answer can go on to the client while Postgres still
 * sends it. The connection goes back to the pool when the statement is over, read or not; a
 * reader that stops early must `close()` the source. A failure before the first row rejects
 * here; a later one rejects the source's `next()`.
 */
export async function streamStatement(database: Database, statement: SqlStatement, settings?: RequestSettings): Promise<RowSource> {
  const pool = database.knex.client as unknown as PoolClient;
  const connection = await acquire(pool, database);
  const rows = new RowBuffer(connection.connection?.stream ?? NO_FLOW_CONTROL);
  void execute(connection, statement, database, settingsStatement(settings), { row: (row) => rows.push(row), allArrived: () => rows.allArrived() }).then(
    () => rows.end(release(pool, connection)),
    (error: unknown) => rows.end(release(pool, connection), { error: mapPgError(error) }),
  );
  await rows.firstArrival();
  return rows;
}

export async function release(pool: PoolClient, connection: DriverConnection): Promise<void> {
  await pool.releaseConnection(connection).catch(() => undefined);
}

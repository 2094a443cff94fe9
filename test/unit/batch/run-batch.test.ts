import { describe, expect, it } from 'vitest';
import type { BatchItem, BatchOperation, BatchRequest, OperationUrl } from '../../../src/batch/batch-request.js';
import { serviceRootOf } from '../../../src/batch/resolve-target.js';
import { runBatch, type BatchRunner, type SubResponse } from '../../../src/batch/run-batch.js';
import { ODataError } from '../../../src/errors/odata-error.js';
import type { HttpInput } from '../../../src/http/http-input.js';

const root = serviceRootOf('http://localhost:80/odata');

function operation(id: string | undefined, method: string, url: string | OperationUrl, extra: Partial<BatchOperation> = {}): BatchOperation {
  return {
    id,
    method,
    url: typeof url === 'string' ? { kind: 'resolved', path: url, query: '' } : url,
    headers: {},
    body: undefined,
    bodyReferences: [],
    dependsOn: [],
    ...extra,
  };
}

const single = (op: BatchOperation): BatchItem => ({ kind: 'single', operation: op });
const group = (...operations: BatchOperation[]): BatchItem => ({ kind: 'group', id: undefined, operations });
const batchOf = (...items: BatchItem[]): BatchRequest => ({ format: 'multipart', items });

const respond = (status: number, headers: Record<string, string> = {}, body = ''): SubResponse => ({ status, headers, body: Buffer.from(body) });

interface Call {
  readonly input: HttpInput;
  readonly session: number | undefined;
}

/** Marks an error the fake transaction runs its work again for, as a serialization failure is. */
const retryable = (error: unknown): boolean => error instanceof ODataError && error.cause === 'serialization failure';

/**
 * A runner that answers from `answer` (which may throw), keeps every call, and runs transactions
 * as numbered sessions, running the work again after a `retryable` error.
 */
function fakeRunner(answer: (input: HttpInput, call: number) => SubResponse) {
  const calls: Call[] = [];
  const log: string[] = [];
  let sessions = 0;
  const runner: BatchRunner<number> = {
    run: async (input, session) => {
      calls.push({ input, session });
      return answer(input, calls.length);
    },
    atomically: async (work) => {
      for (;;) {
        sessions += 1;
        log.push(`begin ${sessions}`);
        try {
          const result = await work(sessions);
          log.push(`commit ${sessions}`);
          return result;
        } catch (error) {
          log.push(`rollback ${sessions}`);
          if (!retryable(error)) throw error;
        }
      }
    },
    errorResponse: (error) => respond(error.status, { 'content-type': 'application/json' }, JSON.stringify({ code: error.code, message: error.message })),
  };
  return { runner, calls, log };
}

const options = (continueOnError = false) => ({ root, inherited: {}, continueOnError, maxJsonDepth: 32 });

const notFoundFor = (path: string) => (input: HttpInput) => (input.path === path ? respond(404) : respond(200));

describe('runBatch', () => {
  it('runs items in order and stops after the first failure unless asked to go on', async () => {
    const batch = batchOf(single(operation(undefined, 'GET', 'A')), single(operation(undefined, 'GET', 'Missing')), single(operation(undefined, 'GET', 'C')));
    const stopped = fakeRunner(notFoundFor('Missing'));
    const results = await runBatch(batch, stopped.runner, options());
    expect(results.map((result) => [result.succeeded, result.responses[0]?.status])).toEqual([
      [true, 200],
      [false, 404],
    ]);
    expect(stopped.calls.map((call) => call.input.path)).toEqual(['A', 'Missing']);

    const going = fakeRunner(notFoundFor('Missing'));
    expect((await runBatch(batch, going.runner, options(true))).map((result) => result.responses[0]?.status)).toEqual([200, 404, 200]);
  });

  it('runs operations outside groups without a session, a group inside one transaction', async () => {
    const { runner, calls, log } = fakeRunner(() => respond(204));
    await runBatch(batchOf(single(operation(undefined, 'DELETE', 'A')), group(operation('1', 'DELETE', 'B'), operation('2', 'DELETE', 'C'))), runner, options());
    expect(calls.map((call) => [call.input.path, call.session])).toEqual([
      ['A', undefined],
      ['B', 1],
      ['C', 1],
    ]);
    expect(log).toEqual(['begin 1', 'commit 1']);
  });

  it('replaces $<id> in URLs and bind values with the entity the named request created, relative to the service root', async () => {
    const { runner, calls } = fakeRunner((input) =>
      input.path === 'Categories' ? respond(201, { location: 'http://localhost:80/odata/Categories(5)' }) : respond(201, { 'odata-entityid': 'http://localhost/odata/Products(9)' }),
    );
    const items = group(
      operation('1', 'POST', 'Categories'),
      operation('2', 'POST', 'Products', { body: Buffer.from('{"price":1.10,"category@odata.bind":"$1"}'), bodyReferences: ['1'] }),
      operation('3', 'PUT', { kind: 'reference', id: '2', rest: '/category/$ref?x=1' }, { body: Buffer.from('{"@odata.id":"$1"}'), bodyReferences: ['1'] }),
    );
    const [result] = await runBatch(batchOf(items), runner, options());
    expect(result?.succeeded).toBe(true);
    expect(calls[1]?.input.body?.toString()).toBe('{"price":1.10,"category@odata.bind":"Categories(5)"}');
    expect(calls[2]?.input).toMatchObject({ method: 'PUT', path: 'Products(9)/category/$ref', query: 'x=1' });
    expect(calls[2]?.input.body?.toString()).toBe('{"@odata.id":"Categories(5)"}');
  });

  it('rolls a group back at its first failing operation and answers with that failure', async () => {
    const { runner, calls, log } = fakeRunner((input) => (input.path === 'Bad' ? respond(409, {}, 'conflict') : respond(201, { location: 'http://localhost/odata/X(1)' })));
    const items = group(operation('1', 'POST', 'A'), operation('2', 'POST', 'B'), operation('3', 'POST', 'Bad'), operation('4', 'POST', 'D'));
    const [result, ...rest] = await runBatch(batchOf(items, single(operation(undefined, 'GET', 'After'))), runner, options());
    expect(log).toEqual(['begin 1', 'rollback 1']);
    expect(calls.map((call) => call.input.path)).toEqual(['A', 'B', 'Bad']);
    expect(result?.succeeded).toBe(false);
    expect(result?.failure?.operation?.id).toBe('3');
    expect(result?.failure?.response.body.toString()).toBe('conflict');
    expect(result?.responses.map((response) => response.status)).toEqual([424, 424, 409, 424]);
    expect(rest).toEqual([]);
  });

  it('answers a group whose transaction failed with that error for the group', async () => {
    const { runner } = fakeRunner(() => respond(204));
    runner.atomically = async () => {
      throw new ODataError(503, 'OF410', 'collided');
    };
    const [result] = await runBatch(batchOf(group(operation('1', 'DELETE', 'A'), operation('2', 'DELETE', 'B'))), runner, options());
    expect(result?.failure).toMatchObject({ operation: undefined, response: { status: 503 } });
    expect(result?.responses.map((response) => response.status)).toEqual([503, 503]);
  });

  it('starts a group afresh when its transaction runs again', async () => {
    const { runner, calls, log } = fakeRunner((input, call) => {
      if (call === 2) throw new ODataError(503, 'OF410', 'deadlock', { cause: 'serialization failure' });
      return input.path === 'Categories' ? respond(201, { location: `http://localhost/odata/Categories(${call})` }) : respond(204);
    });
    const items = [
      group(operation('1', 'POST', 'Categories'), operation('2', 'PATCH', { kind: 'reference', id: '1', rest: '' })),
      single(operation(undefined, 'GET', 'After')),
    ];
    const [first] = await runBatch(batchOf(...items), runner, options());
    expect(log).toEqual(['begin 1', 'rollback 1', 'begin 2', 'commit 2']);
    expect(first?.succeeded).toBe(true);
    expect(first?.responses.map((response) => response.headers['location'])).toEqual(['http://localhost/odata/Categories(3)', undefined]);
    expect(calls.map((call) => call.input.path)).toEqual(['Categories', 'Categories(1)', 'Categories', 'Categories(3)', 'After']);
  });

  it('fails a group at the operation whose error was thrown inside the transaction', async () => {
    const { runner, log } = fakeRunner((input) => {
      if (input.path === 'Bad') throw new ODataError(409, 'OF405', 'conflict');
      return respond(204);
    });
    const [result] = await runBatch(batchOf(group(operation('1', 'DELETE', 'A'), operation('2', 'DELETE', 'Bad'), operation('3', 'DELETE', 'C'))), runner, options());
    expect(log).toEqual(['begin 1', 'rollback 1']);
    expect(result?.failure?.operation?.id).toBe('2');
    expect(result?.responses.map((response) => response.status)).toEqual([424, 409, 424]);
  });

  it('answers 424 without running what depends on a request or group that failed', async () => {
    const { runner, calls, log } = fakeRunner(notFoundFor('Missing'));
    const batch: BatchRequest = {
      format: 'json',
      items: [
        single(operation('1', 'GET', 'Missing')),
        single(operation('2', 'GET', 'B', { dependsOn: ['1'] })),
        single(operation('3', 'GET', 'C', { dependsOn: ['2'] })),
        { kind: 'group', id: 'g', operations: [operation('4', 'POST', 'D', { dependsOn: ['1'] }), operation('5', 'POST', 'E')] },
        single(operation('6', 'GET', 'F', { dependsOn: ['g'] })),
        single(operation('7', 'GET', 'G')),
      ],
    };
    const results = await runBatch(batch, runner, options(true));
    expect(results.map((result) => result.responses.map((response) => response.status))).toEqual([[404], [424], [424], [424, 424], [424], [200]]);
    expect(calls.map((call) => call.input.path)).toEqual(['Missing', 'G']);
    expect(log).toEqual([]);
    expect(results[3]?.failure?.operation).toBeUndefined();
  });

  it('lets a group member depend on an earlier member of its own group', async () => {
    const { runner, calls } = fakeRunner(() => respond(201, { location: 'http://localhost/odata/X(1)' }));
    const batch: BatchRequest = { format: 'json', items: [{ kind: 'group', id: 'g', operations: [operation('1', 'POST', 'A'), operation('2', 'POST', 'B', { dependsOn: ['1'] })] }] };
    expect((await runBatch(batch, runner, options(true)))[0]?.succeeded).toBe(true);
    expect(calls).toHaveLength(2);
  });

  it('answers 400 for a reference to a request that created nothing, without running it', async () => {
    const { runner, calls } = fakeRunner(() => respond(204));
    const [result] = await runBatch(batchOf(group(operation('1', 'PATCH', 'A'), operation('2', 'DELETE', { kind: 'reference', id: '1', rest: '' }))), runner, options());
    expect(calls).toHaveLength(1);
    expect(result?.failure?.operation?.id).toBe('2');
    expect(result?.failure?.response.status).toBe(400);
    expect(result?.failure?.response.body.toString()).toContain('$1 does not name an entity');
  });

  it('gives operations the batch credentials unless they carry their own', async () => {
    const { runner, calls } = fakeRunner(() => respond(200));
    const inherited = { authorization: 'Bearer batch', 'x-api-key': 'batch-key' };
    await runBatch(batchOf(single(operation(undefined, 'GET', 'A')), single(operation(undefined, 'GET', 'B', { headers: { authorization: 'Bearer own' } }))), runner, { ...options(), inherited });
    expect(calls.map((call) => call.input.headers)).toEqual([inherited, { authorization: 'Bearer own', 'x-api-key': 'batch-key' }]);
  });

  it('lets an unexpected error through (it is the edge that logs it)', async () => {
    const { runner } = fakeRunner(() => {
      throw new TypeError('bug');
    });
    await expect(runBatch(batchOf(group(operation('1', 'DELETE', 'A'))), runner, options())).rejects.toThrow(TypeError);
  });
});

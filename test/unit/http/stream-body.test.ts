import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { readableOf } from '../../../src/http/stream-body.js';
import type { TextStream } from '../../../src/response/odata-response.js';

/** A TextStream over `pieces`; a piece that is an Error makes `next()` reject with it; `null` never resolves. */
function scripted(pieces: readonly (string | Error | null)[]): TextStream & { closed: number } {
  let index = 0;
  const stream = {
    closed: 0,
    next: async (): Promise<string | null> => {
      if (index >= pieces.length) return null;
      const piece = pieces[index++];
      if (piece instanceof Error) throw piece;
      if (piece === null) return new Promise<never>(() => undefined);
      return piece ?? null;
    },
    close: async (): Promise<void> => {
      stream.closed += 1;
    },
  };
  return stream;
}

interface Received {
  readonly status: number;
  readonly headers: Record<string, unknown>;
  readonly text: string;
  /** The response ended properly (false: the connection was cut). */
  readonly complete: boolean;
}

/** GETs `url`; `stopAfterFirstChunk` makes the client go away as soon as bytes arrive. */
function get(url: string, stopAfterFirstChunk = false): Promise<Received> {
  return new Promise((resolve, reject) => {
    const req = request(url, (res) => {
      let text = '';
      const done = (complete: boolean): void => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, complete });
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        if (stopAfterFirstChunk) {
          req.destroy();
          done(false);
        }
      });
      res.on('end', () => done(res.complete));
      res.on('error', () => done(false));
      res.on('aborted', () => done(false));
    });
    req.on('error', (error) => (stopAfterFirstChunk ? undefined : reject(error)));
    req.end();
  });
}

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 5_000) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('readableOf', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => app?.close());

  async function serve(stream: TextStream, cutOffs: unknown[]): Promise<string> {
    app = Fastify();
    app.get('/', (_request, reply) => reply.header('content-type', 'application/json').send(readableOf(stream, (error) => cutOffs.push(error))));
    await app.listen({ port: 0, host: '127.0.0.1' });
    return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/`;
  }

  it('sends the pieces in order, chunked, and the response ends properly', async () => {
    const stream = scripted(['{"value":[', '1', ',2', ',3', ']}']);
    const cutOffs: unknown[] = [];
    const received = await get(await serve(stream, cutOffs));
    expect(received).toMatchObject({ status: 200, text: '{"value":[1,2,3]}', complete: true });
    expect(received.headers['transfer-encoding']).toBe('chunked');
    expect(cutOffs).toEqual([]);
  });

  it('cuts the response off when the stream fails midway: the client never sees a complete body', async () => {
    const failure = new Error('statement timeout');
    const stream = scripted(['{"value":[', '1', failure]);
    const cutOffs: unknown[] = [];
    const received = await get(await serve(stream, cutOffs));
    expect(received.status).toBe(200);
    expect(received.complete).toBe(false);
    expect(received.text.startsWith('{"value":[')).toBe(true);
    expect(() => JSON.parse(received.text) as unknown).toThrow();
    expect(cutOffs).toEqual([failure]);
    await until(() => stream.closed > 0);
  });

  it('closes the stream when the client goes away midway', async () => {
    const stream = scripted(['{"value":[', '1', null]);
    const cutOffs: unknown[] = [];
    const received = await get(await serve(stream, cutOffs), true);
    expect(received.complete).toBe(false);
    await until(() => stream.closed > 0);
    expect(cutOffs).toEqual([]);
  });
});

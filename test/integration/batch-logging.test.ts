import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../support/build-test-app.js';

describe('$batch logging', () => {
  it('logs an operation that failed on the server side, as a single request would be, and answers it inside the batch', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(...chunk.toString().split('\n').filter((line) => line.length > 0));
        callback();
      },
    });
    const t = await buildTestApp('pglite', { LOG_LEVEL: 'error' }, stream);
    try {
      // Without a database every operation fails with 503.
      await t.database.close();
      const response = await t.app.inject({
        method: 'POST',
        url: '/odata/$batch',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ requests: [{ id: '1', method: 'GET', url: 'Categories(1)' }] }),
      });
      expect(response.statusCode).toBe(200);
      expect(response.json<{ responses: { status: number }[] }>().responses[0]?.status).toBe(503);
      const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(entries.filter((entry) => entry['msg'] === 'batch operation failed')).toEqual([expect.objectContaining({ code: 'OF401', level: 50 })]);
    } finally {
      await t.close();
    }
  });
});

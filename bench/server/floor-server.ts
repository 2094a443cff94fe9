/**
 * The floor of `npm run bench -- server`, run as its own process: Fastify and a `pg.Pool` as the
 * service has, one hand-written statement per route (`floor-queries.ts`), the body sent as the
 * text Postgres returned. No OData parsing, planning, transaction or annotation.
 *
 * Environment: DATABASE_URL, PORT, HOST, DATABASE_POOL_MAX (default 10, as the service's).
 */
import Fastify from 'fastify';
import pg from 'pg';
import { floorQueries } from './floor-queries.js';

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`floor-server: ${name} is not set`);
  return value;
}

const pool = new pg.Pool({
  connectionString: requiredEnv('DATABASE_URL'),
  max: Number(process.env.DATABASE_POOL_MAX ?? 10),
  application_name: 'odata-facade-floor',
  // The service renders timestamps in UTC (per transaction); here once per connection.
  options: '-c TimeZone=UTC',
});

const app = Fastify({ logger: false });

app.get('/healthz', async () => ({ status: 'ok' }));

app.get<{ Params: { name: string }; Querystring: Record<string, string | undefined> }>('/:name', async (request, reply) => {
  const query = floorQueries[request.params.name];
  if (query === undefined) return reply.code(404).send({ error: 'no such floor route' });
  const values = query.params.map((name) => request.query[name] ?? null);
  const result = await pool.query<{ body: string | null }>(query.text, values);
  const body = result.rows[0]?.body;
  if (body === null || body === undefined) return reply.code(404).send({ error: 'not found' });
  return reply.type('application/json').send(body);
});

const shutdown = (): void => {
  app
    .close()
    .then(() => pool.end())
    .then(
      () => process.exit(0),
      () => process.exit(1),
    );
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

await app.listen({ port: Number(requiredEnv('PORT')), host: process.env.HOST ?? '127.0.0.1' });

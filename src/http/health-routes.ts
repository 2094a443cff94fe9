import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.js';

/** `/healthz`: the process answers. `/readyz`: the database answers too. */
export async function healthRoutes(fastify: FastifyInstance, options: { readonly database: Database }): Promise<void> {
  fastify.get('/healthz', async () => ({ status: 'ok' }));
  fastify.get('/readyz', async (request, reply) => {
    try {
      await options.database.knex.raw('select 1');
      return { status: 'ready' };
    } catch (error) {
      request.log.warn({ err: error }, 'database not ready');
      return reply.status(503).send({ status: 'unavailable' });
    }
  });
}

/**
 * The bare route of the PostgreSQL bench: Fastify and a pg pool, nothing else (no session, no
 * validation, no Drizzle, no cache). GET /bare/<scenario>/<i> runs the statements the platform ran
 * for that scenario's i-th path, captured from the real app (pg.ts), and answers their rows as
 * JSON: the floor the platform's own route is measured against.
 */
import Fastify from 'fastify';
import pg from 'pg';

export interface Statement {
  text: string;
  values: unknown[];
  /** Set when the platform ran it as a named prepared statement. */
  name?: string;
}

/** For each scenario, for each of its paths, the statements one request ran. */
export type Captured = Map<string, Statement[][]>;

export async function startBareServer(url: string, pool: number, captured: Captured) {
  const db = new pg.Pool({ connectionString: url, max: pool });
  const app = Fastify({ logger: false });
  app.get<{ Params: { scenario: string; i: string } }>('/bare/:scenario/:i', async (request, reply) => {
    const paths = captured.get(request.params.scenario);
    const statements = paths?.[Number(request.params.i) % (paths?.length || 1)];
    if (!statements) return reply.code(404).send({ error: 'no such path' });
    const results: unknown[] = [];
    // One after another, as a request of the platform runs most of them.
    for (const s of statements) results.push((await db.query({ text: s.text, values: s.values, name: s.name })).rows);
    return results;
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    address,
    async close() {
      await app.close();
      await db.end();
    },
  };
}

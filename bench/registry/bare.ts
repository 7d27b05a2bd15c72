/**
 * The bare route of the PostgreSQL bench: Fastify and a pg pool, nothing else (no session, no
 * validation, no Drizzle, no cache). GET /bare/<scenario>/<i> runs the statements the platform ran
 * for that scenario's i-th path, captured from the real app (pg.ts), and answers their rows as
 * JSON: the floor the platform's own route is measured against.
 *
 * GET /bare-open/<scenario>/<i> does the same and then opens every sealed value in the rows and
 * masks it, as the record page must show it (decision 0005): the floor with the one piece of work
 * the platform cannot skip for such a page, for reference beside the bare floor.
 */
import Fastify from 'fastify';
import pg from 'pg';
import { isSealed, unseal } from '../../server/src/core/personal-data.js';
import { maskIdNumber, maskPhone } from '../../shared/validators.js';

export interface Statement {
  text: string;
  values: unknown[];
  /** Set when the platform ran it as a named prepared statement. */
  name?: string;
}

/** For each scenario, for each of its paths, the statements one request ran. */
export type Captured = Map<string, Statement[][]>;

const openOne = (sealed: string) => {
  const plain = unseal(sealed);
  return plain.length >= 15 ? maskIdNumber(plain) : maskPhone(plain);
};

/**
 * Every sealed string at any depth replaced, in place, by its opened and masked value (an ID number
 * is the longer of the two kinds). In place, so that the floor pays for the openings and not for
 * copying the rows, which the platform does not do either.
 */
function openAndMask(value: unknown): unknown {
  if (isSealed(value)) return openOne(value);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const node = value as Record<string, unknown>;
  for (const key in node) {
    const child = node[key];
    if (isSealed(child)) node[key] = openOne(child);
    else if (child !== null && typeof child === 'object') openAndMask(child);
  }
  return value;
}

/** Whether the rows a statement answers hold a sealed value. */
export const holdsSealed = (rows: unknown) => JSON.stringify(rows).includes('"v1:');

export async function startBareServer(url: string, pool: number, captured: Captured) {
  const db = new pg.Pool({ connectionString: url, max: pool });
  const app = Fastify({ logger: false });
  async function run(scenario: string, i: string) {
    const paths = captured.get(scenario);
    const statements = paths?.[Number(i) % (paths?.length || 1)];
    if (!statements) return null;
    const results: unknown[] = [];
    // One after another, as a request of the platform runs most of them.
    for (const s of statements) results.push((await db.query({ text: s.text, values: s.values, name: s.name })).rows);
    return results;
  }
  app.get<{ Params: { scenario: string; i: string } }>('/bare/:scenario/:i', async (request, reply) => {
    const results = await run(request.params.scenario, request.params.i);
    return results ?? reply.code(404).send({ error: 'no such path' });
  });
  app.get<{ Params: { scenario: string; i: string } }>('/bare-open/:scenario/:i', async (request, reply) => {
    const results = await run(request.params.scenario, request.params.i);
    return results ? openAndMask(results) : reply.code(404).send({ error: 'no such path' });
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

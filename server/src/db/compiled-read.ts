import { PGlite } from '@electric-sql/pglite';
import { is, Param, Placeholder } from 'drizzle-orm';
import pg from 'pg';
import type { Db } from './client.js';

/** Where a statement's parameter comes from: a placeholder filled at each call, or a value fixed when it was built. */
type Slot = { placeholder: string; encode?: (value: unknown) => unknown } | { fixed: unknown };

/** What compileRead needs of a Drizzle query: its SQL text and parameters, placeholders included. */
interface Buildable {
  toSQL(): { sql: string; params: unknown[] };
}

export interface CompiledRead<V extends Record<string, unknown>, Row> {
  /** The driver's own promise, unwrapped by nobody in between: both drivers answer `{ rows }`. */
  run(values: V): Promise<{ rows: Row[] }>;
}

function slotsOf(params: unknown[]): Slot[] {
  return params.map((p): Slot => {
    if (is(p, Placeholder)) return { placeholder: p.name };
    if (is(p, Param) && is(p.value, Placeholder)) {
      const encoder = p.encoder as { mapToDriverValue(value: unknown): unknown } | undefined;
      return { placeholder: p.value.name, encode: encoder ? (value) => encoder.mapToDriverValue(value) : undefined };
    }
    return { fixed: p };
  });
}

function filler(name: string, slots: Slot[]) {
  return (values: Record<string, unknown>): unknown[] =>
    slots.map((slot) => {
      if ('fixed' in slot) return slot.fixed;
      if (!(slot.placeholder in values)) throw new Error(`${name}: no value for placeholder "${slot.placeholder}"`);
      const value = values[slot.placeholder];
      return slot.encode ? slot.encode(value) : value;
    });
}

/**
 * A read that most requests make (the session behind every signed-in request, a record's page),
 * built with Drizzle once and then sent straight to the driver: on PostgreSQL as a named statement
 * (parsed and planned once per connection), on the embedded database as a query. Drizzle's
 * per-call work (placeholder filling, logging and tracing wrappers, row mapping) cost a
 * record's page about as much as one of its statements (bench/registry, by id).
 *
 * Rows come back as the driver gives them, keyed by column name: meant for statements that answer
 * one JSON column (`select json_build_object(…) as doc`), which both drivers parse alike and
 * nothing has to map. Not for a transaction: it runs on the database's own connections.
 */
export function compileRead<V extends Record<string, unknown>, Row>(db: Db, name: string, query: Buildable): CompiledRead<V, Row> {
  const { sql: text, params } = query.toSQL();
  const fill = filler(name, slotsOf(params));
  const client = (db as unknown as { $client?: unknown }).$client;
  if (client instanceof pg.Pool || client instanceof pg.Client) {
    return { run: (values) => client.query<Row & pg.QueryResultRow>({ name, text, values: fill(values) }) };
  }
  if (client instanceof PGlite) {
    return { run: (values) => client.query<Row>(text, fill(values)) };
  }
  throw new Error(`${name}: compileRead needs the database itself (node-postgres or PGlite), not a transaction`);
}

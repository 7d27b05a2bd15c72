import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';
import type { Db } from '../db/client.js';
import type { WriteGeneration } from './read-cache.js';

/**
 * Several app instances on one PostgreSQL server: each announces its write-generation bumps on one
 * channel (NOTIFY) and bumps its own generation for the others' (LISTEN), so a list, a total, a
 * dashboard or a session another instance wrote over is stale for the notification's latency, not
 * for the cache's TTL. The embedded database is one process by construction and needs none of this.
 */

export const WRITES_CHANNEL = 'shuniu_writes';
/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. */
export const MAX_PAYLOAD_BYTES = 7_999;
const RECONNECT_FIRST_MS = 250;
const RECONNECT_MAX_MS = 30_000;

export interface WriteNotice {
  instance: string;
  /** Region prefixes the write touched; null: anything. */
  prefixes: string[] | null;
}

/** The NOTIFY payload of one bump; one too long for PostgreSQL names no regions (anything changed). */
export function writePayload(instance: string, prefixes: readonly string[] | null): string {
  const full = JSON.stringify({ instance, prefixes });
  return Buffer.byteLength(full) <= MAX_PAYLOAD_BYTES ? full : JSON.stringify({ instance, prefixes: null });
}

/** Reads a payload; a malformed one counts as a write of anything, by an unknown instance. */
export function readPayload(payload: string | undefined): WriteNotice {
  try {
    const value = JSON.parse(payload ?? '') as { instance?: unknown; prefixes?: unknown };
    const prefixes = value?.prefixes;
    return {
      instance: typeof value?.instance === 'string' ? value.instance : '',
      prefixes: Array.isArray(prefixes) && prefixes.every((p) => typeof p === 'string') ? prefixes : null,
    };
  } catch {
    return { instance: '', prefixes: null };
  }
}

export interface CrossInstanceWrites {
  /** This process's id in the payloads (its own notifications come back to it and are skipped). */
  readonly instance: string;
  /** Tells the other instances about a bump this process made; never throws (the write committed). */
  publish(prefixes: readonly string[] | null): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens one dedicated connection (not from the pool: LISTEN belongs to a session) and keeps it
 * open, reconnecting with back-off. While it is down, notifications may be missed, so the write
 * generation is distrusted (nothing cached is served) until it listens again, and then bumped
 * whole. Resolves after the first attempt, so an instance that starts listening serves no cache
 * built before it could hear the others.
 */
export async function startCrossInstanceWrites(options: {
  url: string;
  db: Db;
  generation: WriteGeneration;
  log: FastifyBaseLogger;
}): Promise<CrossInstanceWrites> {
  const { url, db, generation, log } = options;
  const instance = randomUUID();
  let current: pg.Client | null = null;
  let closed = false;
  let delay = RECONNECT_FIRST_MS;
  let timer: NodeJS.Timeout | undefined;

  const lost = (client: pg.Client, err?: unknown) => {
    if (client !== current) return; // 'error' and 'end' both report one loss
    current = null;
    generation.distrust();
    client.end().catch(() => {});
    if (closed) return;
    log.warn({ err, retryInMs: delay }, 'cross-instance write notifications lost; read caches off until they resume');
    timer = setTimeout(() => void connect(), delay);
    timer.unref();
    delay = Math.min(delay * 2, RECONNECT_MAX_MS);
  };

  const connect = async () => {
    const client = new pg.Client({ connectionString: url, keepAlive: true });
    current = client;
    client.on('notification', (message) => {
      if (message.channel !== WRITES_CHANNEL) return;
      const notice = readPayload(message.payload);
      if (notice.instance !== instance) generation.bump(notice.prefixes);
    });
    client.on('error', (err) => lost(client, err));
    client.on('end', () => lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${WRITES_CHANNEL}`);
    } catch (err) {
      lost(client, err);
      return;
    }
    if (client !== current) return;
    delay = RECONNECT_FIRST_MS;
    generation.trust();
  };

  generation.distrust();
  await connect();

  return {
    instance,
    async publish(prefixes) {
      try {
        await db.execute(sql`select pg_notify(${WRITES_CHANNEL}, ${writePayload(instance, prefixes)})`);
      } catch (err) {
        // The other instances keep what this write changed until their TTL (LIST_CACHE_MS).
        log.error({ err }, 'could not announce a write to the other instances');
      }
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      const client = current;
      current = null;
      await client?.end().catch(() => {});
    },
  };
}

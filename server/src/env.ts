import { z } from 'zod';

const ZEnv = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /**
   * The address the server listens on. Only this machine by default: the demo accounts' password is
   * public, so reaching the platform from elsewhere is a choice (HOST=0.0.0.0, behind HTTPS).
   */
  HOST: z.string().default('127.0.0.1'),
  /**
   * The address people reach the platform at (https://shuniu.example.org), without a trailing slash:
   * the QR codes on printed documents lead to <PUBLIC_BASE_URL>/verify/<code>. Default: http://HOST:PORT
   * (localhost when HOST listens on every interface) — set it for any installation whose printouts
   * leave the building.
   */
  PUBLIC_BASE_URL: z
    .string()
    .url()
    .refine((v) => /^https?:\/\//.test(v), 'must start with http:// or https://')
    .transform((v) => v.replace(/\/+$/, ''))
    .optional(),
  /** When set, the platform runs on this PostgreSQL server instead of the embedded database. */
  DATABASE_URL: z.string().url().optional(),
  /** Folder of the embedded database. */
  PGLITE_DIR: z.string().default('./data/pglite'),
  FILES_DIR: z.string().default('./data/files'),
  /** Where backups of the embedded database and the files go (default: `backups` beside PGLITE_DIR, ./data/backups). */
  BACKUP_DIR: z.string().min(1).optional(),
  /** How many backups to keep; older ones are removed after each new one. */
  BACKUP_KEEP: z.coerce.number().int().min(1).default(14),
  /**
   * Hours between the backups the server takes of the embedded database (0: none). The first waits
   * ten minutes after start-up and is taken only when the newest backup is older than this.
   */
  BACKUP_EVERY_HOURS: z.coerce.number().min(0).max(24 * 7).default(24),
  /** Load the demo dataset into an empty database at start-up. */
  SEED_DEMO: z.enum(['true', 'false']).default('true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * "lines": one readable line per request (for a person at a terminal); "json": pino's JSON lines,
   * for log collectors. Unset: lines when stdout is a terminal, JSON otherwise.
   */
  LOG_FORMAT: z.enum(['lines', 'json']).optional(),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  /** Mark the session cookie Secure; on behind HTTPS. */
  COOKIE_SECURE: z.enum(['true', 'false']).default('false'),
  MAX_UPLOAD_MB: z.coerce.number().positive().default(20),
  /**
   * Registry imports one user may start in RATE_LIMIT_WINDOW_MINUTES (0: no limit); one client
   * address gets five times as many, since a centre's staff often share one office address.
   * Counted in each instance (core/rate-limit.ts).
   */
  RATE_LIMIT_IMPORTS: z.coerce.number().int().min(0).default(10),
  /** Spreadsheet exports (every …/export route) one user may ask for in the window; as above. */
  RATE_LIMIT_EXPORTS: z.coerce.number().int().min(0).default(30),
  RATE_LIMIT_WINDOW_MINUTES: z.coerce.number().positive().max(24 * 60).default(10),
  /**
   * Serve with several processes (node:cluster): a number, or "auto" for one per CPU core; "off"
   * (the default) serves from this process. Only with DATABASE_URL: the embedded database belongs
   * to one process (server/src/cluster.ts).
   */
  CLUSTER_WORKERS: z
    .string()
    .default('off')
    .transform((v) => v.trim().toLowerCase())
    .refine((v) => v === 'off' || v === 'auto' || /^\d{1,3}$/.test(v), 'give a number of workers, "auto" (one per CPU core) or "off"')
    .transform((v): number | 'auto' => (v === 'auto' ? 'auto' : v === 'off' ? 0 : Number(v))),
  /**
   * Which proxies may name the client in X-Forwarded-For (Fastify's trustProxy): "false" (the
   * default: the client is the TCP peer), or the proxies' addresses or CIDRs, comma-separated
   * ("10.0.0.2,127.0.0.1"). Behind a reverse proxy it must be set, or every sign-in appears to come
   * from the proxy and the per-address sign-in limits treat all users as one client. "true" is
   * refused: Fastify would then take the left-most X-Forwarded-For entry, which a proxy that appends
   * to the header (nginx's usual $proxy_add_x_forwarded_for) passes through from the client, who could
   * so claim a new address for every guess. With the proxies named, the client is the right-most
   * address that is not one of them. A hop count is refused too: Fastify ignores it.
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .refine((v) => !/^\d+$/.test(v.trim()), 'give the proxy addresses, not a hop count')
    .refine((v) => v.trim() !== 'true', 'give the proxy addresses or CIDRs (e.g. "10.0.0.2,127.0.0.1"), not "true"')
    .transform((v): false | string => (v === 'false' || v.trim() === '' ? false : v)),
  /**
   * How long list results may be served from memory (0: never). Every write through the app
   * refreshes them at once: in this process directly, in the other instances sharing a PostgreSQL
   * server through LISTEN/NOTIFY (core/cross-instance-writes.ts; while that connection is down no
   * cache is served). The limit is only for writes that bypass the app (SQL by hand), so the
   * default is 300000 on both engines. Set it low when the server connection cannot LISTEN (a
   * transaction-pooling proxy such as PgBouncer in transaction mode loses the subscription).
   */
  LIST_CACHE_MS: z.coerce.number().int().min(0).optional(),
  /**
   * `off`: no read cache keeps a value and concurrent identical requests no longer share one load
   * (core/read-cache.ts), so every request runs its own statements. For measuring the query path;
   * LIST_CACHE_MS=0 alone still shares loads in flight.
   */
  READ_CACHE: z.enum(['on', 'off']).optional(),
  /**
   * The key that seals ID numbers and phone numbers at rest (core/personal-data.ts): base64 of 32
   * random bytes (`openssl rand -base64 32`). Required with DATABASE_URL; on the embedded database
   * it defaults to a key generated into <data dir>/secrets/data.key. Lose it and that data is lost.
   */
  DATA_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be the base64 of 32 random bytes (generate one: openssl rand -base64 32)')
    .optional(),
  /**
   * The prefix of every open-contracting id (ocid) the funding open data publishes (OCDS 1.1.5):
   * the one the Open Contracting Data Standard registered for the publisher, `ocds-` and six
   * characters and a hyphen. Changing it renames every published contracting process.
   */
  OCDS_OCID_PREFIX: z
    .string()
    .regex(/^ocds-[a-z0-9]{6}-$/, 'must be ocds-, six lowercase letters or digits, and a hyphen (ocds-shuniu-)')
    .default('ocds-shuniu-'),
});
export type Env = z.infer<typeof ZEnv>;

/** Where printed QR codes point: PUBLIC_BASE_URL, else the address the server listens on. */
export function publicBaseUrl(env: Pick<Env, 'PUBLIC_BASE_URL' | 'HOST' | 'PORT'>): string {
  if (env.PUBLIC_BASE_URL) return env.PUBLIC_BASE_URL;
  const host = ['0.0.0.0', '::', ''].includes(env.HOST) ? 'localhost' : env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST;
  return `http://${host}:${env.PORT}`;
}

/** Reads the environment; on any bad variable, lists every problem and exits. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = parseEnv(source);
  if (!parsed.ok) {
    for (const problem of parsed.problems) console.error(problem);
    process.exit(1);
  }
  return parsed.env;
}

/** The environment, or every problem with it, one line each. */
export function parseEnv(source: NodeJS.ProcessEnv): { ok: true; env: Env } | { ok: false; problems: string[] } {
  const parsed = ZEnv.safeParse(source);
  if (parsed.success) return { ok: true, env: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => `environment variable ${issue.path.join('.')}: ${issue.message}`) };
}

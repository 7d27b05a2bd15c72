import { z } from 'zod';

const ZEnv = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** When set, the platform runs on this PostgreSQL server instead of the embedded database. */
  DATABASE_URL: z.string().url().optional(),
  /** Folder of the embedded database. */
  PGLITE_DIR: z.string().default('./data/pglite'),
  FILES_DIR: z.string().default('./data/files'),
  /** Load the demo dataset into an empty database at start-up. */
  SEED_DEMO: z.enum(['true', 'false']).default('true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  /** Mark the session cookie Secure; on behind HTTPS. */
  COOKIE_SECURE: z.enum(['true', 'false']).default('false'),
  MAX_UPLOAD_MB: z.coerce.number().positive().default(20),
  /**
   * How long list results may be served from memory (0: never). Every write in this process
   * refreshes them at once; the limit is for writes by other instances sharing a PostgreSQL
   * server, so the default is 300000 on the embedded database (one process by construction) and
   * 5000 on a server.
   */
  LIST_CACHE_MS: z.coerce.number().int().min(0).optional(),
});
export type Env = z.infer<typeof ZEnv>;

/** Reads the environment; on any bad variable, lists every problem and exits. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = ZEnv.safeParse(source);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      console.error(`environment variable ${issue.path.join('.')}: ${issue.message}`);
    }
    process.exit(1);
  }
  return parsed.data;
}

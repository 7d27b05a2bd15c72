import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp, type App } from '../src/app.js';
import { LocalDiskStore } from '../src/core/file-store.js';
import type { Database } from '../src/db/client.js';
import { loadEnv } from '../src/env.js';
import { useTestDataKey } from './data-key.js';
import { freshDatabase } from './test-db.js';

export interface TestApp {
  app: App;
  database: Database;
  db: Database['db'];
  close(): Promise<void>;
}

type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/**
 * The real app on a database of its own, driven through `app.inject`; silent unless a log is asked for.
 * Import and export rate limits are off unless `env` sets them (rate-limit.test.ts): the fuzz suite
 * alone sends a hundred imports.
 */
export async function buildTestApp(
  log?: { level: LogLevel; stream: { write(chunk: string): void } },
  env: Record<string, string> = {},
): Promise<TestApp> {
  useTestDataKey();
  const database = await freshDatabase();
  const limitsOff = { RATE_LIMIT_IMPORTS: '0', RATE_LIMIT_EXPORTS: '0' };
  const appEnv = loadEnv({ ...limitsOff, ...process.env, LOG_LEVEL: log?.level ?? 'silent', MAX_UPLOAD_MB: '2', ...env });
  const app = await buildApp({
    env: appEnv,
    database,
    fileStore: new LocalDiskStore(mkdtempSync(path.join(tmpdir(), 'shuniu-files-'))),
    logger: log ? ({ level: log.level, stream: log.stream } as never) : undefined,
  });
  await app.ready();
  return {
    app,
    database,
    db: database.db,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** One captured server log line, as pino wrote it. */
export type LogLine = Record<string, unknown> & { level: number; msg?: string };

/**
 * buildTestApp with the server log kept: every line the app logs at `level` or above lands in
 * `lines` (raw text in `text`), through the same logger options the server uses.
 */
export async function buildTestAppWithLog(level: LogLevel = 'trace') {
  const log = { lines: [] as LogLine[], text: [] as string[] };
  const stream = {
    write(chunk: string) {
      log.text.push(chunk);
      log.lines.push(JSON.parse(chunk));
    },
  };
  return { ...(await buildTestApp({ level, stream })), log };
}

export interface Agent {
  csrfToken: string;
  cookie: string;
  get(url: string, headers?: Record<string, string>): Promise<Response>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  patch(url: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  put(url: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  delete(url: string, headers?: Record<string, string>): Promise<Response>;
  upload(url: string, field: string, filename: string, bytes: Buffer, mime: string): Promise<Response>;
}

export interface Response {
  status: number;
  json(): any;
  body: string;
  rawPayload: Buffer;
  headers: Record<string, unknown>;
}

function wrap(res: any): Response {
  return { status: res.statusCode, json: () => res.json(), body: res.body, rawPayload: res.rawPayload, headers: res.headers };
}

/** Signs in and returns a client that sends the session cookie and CSRF token like the web app does. */
export async function signIn(app: App, username: string, password: string): Promise<Agent> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in failed for ${username}: ${res.body}`);
  const cookie = (res.cookies as { name: string; value: string }[]).find((c) => c.name === 'shuniu_sid')!;
  return agentFor(app, `shuniu_sid=${cookie.value}`, res.json().csrfToken);
}

export function agentFor(app: App, cookie: string, csrfToken: string): Agent {
  const send = async (method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    wrap(
      await app.inject({
        method: method as any,
        url,
        payload: payload as any,
        headers: { cookie, 'x-csrf-token': csrfToken, ...headers },
      }),
    );
  return {
    csrfToken,
    cookie,
    get: (url, headers) => send('GET', url, undefined, headers),
    post: (url, body, headers) => send('POST', url, body ?? {}, headers),
    patch: (url, body, headers) => send('PATCH', url, body ?? {}, headers),
    put: (url, body, headers) => send('PUT', url, body ?? {}, headers),
    delete: (url, headers) => send('DELETE', url, undefined, headers),
    async upload(url, field, filename, bytes, mime) {
      const boundary = `----shuniu${Date.now()}`;
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${mime}\r\n\r\n`),
        bytes,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return wrap(
        await app.inject({
          method: 'POST',
          url,
          payload: body,
          headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': `multipart/form-data; boundary=${boundary}` },
        }),
      );
    },
  };
}

/** Anonymous client: no cookie, no token. */
export function anonymous(app: App): Agent {
  return agentFor(app, '', '');
}

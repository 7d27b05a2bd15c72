import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { App } from '../src/app.js';
import type { RegisteredRoute } from '../src/plugins/types.js';
import { rowsOf, type Db } from '../src/db/client.js';
import type { Agent, Response } from './build-app.js';

/** A real 1×1 PNG. */
export const PNG_BYTES = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Builds an xlsx workbook with a header row and data rows. */
export async function workbook(headers: string[], rows: (string | number | null)[][], sheetName = 'Sheet1') {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Reads the first worksheet back as rows of cell texts (row 1 is the header). */
export async function readWorkbook(bytes: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as any);
  const ws = wb.worksheets[0];
  const out: string[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) {
      const v = row.getCell(c).value;
      cells.push(v === null || v === undefined ? '' : String(v));
    }
    out.push(cells);
  });
  return out;
}

export async function countRows(db: Db, table: string) {
  return rowsOf<{ n: number }>(await db.execute(sql.raw(`select count(*)::int as n from ${table}`)))[0].n;
}

/** An API route as buildApp's onRoute hook recorded it, one per method. */
export interface ApiRoute {
  /** "METHOD /api/path/:param". */
  key: string;
  method: string;
  path: string;
  config: RegisteredRoute['config'];
  schema: RegisteredRoute['schema'];
}

/**
 * Every API route the app registers, keyed "METHOD /path", from `app.routeTable` (HEAD twins and
 * the OpenAPI docs left out; "/x/" and "/x" counted once).
 */
export function apiRoutes(app: App): Map<string, ApiRoute> {
  const out = new Map<string, ApiRoute>();
  for (const route of app.routeTable) {
    const path = route.url.length > 1 ? route.url.replace(/\/+$/, '') : route.url;
    if (!path.startsWith('/api/') || path === '/api/docs' || path.startsWith('/api/docs/')) continue;
    for (const method of [route.method].flat()) {
      const key = `${method} ${path}`;
      if (method !== 'HEAD' && !out.has(key)) out.set(key, { key, method, path, config: route.config, schema: route.schema });
    }
  }
  return out;
}

/** Whether a route takes a multipart upload, as its schema declares (`consumes: MULTIPART`). */
export const isMultipart = (route: ApiRoute) => route.schema?.consumes?.includes('multipart/form-data') ?? false;

/** Left out of dbSnapshot: a refused sign-in counts towards the client's and the account's lock by design. */
const SNAPSHOT_SKIP = new Set(['login_attempts']);
const SNAPSHOT_VOLATILE: Record<string, string[]> = { users: ['failed_logins', 'locked_until'] };
/** Reads the log must know of (a download, a revealed ID number): an answered read writes them, a refused one never. */
const RECORDED_READ = `(action like '%.export' or action like '%.reveal')`;
export const RECORDED_READS = 'audit_log (recorded reads)';

interface SnapshotPart {
  key: string;
  /** Row count and the sum of the rows' versions (xmin): moves with every committed insert, update or delete. */
  versionSql: string;
  /** Row count and an md5 of every row's text, sorted (neither physical order nor ctid matters). */
  digestSql: string;
}
interface SnapshotPlan {
  parts: SnapshotPart[];
  versionQuery: string;
  /** The digest last computed per part, with the version it was computed at. */
  known: Map<string, { version: string; digest: string }>;
  /** The last snapshot, and the database's transaction snapshot it was taken at when no transaction was in progress. */
  last: { at: string; snapshot: Record<string, string> } | null;
}
const snapshotPlans = new WeakMap<object, SnapshotPlan>();

async function snapshotPlan(db: Db): Promise<SnapshotPlan> {
  const cached = snapshotPlans.get(db);
  if (cached) return cached;
  const tables = rowsOf<{ table_name: string }>(
    await db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`),
  )
    .map((r) => r.table_name)
    .filter((t) => !SNAPSHOT_SKIP.has(t));
  const part = (key: string, table: string, where = ''): SnapshotPart => {
    const from = `from "${table}" x${where ? ` where ${where}` : ''}`;
    const row = ['to_jsonb(x)', ...(SNAPSHOT_VOLATILE[table] ?? []).map((c) => `'${c}'`)].join(' - ');
    return {
      key,
      // age() counts back from one reference per statement; against a fixed xid, each row's xmin.
      versionSql: `(select count(*) || ':' || coalesce(sum(age('3'::xid)::bigint - age(x.xmin)), 0) ${from})`,
      digestSql: `(select count(*) || ':' || md5(coalesce(string_agg(r, '|' order by r), '')) from (select (${row})::text as r ${from}) s)`,
    };
  };
  const parts = tables.map((t) => (t === 'audit_log' ? part(t, t, `not ${RECORDED_READ}`) : part(t, t)));
  parts.push(part(RECORDED_READS, 'audit_log', RECORDED_READ));
  const plan = { parts, versionQuery: `select ${parts.map((p) => `${p.versionSql} as "${p.key}"`).join(', ')}`, known: new Map(), last: null };
  snapshotPlans.set(db, plan);
  return plan;
}

/**
 * What "nothing changed" compares: for every table, its row count and an md5 of all its rows. A
 * table's digest is computed again only when its rows' versions moved (a 20,000-row reference
 * table costs nothing while no one writes it), and none is looked at when no transaction could
 * have committed since the last call, so a matrix or a fuzz run can take one after every request. The
 * audit log's recorded reads are a key of their own (RECORDED_READS): an answered read adds them,
 * so a check after a 200 leaves that key out (`withoutRecordedReads`); a refusal compares all.
 */
export async function dbSnapshot(db: Db): Promise<Record<string, string>> {
  const plan = await snapshotPlan(db);
  // No transaction id handed out since a moment none was in progress: nothing can have committed.
  const [{ at }] = rowsOf<{ at: string }>(await db.execute(sql`select pg_current_snapshot()::text as at`));
  if (plan.last?.at === at) return { ...plan.last.snapshot };
  const versions = rowsOf<Record<string, string>>(await db.execute(sql.raw(plan.versionQuery)))[0];
  const stale = plan.parts.filter((p) => plan.known.get(p.key)?.version !== String(versions[p.key]));
  if (stale.length) {
    // Digested after the versions were read: a write in between only makes the next call digest again.
    const digests = rowsOf<Record<string, string>>(await db.execute(sql.raw(`select ${stale.map((p) => `${p.digestSql} as "${p.key}"`).join(', ')}`)))[0];
    for (const p of stale) plan.known.set(p.key, { version: String(versions[p.key]), digest: digests[p.key] });
  }
  const snapshot = Object.fromEntries(plan.parts.map((p) => [p.key, plan.known.get(p.key)!.digest]));
  const [xmin, xmax] = at.split(':');
  plan.last = xmin === xmax ? { at, snapshot } : null;
  return { ...snapshot };
}

/** A snapshot less the recorded reads, to compare around a read that was answered. */
export function withoutRecordedReads(snapshot: Record<string, string>): Record<string, string> {
  const { [RECORDED_READS]: _reads, ...rest } = snapshot;
  return rest;
}

/** The tables whose snapshots differ, for a failure message. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((t) => before[t] !== after[t]);
}

export interface ApiRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  body?: unknown;
  upload?: { field: string; filename: string; bytes: Buffer; mime: string };
}

export function send(agent: Agent, req: ApiRequest): Promise<Response> {
  if (req.upload) return agent.upload(req.url, req.upload.field, req.upload.filename, req.upload.bytes, req.upload.mime);
  switch (req.method) {
    case 'GET':
      return agent.get(req.url);
    case 'POST':
      return agent.post(req.url, req.body);
    case 'PATCH':
      return agent.patch(req.url, req.body);
    case 'PUT':
      return agent.put(req.url, req.body);
    case 'DELETE':
      return agent.delete(req.url);
  }
}

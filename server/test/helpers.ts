import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { App } from '../src/app.js';
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

/**
 * Every API route the app registers, as "METHOD /path", parsed from printRoutes (HEAD and the
 * OpenAPI docs left out; "/x/" and "/x" counted once).
 */
export function registeredRoutes(app: App): Set<string> {
  const text = app.printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const out = new Set<string>();
  for (const line of text.split('\n')) {
    const m = /^([│├└─\s]*)(\S.*?) \(([A-Z, ]+)\)$/.exec(line);
    if (!m) continue;
    const depth = Math.round(m[1].length / 4);
    stack.length = depth;
    const full = (stack[depth - 1] ?? '') + m[2];
    stack[depth] = full;
    const path = full.length > 1 ? full.replace(/\/+$/, '') : full;
    if (!path.startsWith('/api/') || path.startsWith('/api/docs')) continue;
    for (const method of m[3].split(',').map((s) => s.trim())) {
      if (method !== 'HEAD') out.add(`${method} ${path}`);
    }
  }
  return out;
}

/**
 * Row counts of every table (sessions and login attempts left out: signing in writes them) plus
 * a hash of the organisations table, to show a refused call changed nothing.
 */
export async function dbSnapshot(db: Db) {
  const tables = rowsOf<{ table_name: string }>(
    await db.execute(
      sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    ),
  )
    .map((r) => r.table_name)
    .filter((t) => t !== 'sessions' && t !== 'login_attempts');
  const counts: Record<string, number> = {};
  for (const t of tables) {
    // A download leaves a trail in the audit log but changes nothing.
    const where = t === 'audit_log' ? ` where action not like '%.export'` : '';
    counts[t] = rowsOf<{ n: number }>(await db.execute(sql.raw(`select count(*)::int as n from "${t}"${where}`)))[0].n;
  }
  const orgs = rowsOf(await db.execute(sql`select * from registry_organizations order by id`));
  const members = rowsOf(await db.execute(sql`select * from registry_members order by id`));
  const hash = createHash('sha256').update(JSON.stringify([orgs, members])).digest('hex');
  return { counts, hash };
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

/** Left out of dbFingerprint: signing in and out writes them, and so does a refused sign-in. */
const FINGERPRINT_SKIP = new Set(['sessions', 'login_attempts']);
/** A refused sign-in counts towards the account's lock by design; nothing else may change. */
const FINGERPRINT_VOLATILE: Record<string, string[]> = { users: ['failed_logins', 'locked_until'] };
/**
 * Counted, not hashed: append-only tables (triggers refuse UPDATE and DELETE), and the pinyin
 * reference table (20k rows no route writes; hashing it would cost more than everything else).
 */
const FINGERPRINT_COUNT_ONLY = new Set(['audit_log', 'workflow_history', 'shuniu_pinyin']);
const fingerprintSql = new WeakMap<object, string>();

/**
 * One query that fingerprints every table: its row count and an md5 of its rows (as jsonb text,
 * in a stable order). Cheap enough to take after every request of a fuzz run; stricter than
 * dbSnapshot, which hashes only organisations and members.
 */
export async function dbFingerprint(db: Db): Promise<Record<string, string>> {
  let query = fingerprintSql.get(db);
  if (!query) {
    const tables = rowsOf<{ table_name: string }>(
      await db.execute(
        sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
      ),
    )
      .map((r) => r.table_name)
      .filter((t) => !FINGERPRINT_SKIP.has(t));
    const columns = tables.map((t) => {
      const count = `(select count(*) from "${t}")::text`;
      if (FINGERPRINT_COUNT_ONLY.has(t)) return `${count} as "${t}"`;
      const row = ['to_jsonb(x)', ...(FINGERPRINT_VOLATILE[t] ?? []).map((c) => `'${c}'`)].join(' - ');
      return `${count} || ':' || (select md5(coalesce(string_agg(r, '|' order by r), '')) from (select (${row})::text as r from "${t}" x) s) as "${t}"`;
    });
    query = `select ${columns.join(', ')}`;
    fingerprintSql.set(db, query);
  }
  return rowsOf<Record<string, string>>(await db.execute(sql.raw(query)))[0];
}

/** The tables whose fingerprints differ, for a failure message. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((t) => before[t] !== after[t]);
}

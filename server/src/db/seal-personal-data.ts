import { sql, type SQL } from 'drizzle-orm';
import { mutate, systemCtx } from '../core/write-unit.js';
import { dbErrorFacts } from '../core/db-errors.js';
import {
  blindIndex,
  isSealed,
  mapPersonalFields,
  SealedValueError,
  seal,
  sealIndexed,
  unseal,
  type BlindIndexKind,
} from '../core/personal-data.js';
import { rowsOf, type Db, type DbOrTx } from './client.js';

/**
 * A sealed column that a unique index covers through its hash, with the column scoping it: one
 * person once per roster, `(id_number_hash, organization_id)`.
 */
interface UniqueBlindIndex {
  column: string;
  hash: string;
  within: string;
  /** Which row of a group of equals keeps the hash: the first in this order. */
  order: string;
}

interface SealedTable {
  table: string;
  /** The text columns that hold personal identifiers, and the blind index each carries (if any). */
  columns: Record<string, BlindIndexKind | null>;
  unique?: UniqueBlindIndex;
}

export const SEALED_COLUMNS: readonly SealedTable[] = [
  { table: 'users', columns: { phone: null } },
  { table: 'registry_organizations', columns: { leader_phone: null, leader_id_number: 'id_number' } },
  {
    table: 'registry_members',
    columns: { phone: null, id_number: 'id_number' },
    unique: { column: 'id_number', hash: 'id_number_hash', within: 'organization_id', order: 'created_at' },
  },
];

/** jsonb columns whose personal keys (PERSONAL_KEYS) are sealed inside the document. */
const SEALED_DOCUMENTS = [{ table: 'registry_filings', column: 'payload' }] as const;
/** A personal key whose value is a string not yet sealed, in jsonb's text form (`"key": "value"`). */
const UNSEALED_IN_DOCUMENT = `"(phone|leaderPhone|idNumber|leaderIdNumber)": "(?!v1:)`;

const BATCH = 500;

const unsealedWhere = (columns: string[]) =>
  sql.join(
    columns.map((c) => sql`(${sql.identifier(c)} is not null and ${sql.identifier(c)} not like 'v1:%')`),
    sql` or `,
  );

/** Updates rows by id from a VALUES list: one statement per batch. */
async function updateById(tx: DbOrTx, table: string, columns: string[], types: string[], rows: unknown[][]) {
  for (let i = 0; i < rows.length; i += BATCH) {
    const values = sql.join(
      rows.slice(i, i + BATCH).map((r) => sql`(${sql.join(r.map((v, j) => sql`${v}::${sql.raw(j === 0 ? 'uuid' : types[j - 1])}`), sql`, `)})`),
      sql`, `,
    );
    const names = ['id', ...columns].map((c) => sql.identifier(c));
    const set = sql.join(columns.map((c) => sql`${sql.identifier(c)} = v.${sql.identifier(c)}`), sql`, `);
    await tx.execute(
      sql`update ${sql.identifier(table)} as t set ${set} from (values ${values}) as v(${sql.join(names, sql`, `)}) where t.id = v.id`,
    );
  }
}

/**
 * Refuses to go on when the key at hand does not open what is already sealed: starting anyway
 * would seal new values under a second key and leave the old ones unreadable by either.
 */
async function assertKeyOpensSealedData(db: DbOrTx) {
  const probes: SQL[] = SEALED_COLUMNS.flatMap(({ table, columns }) =>
    Object.keys(columns).map(
      (c) => sql`(select ${sql.identifier(c)}::text as v from ${sql.identifier(table)} where ${sql.identifier(c)} like 'v1:%' limit 1)`,
    ),
  );
  const found = rowsOf<{ v: string }>(await db.execute(sql.join(probes, sql` union all `)));
  for (const { v } of found) {
    try {
      unseal(v);
    } catch (e) {
      if (e instanceof SealedValueError) {
        throw new SealedValueError(
          'the data key (DATA_KEY, or secrets/data.key beside the embedded database) does not open the personal data ' +
            'already in this database: restore the key it was sealed with. Nothing was changed.',
        );
      }
      throw e;
    }
  }
}

/** Whether any row holds a personal identifier in plain text: each table's scan stops at its first. */
async function anythingToSeal(db: DbOrTx): Promise<boolean> {
  const checks: SQL[] = [
    ...SEALED_COLUMNS.map(({ table, columns }) => sql`exists (select 1 from ${sql.identifier(table)} where ${unsealedWhere(Object.keys(columns))})`),
    ...SEALED_DOCUMENTS.map(
      ({ table, column }) => sql`exists (select 1 from ${sql.identifier(table)} where ${sql.identifier(column)}::text ~ ${UNSEALED_IN_DOCUMENT})`,
    ),
  ];
  return rowsOf<{ pending: boolean }>(await db.execute(sql`select ${sql.join(checks, sql` or `)} as pending`))[0].pending;
}

/** Rows sealed without their hash because another row of the same scope already holds it: ids only, kept first. */
export interface UnindexedDuplicates {
  table: string;
  /** Each group: the id of the row that keeps the hash, then the ids of the rows sealed without it. */
  groups: string[][];
}

export interface SealResult {
  /** How many rows were changed. */
  rows: number;
  /** The tables that were changed (and so rewritten to drop their plain-text versions). */
  tables: string[];
  duplicates: UnindexedDuplicates[];
}

export interface SealOptions {
  /** Where the list of duplicates goes; the console by default (start-up runs before the app's logger). */
  warn?: (message: string) => void;
}

/**
 * The hash each plain value of a uniquely indexed column may carry. Nothing stopped a person from being
 * on one roster twice before sealing (nor `…x` beside `…X`); sealing both with the hash would break the
 * unique index, abort the transaction and so stop every start-up. The first row of each group keeps
 * the hash; the others are sealed without it (a null hash: the index lets nulls repeat), and are
 * reported so that staff merge them.
 */
async function assignUniqueHashes(
  tx: DbOrTx,
  table: string,
  unique: UniqueBlindIndex,
  kind: BlindIndexKind,
  rows: Record<string, string | null>[],
): Promise<{ withoutHash: Set<string>; groups: string[][] }> {
  const plain = rows.filter((r) => r[unique.column] !== null && !isSealed(r[unique.column]));
  const keyOf = (hash: string, within: string | null) => `${hash} ${within}`;
  const hashes = new Map(plain.map((r) => [r.id!, blindIndex(kind, r[unique.column]!)]));
  // Rows already sealed hold their hash first (a row added through the API beside a plain one).
  const holders = new Map<string, string[]>();
  if (plain.length) {
    const wanted = [...new Set(hashes.values())].join(',');
    const sealed = rowsOf<{ id: string; hash: string; within: string | null }>(
      await tx.execute(
        sql`select id::text as id, ${sql.identifier(unique.hash)} as hash, ${sql.identifier(unique.within)}::text as within
            from ${sql.identifier(table)} where ${sql.identifier(unique.hash)} = any(string_to_array(${wanted}, ','))`,
      ),
    );
    for (const r of sealed) holders.set(keyOf(r.hash, r.within), [r.id]);
  }
  const withoutHash = new Set<string>();
  const duplicated = new Set<string>();
  for (const r of plain) {
    const key = keyOf(hashes.get(r.id!)!, r[unique.within]);
    const group = holders.get(key);
    if (!group) {
      holders.set(key, [r.id!]);
      continue;
    }
    group.push(r.id!);
    withoutHash.add(r.id!);
    duplicated.add(key);
  }
  return { withoutHash, groups: [...duplicated].map((key) => holders.get(key)!) };
}

/**
 * Seals, in one transaction, every personal identifier still stored in plain text: data written
 * before sealing existed (a demo database from an earlier version), or by a script that bypassed
 * the column types. Idempotent: sealed values are left as they are, so it runs at every start-up,
 * after the migrations. When it changed anything, it then makes the database forget the plain
 * text (forgetPlainText).
 */
export async function sealPersonalData(db: Db, options: SealOptions = {}): Promise<SealResult> {
  await assertKeyOpensSealedData(db);
  // The usual start-up: everything sealed long ago. One statement says so, without a transaction.
  if (!(await anythingToSeal(db))) return { rows: 0, tables: [], duplicates: [] };
  const result = await mutate(systemCtx(db, 'seal-personal-data'), async (w) => {
    const tx = w.db;
    const tables: string[] = [];
    const duplicates: UnindexedDuplicates[] = [];
    let changed = 0;
    for (const { table, columns, unique } of SEALED_COLUMNS) {
      const names = Object.keys(columns);
      const extra = unique ? sql`, ${sql.identifier(unique.within)}::text as ${sql.identifier(unique.within)}` : sql``;
      const order = unique ? sql` order by ${sql.identifier(unique.order)}, id` : sql``;
      const rows = rowsOf<Record<string, string | null>>(
        await tx.execute(
          sql`select id::text as id, ${sql.join(names.map((c) => sql.identifier(c)), sql`, `)}${extra} from ${sql.identifier(table)} where ${unsealedWhere(names)}${order}`,
        ),
      );
      if (!rows.length) continue;
      const { withoutHash, groups } = unique
        ? await assignUniqueHashes(tx, table, unique, columns[unique.column]!, rows)
        : { withoutHash: new Set<string>(), groups: [] };
      const sealedRows = rows.map((r) => [
        r.id,
        ...names.map((c) => {
          const v = r[c];
          if (v === null || isSealed(v)) return v;
          const kind = columns[c];
          return kind && !(c === unique?.column && withoutHash.has(r.id!)) ? sealIndexed(kind, v) : seal(v);
        }),
      ]);
      await updateById(tx, table, names, names.map(() => 'text'), sealedRows);
      changed += rows.length;
      tables.push(table);
      if (groups.length) duplicates.push({ table, groups });
    }
    for (const { table, column } of SEALED_DOCUMENTS) {
      const rows = rowsOf<{ id: string; doc: unknown }>(
        await tx.execute(
          sql`select id::text as id, ${sql.identifier(column)} as doc from ${sql.identifier(table)} where ${sql.identifier(column)}::text ~ ${UNSEALED_IN_DOCUMENT}`,
        ),
      );
      if (!rows.length) continue;
      const sealedRows = rows.map((r) => {
        const doc = typeof r.doc === 'string' ? JSON.parse(r.doc) : r.doc;
        return [r.id, JSON.stringify(mapPersonalFields(doc, (s) => (isSealed(s) ? s : seal(s))))];
      });
      await updateById(tx, table, [column], ['jsonb'], sealedRows);
      changed += rows.length;
      tables.push(table);
    }
    return { rows: changed, tables, duplicates };
  });
  const warn = options.warn ?? ((message: string) => console.warn(message));
  for (const { table, groups } of result.duplicates) {
    warn(
      `${table}: ${groups.length} person(s) appear more than once on one roster (same ID number). The extra rows were sealed ` +
        `without the roster index so that start-up could finish; merge each group in the app (first id keeps the index): ` +
        groups.map((g) => g.join(' = ')).join('; '),
    );
  }
  if (result.tables.length) await forgetPlainText(db, result.tables, warn);
  return result;
}

const INSUFFICIENT_PRIVILEGE = '42501';
/** A WAL segment's file name: timeline, log and segment, 24 hex digits. */
const WAL_SEGMENT = '^[0-9A-F]{24}$';

/**
 * An UPDATE leaves the old version of each row behind: as a dead tuple (and later free space) in the
 * table's files, and in the WAL, which a backup copies with the rest (decision 0005, "Data written
 * before this change"). This rewrites the changed tables into new files (VACUUM FULL; the old ones
 * are emptied and removed) and then moves the WAL past every segment that may hold the old versions,
 * so that the next checkpoint removes them. The embedded database runs with `wal_recycle=off`
 * (pglite-durability.ts), so a segment is deleted rather than renamed for reuse with its old bytes.
 * A PostgreSQL server recycles its segments and may archive or stream them; there the WAL step is a
 * courtesy, skipped without the privilege (CHECKPOINT and pg_switch_wal need a superuser).
 */
export async function forgetPlainText(db: Db, tables: readonly string[], warn: (message: string) => void): Promise<void> {
  for (const table of tables) await db.execute(sql`vacuum full ${sql.identifier(table)}`);
  try {
    const recycled = rowsOf<{ v: string }>(await db.execute(sql`select current_setting('wal_recycle', true) as v`))[0].v !== 'off';
    if (recycled) {
      await db.execute(sql`select pg_switch_wal()`);
      await db.execute(sql`checkpoint`);
      return;
    }
    await leaveOldWalSegments(db, warn);
  } catch (e) {
    if (dbErrorFacts(e)?.code !== INSUFFICIENT_PRIVILEGE) throw e;
  }
}

/**
 * Every segment present now may hold plain text: the sealer's own WAL carries full-page images of
 * the pages it changed, and segments an earlier version recycled carry whatever they held. Switching
 * to a new segment and checkpointing until the current segment is past all of them has the
 * checkpoint delete them. A switch does nothing in a segment with no WAL since it began, which is
 * why each round checkpoints (a forced checkpoint always writes a record).
 */
async function leaveOldWalSegments(db: Db, warn: (message: string) => void) {
  const segments = rowsOf<{ name: string }>(await db.execute(sql`select name from pg_ls_waldir() where name ~ ${WAL_SEGMENT}`)).map((r) => r.name);
  const last = segments.sort().at(-1) ?? '';
  const current = async () => rowsOf<{ w: string }>(await db.execute(sql`select pg_walfile_name(pg_current_wal_lsn()) as w`))[0].w;
  for (let round = 0; round <= segments.length + 1; round++) {
    await db.execute(sql`select pg_switch_wal()`);
    await db.execute(sql`checkpoint`);
    if ((await current()) > last) return;
  }
  // Not fatal: the rows are sealed; the segments go at a later checkpoint once the WAL has moved on.
  warn(`the WAL did not move past segment ${last} after ${segments.length + 2} switches: old plain text may stay in pg_wal until later checkpoints`);
}

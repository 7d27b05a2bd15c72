import { sql, type SQL } from 'drizzle-orm';
import {
  isSealed,
  mapPersonalFields,
  SealedValueError,
  seal,
  sealIndexed,
  unseal,
  type BlindIndexKind,
} from '../core/personal-data.js';
import { rowsOf, type Db, type DbOrTx } from './client.js';

/** The text columns that hold personal identifiers, and the blind index each carries (if any). */
export const SEALED_COLUMNS: readonly { table: string; columns: Record<string, BlindIndexKind | null> }[] = [
  { table: 'users', columns: { phone: null } },
  { table: 'registry_organizations', columns: { leader_phone: null, leader_id_number: 'id_number' } },
  { table: 'registry_members', columns: { phone: null, id_number: 'id_number' } },
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

/**
 * Seals, in one transaction, every personal identifier still stored in plain text: data written
 * before sealing existed (a demo database from an earlier version), or by a script that bypassed
 * the column types. Idempotent: sealed values are left as they are, so it runs at every start-up,
 * after the migrations. Returns how many rows it changed.
 */
export async function sealPersonalData(db: Db): Promise<{ rows: number }> {
  await assertKeyOpensSealedData(db);
  return db.transaction(async (tx) => {
    let changed = 0;
    for (const { table, columns } of SEALED_COLUMNS) {
      const names = Object.keys(columns);
      const rows = rowsOf<Record<string, string | null>>(
        await tx.execute(sql`select id::text as id, ${sql.join(names.map((c) => sql.identifier(c)), sql`, `)} from ${sql.identifier(table)} where ${unsealedWhere(names)}`),
      );
      const sealedRows = rows.map((r) => [
        r.id,
        ...names.map((c) => {
          const v = r[c];
          if (v === null || isSealed(v)) return v;
          const kind = columns[c];
          return kind ? sealIndexed(kind, v) : seal(v);
        }),
      ]);
      await updateById(tx, table, names, names.map(() => 'text'), sealedRows);
      changed += rows.length;
    }
    for (const { table, column } of SEALED_DOCUMENTS) {
      const rows = rowsOf<{ id: string; doc: unknown }>(
        await tx.execute(
          sql`select id::text as id, ${sql.identifier(column)} as doc from ${sql.identifier(table)} where ${sql.identifier(column)}::text ~ ${UNSEALED_IN_DOCUMENT}`,
        ),
      );
      const sealedRows = rows.map((r) => {
        const doc = typeof r.doc === 'string' ? JSON.parse(r.doc) : r.doc;
        return [r.id, JSON.stringify(mapPersonalFields(doc, (s) => (isSealed(s) ? s : seal(s))))];
      });
      await updateById(tx, table, [column], ['jsonb'], sealedRows);
      changed += rows.length;
    }
    return { rows: changed };
  });
}

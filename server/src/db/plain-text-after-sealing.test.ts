/**
 * Sealing rewrites rows, but an UPDATE leaves the old plain-text versions in the table's files and
 * in the WAL, and a backup copies the data folder as it is. This reproduces a database an earlier
 * version wrote (plain identifiers, PGlite's default settings, which recycle WAL segments with their
 * old bytes), upgrades it, and reads every byte of the data folder and of a backup afterwards.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSealed, unseal } from '../core/personal-data.js';
import { useTestDataKey } from '../../test/data-key.js';
import { makeRegionTree } from '../modules/regions/regions.factories.js';
import { makeIdNumber, makeMember, makeOrganization } from '../modules/registry/registry.factories.js';
import { createBackup, DATABASE_ARCHIVE } from './backup.js';
import { openPglite, PGLITE_EXTENSIONS, rowsOf, runMigrations, type Database, type Db } from './client.js';
import { sealPersonalData } from './seal-personal-data.js';

const PHONE = '13987654321';
const LEADER_PHONE = '13912340000';
const ID_NUMBER = makeIdNumber('19520202');
const SECRETS = [PHONE, LEADER_PHONE, ID_NUMBER];

let work: string;
const dataDir = () => path.join(work, 'pglite');

/** The relative paths of the files under `root` whose bytes contain any of the secrets. */
function filesHolding(root: string, secrets: string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile()) {
        const bytes = readFileSync(p);
        if (secrets.some((s) => bytes.includes(s))) found.push(path.relative(root, p));
      }
    }
  };
  walk(root);
  return found.sort();
}

/** What an earlier version left: identifiers in plain text, written, vacuumed and checkpointed with PGlite's defaults. */
async function writeAsAnEarlierVersion() {
  const client = await PGlite.create({ dataDir: dataDir(), extensions: PGLITE_EXTENSIONS });
  const old: Database = { db: drizzle({ client }) as unknown as Db, engine: 'pglite', pglite: client, close: () => client.close() };
  try {
    await runMigrations(old);
    const region = await makeRegionTree(old.db);
    const team = await makeOrganization(old.db, region.street, { name: '旧版本队' });
    const member = await makeMember(old.db, team);
    await old.db.execute(sql`update registry_organizations set leader_phone = ${LEADER_PHONE} where id = ${team.id}`);
    await old.db.execute(sql`update registry_members set phone = ${PHONE}, id_number = ${ID_NUMBER} where id = ${member.id}`);
    // More than one 16 MB WAL segment after them, then a checkpoint: the segment holding them is
    // recycled under a later name, old bytes and all, as a server running for a while does.
    await old.db.execute(sql`create table filler (x text)`);
    await old.db.execute(sql`insert into filler select repeat(md5(i::text), 32) from generate_series(1, 20000) i`);
    await old.db.execute(sql`drop table filler`);
    await old.db.execute(sql`vacuum`);
    await old.db.execute(sql`checkpoint`);
  } finally {
    await old.close();
  }
}

beforeAll(async () => {
  useTestDataKey();
  work = mkdtempSync(path.join(tmpdir(), 'shuniu-sealing-'));
  await writeAsAnEarlierVersion();
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('upgrading an embedded database that holds plain identifiers', () => {
  it('leaves no plain identifier in any file of the data folder, nor in a backup taken afterwards', async () => {
    // What makes the test mean something: the old bytes are there before the upgrade.
    expect(filesHolding(dataDir(), SECRETS).some((f) => f.startsWith('pg_wal'))).toBe(true);

    const database = await openPglite({ dataDir: dataDir() });
    try {
      await runMigrations(database);
      expect((await sealPersonalData(database.db)).rows).toBe(2);
      const [member] = rowsOf<{ phone: string; id_number: string }>(await database.db.execute(sql`select phone, id_number from registry_members`));
      expect(isSealed(member.phone) && unseal(member.phone)).toBe(PHONE);
      expect(unseal(member.id_number)).toBe(ID_NUMBER);

      expect(filesHolding(dataDir(), SECRETS)).toEqual([]);
      const backup = await createBackup(database, { root: path.join(work, 'backups'), keep: 2 });
      const tarball = gunzipSync(readFileSync(path.join(backup.path, DATABASE_ARCHIVE)));
      for (const secret of SECRETS) expect(tarball.includes(secret), secret).toBe(false);
    } finally {
      await database.close();
    }
    // Nor after a clean shutdown (its final checkpoint).
    expect(filesHolding(dataDir(), SECRETS)).toEqual([]);
  });
});

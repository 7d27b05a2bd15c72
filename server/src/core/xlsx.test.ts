import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { workbook } from '../../test/helpers.js';
import { assertReaderInternals, READER_PRIVATE_METHODS, readSheet, SHEET_LIMITS, SheetError, type SheetLimits } from './xlsx.js';
import { isStorableText } from './storable-text.js';

const COLUMNS = [
  { key: 'name', header: '名称', required: true },
  { key: 'amount', header: '数量' },
] as const;

async function problemOf(read: Promise<unknown>) {
  const e = await read.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(SheetError);
  return (e as SheetError).problems[0];
}

const limits = (overrides: Partial<SheetLimits>): SheetLimits => ({ ...SHEET_LIMITS, ...overrides });

describe('readSheet', () => {
  it('reads text, numbers and dates of the first sheet by header', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('一');
    ws.addRow(['名称', '数量', '成立日期']);
    ws.addRow(['  静安区老年协会 ', 12, new Date(Date.UTC(2024, 0, 5))]);
    ws.addRow([{ richText: [{ text: '长寿' }, { text: '路' }] }, null, null]);
    wb.addWorksheet('二').addRow(['名称']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const columns = [...COLUMNS, { key: 'foundedOn', header: '成立日期' }] as const;
    expect(await readSheet(bytes, columns)).toEqual([
      { row: 2, values: { name: '静安区老年协会', amount: '12', foundedOn: '2024-01-05' } },
      { row: 3, values: { name: '长寿路' } },
    ]);
  });

  it('decodes Excel escapes and keeps characters split across inflated chunks whole', async () => {
    const long = '长寿路街道'.repeat(390);
    const rows = Array.from({ length: 40 }, (_, i) => [`${long}${i}`, null]);
    const read = await readSheet(await workbook(['名称', '数量'], [['一_x000D_二', null], ...rows]), COLUMNS);
    expect(read[0].values.name).toBe('一\r二');
    expect(read.slice(1).map((r) => r.values.name)).toEqual(rows.map((r) => r[0]));
  });

  it('stops reading at the row cap: a sheet too big to unpack whole is refused for its rows', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => [i, i * 2]);
    const bytes = await workbook(['名称', '数量'], rows);
    const budget = 128 * 1024;
    // Read to the end, the sheet exceeds the budget...
    expect(await problemOf(readSheet(bytes, COLUMNS, limits({ maxRows: 1_000_000, maxUnpackedBytes: budget })))).toMatchObject({
      problem: 'sheet_unpacked_too_large',
    });
    // ...so refusing it for its rows proves the reader stopped at row cap + 1.
    expect(await problemOf(readSheet(bytes, COLUMNS, limits({ maxRows: 10, maxUnpackedBytes: budget })))).toEqual({
      field: 'file',
      problem: 'too_many_rows',
      params: { maximum: 10 },
    });
  });

  it('accepts exactly the row cap', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => [`队${i}`, i]);
    expect(await readSheet(await workbook(['名称', '数量'], rows), COLUMNS, limits({ maxRows: 10 }))).toHaveLength(10);
  });

  it('stops inflating a small file that unpacks hugely (a zip bomb)', async () => {
    const bytes = await workbook(['名称', '数量'], [['a'.repeat(3_000_000), null]]);
    expect(bytes.length).toBeLessThan(100_000);
    expect(await problemOf(readSheet(bytes, COLUMNS, limits({ maxUnpackedBytes: 1024 * 1024 })))).toMatchObject({
      problem: 'sheet_unpacked_too_large',
      params: { limitMb: 1 },
    });
  });

  it('refuses over-long and unstorable cells with row and column, counting all of them', async () => {
    const rows = [['好', 'x'.repeat(21)], ['坏_x0000_', null], ['ok', null], ['半_xDC00_', null]];
    const e = await readSheet(await workbook(['名称', '数量'], rows), COLUMNS, limits({ maxCellChars: 20, maxReportedProblems: 2 })).catch((x) => x);
    expect(e).toBeInstanceOf(SheetError);
    expect(e.total).toBe(3);
    expect(e.problems).toEqual([
      { field: 'amount', problem: 'cell_too_long', params: { row: 2, column: '数量', maximum: 20 } },
      { field: 'name', problem: 'invalid_characters', params: { row: 3, column: '名称' } },
    ]);
  });

  it('refuses what is not an xlsx workbook', async () => {
    const good = await workbook(['名称'], [['a']]);
    for (const bytes of [Buffer.from('名称,数量\n甲,1\n'), Buffer.alloc(0), good.subarray(0, good.length - 200), Buffer.from(good).fill(0, 100, 400)]) {
      expect(await problemOf(readSheet(bytes, COLUMNS))).toMatchObject({ field: 'file', problem: 'not_xlsx' });
    }
  });

  it('refuses a well-zipped workbook whose sheet XML exceljs fails on, whatever the error exceljs raises', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('一').addRows([['名称', '数量'], ['甲', 1], ['乙', 2]]);
    // Stored, not deflated: the sheet XML can be edited in place, length for length.
    const stored = Buffer.from(await wb.xlsx.writeBuffer({ zip: { compression: 'STORE' } } as ExcelJS.XlsxWriteOptions));
    const edited = (from: string, to: string) => {
      expect(to).toHaveLength(from.length);
      const text = stored.toString('latin1');
      expect(text).toContain(from);
      return Buffer.from(text.replace(from, to), 'latin1');
    };
    // A cell without its address: exceljs fails with a TypeError of its own.
    const noAddress = edited(' r="A2"', ' '.repeat(7));
    // A closing </row> without its start: exceljs hands back no row at all.
    const noRowStart = edited('<row r="3" spans="1:2" x14ac:dyDescent="0.25">', ' '.repeat(46));
    for (const bytes of [noAddress, noRowStart]) {
      expect(await problemOf(readSheet(bytes, COLUMNS))).toMatchObject({ field: 'file', problem: 'not_xlsx' });
    }
  });

  it('lets a fault of its own code through as a server error, not as "not an xlsx"', async () => {
    // A column whose header cannot be read stands for a bug in the reader's own code, met after exceljs has parsed the row.
    const broken = [
      {
        key: 'name',
        required: true,
        get header(): string {
          throw new TypeError('a programming error');
        },
      },
    ];
    const e = await readSheet(await workbook(['名称'], [['a']]), broken).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TypeError);
    expect(e).not.toBeInstanceOf(SheetError);
  });

  it('reports unknown and missing columns, and an empty sheet', async () => {
    expect(await problemOf(readSheet(await workbook(['数量', '备注'.repeat(50)], [[1, 'x']]), COLUMNS))).toMatchObject({
      problem: 'unknown_column',
      params: { column: `${'备注'.repeat(20)}…` },
    });
    expect(await problemOf(readSheet(await workbook(['数量'], [[1]]), COLUMNS))).toMatchObject({ problem: 'missing_column' });
    expect(await problemOf(readSheet(await workbook(['名称'], []), COLUMNS))).toMatchObject({ problem: 'sheet_empty' });
  });
});

describe('assertReaderInternals (the private exceljs methods the reader drives)', () => {
  it('passes on the installed exceljs', () => {
    expect(() => assertReaderInternals(ExcelJS.stream.xlsx.WorkbookReader.prototype, 'installed')).not.toThrow();
  });

  it('refuses an exceljs without one of them, naming the version and the method', () => {
    const noop = () => undefined;
    const complete = Object.fromEntries(READER_PRIVATE_METHODS.map((name) => [name, noop]));
    expect(() => assertReaderInternals(complete, '4.4.0')).not.toThrow();
    const { _parseStyles: _, ...renamed } = complete;
    expect(() => assertReaderInternals({ ...renamed, parseStyles: noop }, '5.0.0')).toThrow(/exceljs 5\.0\.0.*_parseStyles/);
  });
});

describe('isStorableText', () => {
  it('refuses NUL and lone surrogates, keeps whole pairs', () => {
    expect(isStorableText('合唱团🎵')).toBe(true);
    expect(isStorableText('a\u0000b')).toBe(false);
    expect(isStorableText('a\uD83Cb')).toBe(false);
    expect(isStorableText('\uDFB5')).toBe(false);
  });
});

/**
 * Multipart uploads for the file and import routes: random bytes, real PNGs and spreadsheets with
 * hostile cells (impossible dates, NUL, unknown regions and organisations), hostile file names and
 * types, and multipart bodies that are broken on purpose.
 */
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { LEGAL_FORM_LABELS } from '../../src/modules/registry/registry.labels.js';
import { MEMBER_COLUMNS, ORGANIZATION_COLUMNS } from '../../src/modules/registry/service/spreadsheets.js';
import { PNG_BYTES, XLSX_MIME } from '../helpers.js';
import { ref, Ref } from './from-schema.js';
import { HOSTILE_STRINGS, hostileString, ID_NUMBER, PHONE } from './hostile.js';

/** A number shown as a date (how Excel stores dates); huge or negative ones are impossible dates. */
export interface SerialDate {
  serial: number;
}
export type Cell = string | number | boolean | null | Ref | SerialDate | { isoDate: string };

export interface SheetSpec {
  sheetName: string;
  headers: string[];
  rows: Cell[][];
}

export type Content =
  | { kind: 'png' }
  | { kind: 'pngThenGarbage'; bytes: Uint8Array }
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'oversize' }
  | { kind: 'sheet'; sheet: SheetSpec };

export type Shape = 'normal' | 'no-boundary' | 'truncated' | 'two-files' | 'field-only' | 'empty' | 'wrong-field';

export interface UploadSpec {
  filename: string;
  mime: string;
  content: Content;
  shape: Shape;
}

const FILENAMES = [
  'seal.png',
  'SEAL.PNG',
  'import.xlsx',
  '',
  '.png',
  '../../../etc/passwd.png',
  'a\u0000.png',
  '\ud800.png',
  '😀.png',
  `${'名'.repeat(300)}.png`,
  `${'a'.repeat(5_000)}.xlsx`,
  'a.png.exe',
  '"quoted".png',
  'a;b=c.png',
  'CON.xlsx',
  'x%00.png',
  'x\\..\\y.xlsx',
];
const MIMES = ['image/png', 'image/jpeg', 'application/pdf', XLSX_MIME, 'text/html', 'application/octet-stream', 'image/svg+xml', '', 'image/png; charset=utf-8', 'multipart/mixed'];

const DATE_KEYS = new Set(['foundedOn', 'joinedOn']);
const impossibleDates: Cell[] = [
  { serial: 1e12 },
  { serial: 2_958_466 },
  { serial: -5 },
  { serial: 0 },
  { serial: 0.5 },
  { isoDate: '0000-01-01' },
  { isoDate: 'invalid' },
  '0000-01-01',
  '2024-02-30',
  '9999-12-31',
  '2024/2/30',
  '45000',
];

function cellFor(key: string): fc.Arbitrary<Cell> {
  const hostile: fc.Arbitrary<Cell> = fc.oneof(hostileString, fc.constantFrom<Cell>(null, 0, -1, 1e308, true, ...impossibleDates));
  let valid: fc.Arbitrary<Cell> = fc.constantFrom<Cell>('张三', '合唱团', '社区活动室');
  if (DATE_KEYS.has(key)) valid = fc.oneof(fc.constantFrom<Cell>('2020-05-01', { serial: 44_000 }), fc.constantFrom(...impossibleDates));
  if (key === 'regionCode') valid = fc.oneof(ref('region'), ref('foreignRegion'), fc.constantFrom('000000000000', '999999999999'));
  if (key === 'organization') valid = ref('orgName');
  if (key === 'uscc') valid = ref('uscc');
  if (key === 'legalForm') valid = fc.oneof({ weight: 3, arbitrary: fc.constant(LEGAL_FORM_LABELS.grassroots_team) }, { weight: 1, arbitrary: fc.constantFrom(...Object.values(LEGAL_FORM_LABELS), 'grassroots_team', '其他') });
  if (/phone/i.test(key)) valid = fc.constantFrom(PHONE, '139', '+86 139 1234 5678');
  if (/idNumber/i.test(key)) valid = fc.constantFrom(ID_NUMBER, '11010119900307451X', '110101199013374512');
  if (key === 'name') valid = fc.oneof(fc.constantFrom('张三', '导入团队'), fc.nat(1_000_000).map((n) => `导入团队${n}`));
  return fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: hostile });
}

/**
 * A sheet with the kind's required columns and some others, rows mostly valid (so an import can
 * get as far as writing), some cells hostile; now and then an unknown or blank header.
 */
function sheetFor(columns: readonly { key: string; header: string; required?: boolean }[]): fc.Arbitrary<SheetSpec> {
  const required = columns.filter((c) => c.required);
  const optional = columns.filter((c) => !c.required);
  return fc
    .tuple(
      fc.subarray(optional, { maxLength: 4 }),
      fc.oneof({ weight: 4, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: fc.array(fc.constantFrom(...HOSTILE_STRINGS.slice(0, 12), '名称', '姓名'), { maxLength: 2 }) }),
      fc.integer({ min: 0, max: 4 }),
      fc.constantFrom('Sheet1', '组织与团队', '成员名单'),
    )
    .chain(([extra, extraHeaders, rowCount, sheetName]) => {
      const cols = [...required, ...extra];
      return fc
        .array(fc.tuple(...cols.map((c) => cellFor(c.key))), { minLength: rowCount, maxLength: rowCount })
        .map((rows) => ({ sheetName, headers: [...cols.map((c) => c.header), ...extraHeaders], rows: rows as Cell[][] }));
    });
}

const sheet = fc.oneof(sheetFor(ORGANIZATION_COLUMNS), sheetFor(MEMBER_COLUMNS));

export const uploadSpec: fc.Arbitrary<UploadSpec> = fc.record({
  filename: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...FILENAMES) }, { weight: 1, arbitrary: hostileString.map((s) => `${s}.png`) }),
  mime: fc.constantFrom(...MIMES),
  content: fc.oneof(
    { weight: 2, arbitrary: fc.constant<Content>({ kind: 'png' }) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map<Content>((bytes) => ({ kind: 'pngThenGarbage', bytes })) },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 2_048 }).map<Content>((bytes) => ({ kind: 'bytes', bytes })) },
    { weight: 4, arbitrary: sheet.map<Content>((s) => ({ kind: 'sheet', sheet: s })) },
    { weight: 1, arbitrary: fc.constant<Content>({ kind: 'oversize' }) },
  ),
  shape: fc.oneof(
    { weight: 8, arbitrary: fc.constant<Shape>('normal') },
    { weight: 1, arbitrary: fc.constantFrom<Shape>('no-boundary', 'truncated', 'two-files', 'field-only', 'empty', 'wrong-field') },
  ),
});

async function sheetBytes(spec: SheetSpec, resolve: (r: Ref) => string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(spec.sheetName);
  ws.addRow(spec.headers);
  for (const cells of spec.rows) {
    const row = ws.addRow([]);
    cells.forEach((cell, i) => {
      const target = row.getCell(i + 1);
      if (cell instanceof Ref) target.value = resolve(cell);
      else if (cell && typeof cell === 'object' && 'serial' in cell) {
        target.value = cell.serial;
        target.numFmt = 'yyyy-mm-dd';
      } else if (cell && typeof cell === 'object' && 'isoDate' in cell) target.value = new Date(cell.isoDate);
      else target.value = cell;
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function contentBytes(content: Content, resolve: (r: Ref) => string): Promise<Buffer> {
  switch (content.kind) {
    case 'png':
      return PNG_BYTES;
    case 'pngThenGarbage':
      return Buffer.concat([PNG_BYTES.subarray(0, 16), Buffer.from(content.bytes)]);
    case 'bytes':
      return Buffer.from(content.bytes);
    case 'oversize':
      return Buffer.concat([PNG_BYTES, Buffer.alloc(2.5 * 1024 * 1024)]);
    case 'sheet':
      return sheetBytes(content.sheet, resolve);
  }
}

export const BOUNDARY = '----shuniufuzzboundary';

/** The multipart request text and its content type, broken as the shape says. */
export function multipartBody(spec: UploadSpec, bytes: Buffer): { payload: Buffer; contentType: string } {
  const part = (name: string, filename: string | null, data: Buffer) =>
    Buffer.concat([
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"${filename === null ? '' : `; filename="${filename}"`}\r\n` +
          (filename === null ? '' : `Content-Type: ${spec.mime}\r\n`) +
          '\r\n',
      ),
      data,
      Buffer.from('\r\n'),
    ]);
  const end = Buffer.from(`--${BOUNDARY}--\r\n`);
  const contentType = `multipart/form-data; boundary=${BOUNDARY}`;
  const file = part('file', spec.filename, bytes);
  switch (spec.shape) {
    case 'normal':
      return { payload: Buffer.concat([file, end]), contentType };
    case 'no-boundary':
      return { payload: Buffer.concat([file, end]), contentType: 'multipart/form-data' };
    case 'truncated':
      return { payload: file.subarray(0, Math.floor(file.length / 2)), contentType };
    case 'two-files':
      return { payload: Buffer.concat([file, part('file', 'second.png', PNG_BYTES), end]), contentType };
    case 'field-only':
      return { payload: Buffer.concat([part('file', null, bytes.subarray(0, 100)), end]), contentType };
    case 'empty':
      return { payload: Buffer.alloc(0), contentType };
    case 'wrong-field':
      return { payload: Buffer.concat([part('attachment', spec.filename, bytes), end]), contentType };
  }
}

import type { FastifyReply } from 'fastify';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { IMPORT_LIMITS } from '../../../shared/import-limits.js';
import type { FieldProblem } from '../errors.js';
import { isStorableText } from './storable-text.js';
import { openEntry, UnpackedTooLarge, ZipFormatError, zipEntries, type UnpackBudget, type ZipEntry } from './xlsx-zip.js';

export interface SheetColumn<K extends string = string> {
  key: K;
  /** Header as it appears in the sheet (the user's language); aliases accept other spellings. */
  header: string;
  aliases?: string[];
  required?: boolean;
  width?: number;
}

export interface ParsedRow<K extends string> {
  /** 1-based row number in the sheet, header being row 1. */
  row: number;
  values: Partial<Record<K, string>>;
}

export interface SheetLimits {
  maxRows: number;
  maxCellChars: number;
  maxReportedProblems: number;
  /** What the workbook's XML may unpack to: bounds the work of a small file that inflates hugely. */
  maxUnpackedBytes: number;
}

export const SHEET_LIMITS: SheetLimits = {
  maxRows: IMPORT_LIMITS.maxRows,
  maxCellChars: IMPORT_LIMITS.maxCellChars,
  maxReportedProblems: IMPORT_LIMITS.maxReportedProblems,
  // A full 5,000-row sheet of twenty filled columns unpacks to about 10 MB.
  maxUnpackedBytes: 32 * 1024 * 1024,
};

/**
 * Excel writes characters XML cannot carry as `_xHHHH_` (a carriage return is `_x000D_`). exceljs's
 * workbook loader decodes them; its streaming reader does not, so it is done here.
 */
const decodeEscapes = (text: string) => text.replace(/_x([0-9A-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return decodeEscapes(value);
  if (value instanceof Date) {
    // A date-formatted number far outside the calendar gives an invalid Date; its text fails date checks.
    return Number.isNaN(value.getTime()) ? 'invalid date' : value.toISOString().slice(0, 10);
  }
  if (typeof value === 'object') {
    if ('richText' in value) return decodeEscapes(value.richText.map((r) => r.text ?? '').join(''));
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    return '';
  }
  return String(value);
}

export class SheetError extends Error {
  /** `problems` may be the first few of `total`. */
  constructor(
    readonly problems: FieldProblem[],
    readonly total = problems.length,
  ) {
    super('sheet error');
  }
}

const fileProblem = (problem: string, params?: Record<string, unknown>) => new SheetError([{ field: 'file', problem, params }]);

const READER_OPTIONS = {
  worksheets: 'emit',
  sharedStrings: 'cache',
  // Styles tell a date cell from a number cell.
  styles: 'cache',
  hyperlinks: 'ignore',
  entries: 'ignore',
} as const;

/** The private methods of exceljs's streaming reader (4.4.0, pinned in package.json) that FirstSheetReader calls. */
export const READER_PRIVATE_METHODS = ['_parseRels', '_parseWorkbook', '_parseStyles', '_parseSharedStrings', '_parseWorksheet'] as const;

/**
 * exceljs does not promise its private methods: an upgrade that renames one would make every upload
 * unreadable. Checked when this module loads, so the server refuses to start and the tests fail,
 * rather than every import being refused as "not an xlsx".
 */
export function assertReaderInternals(prototype: object, exceljsVersion: string): void {
  const missing = READER_PRIVATE_METHODS.filter((name) => typeof (prototype as Record<string, unknown>)[name] !== 'function');
  if (missing.length) {
    throw new Error(
      `exceljs ${exceljsVersion}: its streaming WorkbookReader has no ${missing.join(', ')}. ` +
        'server/src/core/xlsx.ts (FirstSheetReader) drives these private methods of exceljs 4.4.0; adapt it, or install exceljs 4.4.0.',
    );
  }
}

const EXCELJS_VERSION = (createRequire(import.meta.url)('exceljs/package.json') as { version: string }).version;
assertReaderInternals(ExcelJS.stream.xlsx.WorkbookReader.prototype, EXCELJS_VERSION);

/**
 * Whatever exceljs throws while it parses the file is the file's fault, whatever the error's class:
 * it trusts its input, so a cell without an address or a workbook part it could not read fails as a
 * TypeError as readily as malformed XML fails with a message of its own. Only the calls into exceljs
 * are wrapped, so a fault in this module's own code stays a server error and is logged.
 */
class UnreadableWorkbook extends Error {
  constructor(cause: unknown) {
    super('unreadable workbook', { cause });
  }
}

function fileFault(e: unknown): unknown {
  // The unpack budget and the sheet's own problems travel through exceljs's streams unchanged.
  return e instanceof SheetError || e instanceof UnpackedTooLarge || e instanceof UnreadableWorkbook ? e : new UnreadableWorkbook(e);
}

async function parsing<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    throw fileFault(e);
  }
}

/** Iterates what exceljs produces, marking what it throws as the file's fault; the consumer's own errors pass as they are. */
async function* parsed<T>(source: AsyncIterable<T> | Iterable<T>): AsyncGenerator<T> {
  const iterator: AsyncIterator<T> | Iterator<T> = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  let open = true;
  try {
    for (;;) {
      const step = await parsing(async () => {
        try {
          return await iterator.next();
        } catch (e) {
          open = false;
          throw e;
        }
      });
      if (step.done) {
        open = false;
        return;
      }
      yield step.value;
    }
  } finally {
    // Stopped early (the row cap, a problem found): exceljs releases its streams, as after a for-await.
    if (open) await parsing(async () => iterator.return?.());
  }
}

/** The parts of exceljs's streaming reader (4.4) this module drives itself; see FirstSheetReader. */
interface WorkbookReaderParts {
  workbookRels?: { Id: string; Target: string }[];
  model?: { sheets?: { rId: string }[] };
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: Readable, sheetNo: string): Generator<{ eventType: string; value: unknown }>;
}

/**
 * exceljs's streaming reader, fed from the zip's central directory instead of its own sequential
 * unzip. Excel and exceljs both store the sheet before the shared strings, so the stock reader first
 * unpacks the whole sheet into a temporary file; here the small parts are read first and the first
 * sheet is then parsed as it inflates, so reading stops where the caller stops (the row cap), and
 * every part counts against one unpacked-size budget.
 */
class FirstSheetReader extends ExcelJS.stream.xlsx.WorkbookReader {
  private readonly streams: Readable[] = [];

  constructor(
    private readonly bytes: Buffer,
    private readonly entries: Map<string, ZipEntry>,
    private readonly budget: UnpackBudget,
  ) {
    super(Readable.from([]), READER_OPTIONS);
  }

  private open(name: string): Readable | null {
    const entry = this.entries.get(name);
    if (!entry) return null;
    const stream = openEntry(this.bytes, entry, this.budget);
    this.streams.push(stream);
    return stream;
  }

  private firstSheetPath(parts: WorkbookReaderParts): string | undefined {
    const rId = parts.model?.sheets?.[0]?.rId;
    const target = parts.workbookRels?.find((r) => r.Id === rId)?.Target;
    if (target) return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    return [...this.entries.keys()].filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n)).sort(
      (a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]),
    )[0];
  }

  override async *parse(): AsyncGenerator<{ eventType: string; value: unknown }> {
    const parts = this as unknown as WorkbookReaderParts;
    try {
      const rels = this.open('xl/_rels/workbook.xml.rels');
      if (rels) await parsing(() => parts._parseRels(rels));
      const workbook = this.open('xl/workbook.xml');
      if (workbook) await parsing(() => parts._parseWorkbook(workbook));
      const styles = this.open('xl/styles.xml');
      if (styles) await parsing(() => parts._parseStyles(styles));
      const strings = this.open('xl/sharedStrings.xml');
      if (strings) for await (const _ of parsed(parts._parseSharedStrings(strings)));
      const path = this.firstSheetPath(parts);
      const sheet = path ? this.open(path) : null;
      if (sheet) yield* parsed(parts._parseWorksheet(sheet, '1'));
    } finally {
      // The caller may stop early (the row cap): release the inflaters still open.
      for (const s of this.streams) s.destroy();
    }
  }
}

/** Header cells echoed in a problem are cut: the header row is as unchecked as any other. */
const shortHeader = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

function matchHeader<K extends string>(header: ExcelJS.Row | null, columns: readonly SheetColumn<K>[], limits: SheetLimits) {
  const colIndex = new Map<K, number>();
  const problems: FieldProblem[] = [];
  header?.eachCell((cell, col) => {
    const text = cellText(cell.value).trim();
    if (!text) return;
    const column = columns.find((c) => c.header === text || c.key === text || c.aliases?.includes(text));
    if (column) colIndex.set(column.key, col);
    else problems.push({ field: 'row 1', problem: 'unknown_column', params: { column: shortHeader(text), row: 1 } });
  });
  for (const c of columns) {
    if (c.required && !colIndex.has(c.key)) {
      problems.push({ field: 'row 1', problem: 'missing_column', params: { column: c.header, row: 1 } });
    }
  }
  if (problems.length) throw new SheetError(problems.slice(0, limits.maxReportedProblems), problems.length);
  return colIndex;
}

async function readRows<K extends string>(
  sheet: AsyncIterable<ExcelJS.Row>,
  columns: readonly SheetColumn<K>[],
  limits: SheetLimits,
): Promise<ParsedRow<K>[]> {
  let colIndex: Map<K, number> | null = null;
  const rows: ParsedRow<K>[] = [];
  const cellProblems: FieldProblem[] = [];
  let cellProblemCount = 0;
  let dataRows = 0;
  let lastRow = 0;
  const headerOf = (key: K) => columns.find((c) => c.key === key)!.header;
  for await (const row of parsed(sheet)) {
    // exceljs gives no row for a closing </row> it saw no start of.
    if (!row) throw new UnreadableWorkbook(new Error('a row without its start tag'));
    // A writer may leave out row numbers; rows then follow one another.
    const rowNumber = Number.isInteger(row.number) && row.number > lastRow ? row.number : lastRow + 1;
    lastRow = rowNumber;
    if (!colIndex) {
      colIndex = matchHeader(rowNumber === 1 ? row : null, columns, limits);
      if (rowNumber === 1) continue;
    }
    const values: Partial<Record<K, string>> = {};
    let any = false;
    for (const [key, col] of colIndex) {
      const raw = cellText(row.getCell(col).value);
      let problem: FieldProblem | null = null;
      if (raw.length > limits.maxCellChars) {
        problem = { field: key, problem: 'cell_too_long', params: { row: rowNumber, column: headerOf(key), maximum: limits.maxCellChars } };
      } else if (!isStorableText(raw)) {
        problem = { field: key, problem: 'invalid_characters', params: { row: rowNumber, column: headerOf(key) } };
      }
      if (problem) {
        if (cellProblemCount++ < limits.maxReportedProblems) cellProblems.push(problem);
        any = true;
        continue;
      }
      const text = raw.trim();
      if (text) {
        values[key] = text;
        any = true;
      }
    }
    if (!any) continue;
    if (++dataRows > limits.maxRows) throw fileProblem('too_many_rows', { maximum: limits.maxRows });
    rows.push({ row: rowNumber, values });
  }
  // A sheet without rows still owes its required columns.
  if (!colIndex) matchHeader(null, columns, limits);
  if (cellProblemCount) throw new SheetError(cellProblems, cellProblemCount);
  if (rows.length === 0) throw fileProblem('sheet_empty');
  return rows;
}

/**
 * Reads the first worksheet, matching header cells to columns; unknown or missing columns are reported.
 * Streams the sheet and stops at the row cap; cells too long to be any field, or holding characters
 * the database cannot store, are refused here with their row and column.
 */
export async function readSheet<K extends string>(
  bytes: Buffer,
  columns: readonly SheetColumn<K>[],
  limits: SheetLimits = SHEET_LIMITS,
): Promise<ParsedRow<K>[]> {
  let entries: Map<string, ZipEntry>;
  try {
    entries = zipEntries(bytes);
  } catch (e) {
    if (e instanceof ZipFormatError) throw fileProblem('not_xlsx');
    throw e;
  }
  const reader = new FirstSheetReader(bytes, entries, { maxBytes: limits.maxUnpackedBytes, usedBytes: 0 });
  try {
    for await (const sheet of reader) return await readRows(sheet as AsyncIterable<ExcelJS.Row>, columns, limits);
  } catch (e) {
    if (e instanceof UnpackedTooLarge) throw fileProblem('sheet_unpacked_too_large', { limitMb: limits.maxUnpackedBytes / 1024 / 1024 });
    // Malformed XML, a broken deflate stream, a cell reference exceljs cannot place: not a workbook we read.
    if (e instanceof UnreadableWorkbook) throw fileProblem('not_xlsx');
    // The sheet's own problems, and faults of this module's code: a 500, logged.
    throw e;
  }
  throw fileProblem('sheet_empty');
}

/** An export is the whole list a screen pages through, up to this many rows. */
export const EXPORT_LIMIT = 50_000;

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Sends a workbook as a download; the name may be Chinese (RFC 5987 encoding). */
export function sendSheet(reply: FastifyReply, bytes: Buffer, filename: string) {
  return reply
    .header('content-type', XLSX_MIME)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`)
    .send(bytes);
}

/** Writes one sheet with a bold, frozen header row. */
export async function writeSheet<K extends string>(
  sheetName: string,
  columns: readonly SheetColumn<K>[],
  rows: Iterable<Partial<Record<K, string | number | null>>>,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Shuniu';
  const ws = wb.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? 18 }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

import type { FastifyReply } from 'fastify';
import ExcelJS from 'exceljs';
import type { FieldProblem } from '../errors.js';

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

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    return '';
  }
  return String(value);
}

export class SheetError extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super('sheet error');
  }
}

/** Reads the first worksheet, matching header cells to columns; unknown or missing columns are reported. */
export async function readSheet<K extends string>(
  bytes: Buffer,
  columns: readonly SheetColumn<K>[],
): Promise<ParsedRow<K>[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as any);
  } catch {
    throw new SheetError([{ field: 'file', problem: 'not_xlsx' }]);
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new SheetError([{ field: 'file', problem: 'sheet_empty' }]);
  const headerRow = ws.getRow(1);
  const colIndex = new Map<K, number>();
  const problems: FieldProblem[] = [];
  headerRow.eachCell((cell, col) => {
    const text = cellText(cell.value).trim();
    if (!text) return;
    const column = columns.find((c) => c.header === text || c.key === text || c.aliases?.includes(text));
    if (column) colIndex.set(column.key, col);
    else problems.push({ field: `row 1`, problem: 'unknown_column', params: { column: text, row: 1 } });
  });
  for (const c of columns) {
    if (c.required && !colIndex.has(c.key)) {
      problems.push({ field: 'row 1', problem: 'missing_column', params: { column: c.header, row: 1 } });
    }
  }
  if (problems.length) throw new SheetError(problems);
  const rows: ParsedRow<K>[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const values: Partial<Record<K, string>> = {};
    let any = false;
    for (const [key, col] of colIndex) {
      const text = cellText(row.getCell(col).value).trim();
      if (text) {
        values[key] = text;
        any = true;
      }
    }
    if (any) rows.push({ row: rowNumber, values });
  });
  if (rows.length === 0) throw new SheetError([{ field: 'file', problem: 'sheet_empty' }]);
  return rows;
}

/** Writes one sheet with a bold, frozen header row. */
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

import type { z } from 'zod';
import { IMPORT_LIMITS } from '../../../../../shared/import-limits.js';
import type { SheetError } from '../../../core/xlsx.js';
import { AppError, type FieldProblem } from '../../../errors.js';
import { fieldLabel, isProblemKey, translate, type Locale } from '../../../i18n/index.js';

export interface RowProblem {
  row: number;
  column: string;
  message: string;
}

/**
 * The problems the API reports for the same fields (plugins/errors.ts reads them from the same
 * schemas): `too_big` with its maximum, an empty required text as `required`, a schema's own key.
 */
export function schemaProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => {
    const field = String(issue.path[0] ?? 'body');
    if (isProblemKey(issue.message)) return { field, problem: issue.message, params: (issue as { params?: Record<string, unknown> }).params };
    switch (issue.code) {
      case 'too_big':
        return { field, problem: 'too_big', params: { maximum: Number(issue.maximum) } };
      case 'too_small':
        return Number(issue.minimum) === 1 ? { field, problem: 'required' } : { field, problem: 'too_small', params: { minimum: Number(issue.minimum) } };
      case 'invalid_format':
        return { field, problem: 'invalid_format' };
      default:
        return { field, problem: 'invalid_value' };
    }
  });
}

interface Entry {
  row: number;
  column: string;
  problem: FieldProblem;
}

/**
 * The problems of one import, reported by row and column. Every row is checked, but the report
 * lists only the first problems (by row) with the total: a file of thousands of bad rows must not
 * make a response of megabytes.
 */
export class ImportReport {
  private readonly entries: Entry[] = [];
  /** Problems counted but not kept (found while reading, beyond the listed ones). */
  private uncounted = 0;

  add(row: number, column: string, problem: FieldProblem) {
    this.entries.push({ row, column, problem });
  }

  get size() {
    return this.entries.length + this.uncounted;
  }

  rejection(locale: Locale, limit: number = IMPORT_LIMITS.maxReportedProblems): AppError {
    const shown = this.entries
      .sort((a, b) => a.row - b.row)
      .slice(0, limit)
      .map(({ row, column, problem }) => ({
        row,
        column,
        message: translate(locale, `problems.${problem.problem}`, { ...problem.params, field: column || fieldLabel(locale, problem.field) }),
      }));
    return importRejected(shown, this.size);
  }

  /** The report of a file refused while it was read (layout, size, unreadable cells). */
  static ofSheetError(e: SheetError): ImportReport {
    const report = new ImportReport();
    for (const p of e.problems) report.add(Number(p.params?.row ?? 0), String(p.params?.column ?? ''), p);
    report.uncounted = e.total - e.problems.length;
    return report;
  }
}

function importRejected(problems: RowProblem[], total: number) {
  return new AppError('import_rejected', { count: total }, [], { problems, total });
}

import { z } from 'zod';
import { ZRegionCode } from '../contract.js';

export const IMPORT_KINDS = ['organizations', 'members'] as const;
export type TImportKind = (typeof IMPORT_KINDS)[number];
export const ZImportKindParams = z.object({ kind: z.enum(IMPORT_KINDS) });
/** Organisations are imported into this region (default: the caller's first grant). */
export const ZImportQuery = z.object({ regionCode: ZRegionCode.optional() });
export const ZImportResult = z.object({ imported: z.number() });

/** One problem of a rejected import, at a row (1 = the header) and column of the file. */
export interface TImportProblem {
  row: number;
  column: string;
  message: string;
}
/**
 * The `details` of an `import_rejected` error: the first problems by row, and how many there are.
 * Nothing is imported from a file with any problem.
 */
export interface TImportRejection {
  problems: TImportProblem[];
  total: number;
}

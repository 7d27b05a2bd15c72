import { z } from 'zod';
import { ZRegionCode } from '../contract.js';

export const IMPORT_KINDS = ['organizations', 'members'] as const;
export type TImportKind = (typeof IMPORT_KINDS)[number];
export const ZImportKindParams = z.object({ kind: z.enum(IMPORT_KINDS) });

/**
 * What an organisation import does with a row the register already holds: leave the record as it
 * is, or update the fields the sheet fills. Not given: a file with such rows imports nothing and
 * lists them (`import_existing`), so that the user chooses.
 */
export const IMPORT_ON_EXISTING = ['skip', 'update'] as const;
export type TImportOnExisting = (typeof IMPORT_ON_EXISTING)[number];

/** Organisations are imported into this region (default: the caller's first grant). */
export const ZImportQuery = z.object({ regionCode: ZRegionCode.optional(), onExisting: z.enum(IMPORT_ON_EXISTING).optional() });

/** How a row was recognised, strongest first: credit code, filing number, name within the region. */
export const IMPORT_MATCHES = ['uscc', 'filingNumber', 'nameRegion'] as const;
export type TImportMatch = (typeof IMPORT_MATCHES)[number];
export const IMPORT_OUTCOMES = ['pending', 'skipped', 'updated', 'refused'] as const;

/** A row of the file the register already holds, and what the import did with it. */
export const ZImportExistingRow = z.object({
  /** Row of the file (1 = the header). */
  row: z.number(),
  /** The name the sheet gives. */
  name: z.string(),
  matchedBy: z.enum(IMPORT_MATCHES),
  /** The record found, as the register names it. */
  existingName: z.string(),
  existingId: z.string(),
  outcome: z.enum(IMPORT_OUTCOMES),
  /** Why an update was refused, in the user's language. */
  message: z.string().optional(),
});
export type TImportExistingRow = z.infer<typeof ZImportExistingRow>;

export const ZImportResult = z.object({
  imported: z.number(),
  /** Organisation imports only: the rows the register already held (the first ones by row), and their counts. */
  updated: z.number().optional(),
  skipped: z.number().optional(),
  refused: z.number().optional(),
  existing: z.array(ZImportExistingRow).optional(),
});
export type TImportResult = z.infer<typeof ZImportResult>;

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

/**
 * The `details` of an `import_existing` error (409): the file holds rows the register already has
 * and the import did not say what to do with them; nothing was imported.
 */
export interface TImportExistingRejection {
  existing: TImportExistingRow[];
  total: number;
}

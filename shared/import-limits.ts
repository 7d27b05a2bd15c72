/**
 * Bounds of one spreadsheet import, shared by the server (which enforces them) and the web app (which
 * states them before upload). They keep one request's memory and database time small whatever the file.
 */
export const IMPORT_LIMITS = {
  /** Upload size of one import file. */
  maxFileMb: 5,
  /** Data rows (the header not counted) of one import; larger lists are imported in several files. */
  maxRows: 5_000,
  /** Characters of one cell: far above any field's own limit, refused before any other check. */
  maxCellChars: 2_000,
  /** Problems listed in a rejected import's report; the report still gives the total. */
  maxReportedProblems: 200,
} as const;

import { z } from 'zod';

/** A stored file as its readers see it: what a link to GET /files/:id shows. */
export const ZStoredFile = z.object({ id: z.string(), originalName: z.string(), mimeType: z.string(), sizeBytes: z.number() });
export type TStoredFile = z.infer<typeof ZStoredFile>;

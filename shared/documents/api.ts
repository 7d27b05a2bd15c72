import { z } from 'zod';
import { defineRoutes, ZIdParams } from '../contract.js';
import { DOCUMENT_KINDS, REVOCATION_REASONS } from './codes.js';

/** What a document states, frozen when it was issued: flat values only. */
export const ZPublicFacts = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

/** A document as its holder gets it to print. */
export const ZIssuedDocument = z.object({
  id: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
  /** Grouped for reading: 7K3M-Q9TB-2XWD. */
  code: z.string(),
  facts: ZPublicFacts,
  issuedAt: z.string(),
  /** False when this request issued the document, true when it was already live. */
  reused: z.boolean(),
  verificationUrl: z.string(),
  /** The QR code of verificationUrl, as a standalone SVG document. */
  qrSvg: z.string(),
});

/** What anyone holding a code may see: no personal data, and whether it still holds. */
export const ZVerification = z.object({
  code: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
  valid: z.boolean(),
  issuedAt: z.string(),
  revokedAt: z.string().nullable(),
  revokedReason: z.enum(REVOCATION_REASONS).nullable(),
  facts: ZPublicFacts,
});

export const documentsRoutes = defineRoutes({
  'POST /documents/organizations/:id/filing-certificate': {
    params: ZIdParams,
    body: z.object({}).optional(),
    response: { 200: ZIssuedDocument },
  },
  // The code is checked by the handler, which says what a code looks like (a 400 naming it).
  'GET /verify/:code': { params: z.object({ code: z.string() }), response: { 200: ZVerification } },
});

type DocumentsRoutesType = typeof documentsRoutes;

declare module '../contract.js' {
  interface Api extends DocumentsRoutesType {}
}

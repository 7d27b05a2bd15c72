import type { FastifyRequest } from 'fastify';
import { AppError, invalidField } from '../errors.js';
import { unstorableFields } from '../plugins/input-guard.js';

export interface UploadedFile {
  filename: string;
  mimetype: string;
  bytes: Buffer;
}

/**
 * The one file of a multipart request, read into memory under `limitMb`. The body is parsed only
 * here (after the route's checks), so a body cut short, without its boundary or otherwise
 * malformed fails here: that is the caller's file, a 400, not a server error.
 */
export async function readUploadedFile(request: FastifyRequest, limitMb: number): Promise<UploadedFile> {
  try {
    const part = await request.file({ limits: { fileSize: Math.floor(limitMb * 1024 * 1024), files: 1 } });
    if (!part) throw invalidField('file', 'required');
    const bytes = await part.toBuffer();
    if (part.file.truncated) throw new AppError('file_too_large', { limitMb });
    if (unstorableFields(part.filename).length) throw invalidField('file', 'invalid_characters');
    return { filename: part.filename, mimetype: part.mimetype, bytes };
  } catch (e) {
    if (e instanceof AppError) throw e;
    const code = (e as { code?: unknown }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('file_too_large', { limitMb });
    throw invalidField('file', 'invalid_format');
  }
}

import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { readUploadedFile } from '../../core/upload.js';
import { ALLOWED_MIME_TYPES, sniffMatches } from '../../core/file-store.js';
import { AppError, notFound } from '../../errors.js';
import { ctxOf } from '../../plugins/session.js';
import { filesRoutes as R } from '../../../../shared/files/api.js';
import { findReadableFile, recordUpload } from './files.service.js';

export async function fileRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['files'];

  app.post(
    '/',
    {
      config: { permission: 'file.upload' },
      schema: { tags, ...R['POST /files'] },
    },
    async (request) => {
      const part = await readUploadedFile(request, app.env.MAX_UPLOAD_MB);
      const { bytes } = part;
      const ext = path.extname(part.filename).toLowerCase();
      const allowed = ALLOWED_MIME_TYPES[part.mimetype];
      if (!allowed || !allowed.includes(ext) || !sniffMatches(part.mimetype, bytes)) {
        throw new AppError('file_type', { type: `${part.mimetype} ${ext}` });
      }
      const row = await recordUpload(ctxOf(request), app.fileStore, { originalName: part.filename, mimeType: part.mimetype, bytes });
      return { id: row.id, originalName: row.originalName, mimeType: row.mimeType, sizeBytes: row.sizeBytes };
    },
  );

  app.get(
    '/:id',
    { config: { permission: 'file.read' }, schema: { tags, ...R['GET /files/:id'] } },
    async (request, reply) => {
      const row = await findReadableFile(ctxOf(request), request.params.id);
      if (!row) throw notFound('file');
      reply.header('content-type', row.mimeType);
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(row.originalName)}`);
      return reply.send(app.fileStore.get(row.storageKey));
    },
  );
}

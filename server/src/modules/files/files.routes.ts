import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scopeFor } from '../../core/actor.js';
import { writeAudit } from '../../core/audit.js';
import { files } from '../../core/core.tables.js';
import { ALLOWED_MIME_TYPES, sniffMatches } from '../../core/file-store.js';
import { scopeWhere } from '../../core/scope-sql.js';
import { AppError, invalidField, notFound } from '../../errors.js';
import { ctxOf } from '../../plugins/session.js';

const ZFile = z.object({ id: z.string(), originalName: z.string(), mimeType: z.string(), sizeBytes: z.number() });

export async function fileRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['files'];

  app.post(
    '/',
    {
      config: { permission: 'file.upload' },
      schema: {
        tags,
        consumes: ['multipart/form-data'],
        querystring: z.object({ regionCode: z.string().regex(/^\d{12}$/) }),
        response: { 200: ZFile },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      if (!scopeFor(ctx.actor, 'file.upload').some((s) => request.query.regionCode.startsWith(s.prefix))) {
        throw invalidField('regionCode', 'region_out_of_scope');
      }
      const part = await request.file();
      if (!part) throw invalidField('file', 'required');
      const bytes = await part.toBuffer();
      if (part.file.truncated) throw new AppError('file_too_large', { limitMb: app.env.MAX_UPLOAD_MB });
      const ext = path.extname(part.filename).toLowerCase();
      const allowed = ALLOWED_MIME_TYPES[part.mimetype];
      if (!allowed || !allowed.includes(ext) || !sniffMatches(part.mimetype, bytes)) {
        throw new AppError('file_type', { type: `${part.mimetype} ${ext}` });
      }
      const id = randomUUID();
      const storageKey = `${id.slice(0, 2)}/${id}`;
      await app.fileStore.put(storageKey, bytes);
      const row = await ctx.db.transaction(async (tx) => {
        const [inserted] = await tx
          .insert(files)
          .values({
            id,
            storageKey,
            originalName: part.filename,
            mimeType: part.mimetype,
            sizeBytes: bytes.length,
            sha256: createHash('sha256').update(bytes).digest('hex'),
            regionCode: request.query.regionCode,
            uploadedBy: ctx.actor.id,
          })
          .returning();
        await writeAudit(tx, ctx, { action: 'file.upload', entityType: 'file', entityId: id, regionCode: inserted.regionCode, after: inserted });
        return inserted;
      });
      return { id: row.id, originalName: row.originalName, mimeType: row.mimeType, sizeBytes: row.sizeBytes };
    },
  );

  app.get(
    '/:id',
    { config: { permission: 'file.read' }, schema: { tags, params: z.object({ id: z.string().uuid() }) } },
    async (request, reply) => {
      const ctx = ctxOf(request);
      const [row] = await ctx.db
        .select()
        .from(files)
        .where(and(eq(files.id, request.params.id), scopeWhere(scopeFor(ctx.actor, 'file.read').map((s) => ({ ...s, organizationId: null })), files.regionCode)));
      if (!row) throw notFound('file');
      reply.header('content-type', row.mimeType);
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(row.originalName)}`);
      return reply.send(app.fileStore.get(row.storageKey));
    },
  );
}

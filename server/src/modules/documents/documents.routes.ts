import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { documentsRoutes as R } from '../../../../shared/documents/api.js';
import { normalizeVerificationCode } from '../../../../shared/documents/codes.js';
import { findDocumentByCode, presentVerification } from '../../core/documents/documents.js';
import { SlidingWindowLimiter } from '../../core/rate-limit.js';
import { publicBaseUrl } from '../../env.js';
import { AppError, invalidField } from '../../errors.js';
import { ctxOf } from '../../plugins/session.js';
import { clientKey } from '../../core/client-key.js';
import { filingCertificate } from './filing-certificate.js';

/** A person checking certificates types a few codes a minute; 30 leaves room for a shared address. */
export const VERIFY_LIMIT = 30;
const VERIFY_WINDOW_MS = 60_000;

export async function documentRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['documents'];
  const baseUrl = publicBaseUrl(app.env);
  const verifications = new SlidingWindowLimiter(VERIFY_WINDOW_MS);

  // POST: the first print of a filed team issues its certificate (a write, audited, CSRF-checked).
  app.post('/documents/organizations/:id/filing-certificate', {
    config: { permission: 'registry.read' },
    schema: { tags, ...R['POST /documents/organizations/:id/filing-certificate'] },
  }, async (request) => filingCertificate(ctxOf(request), request.params.id, baseUrl));

  app.get('/verify/:code', {
    config: { public: true },
    // Counted before anything else, malformed and unknown codes too: guessing is what it stops.
    onRequest: async (request, reply) => {
      // By client (an IPv6 /64 counts as one), in this process: a code is worth little one at a
      // time, what matters is that nobody tries them by the million.
      const verdict = verifications.take([{ key: clientKey(request.ip), limit: VERIFY_LIMIT }]);
      if (!verdict.ok) {
        reply.header('retry-after', String(Math.max(1, Math.ceil(verdict.retryAfterMs / 1000))));
        throw new AppError('rate_limited');
      }
    },
    schema: { tags, ...R['GET /verify/:code'] },
  }, async (request, reply) => {
    const code = normalizeVerificationCode(request.params.code);
    if (!code) throw invalidField('code', 'verification_code');
    const row = await findDocumentByCode(app.database.db, code);
    if (!row) throw new AppError('document_unknown');
    // A revocation shows at once, and no shared cache keeps who checked what.
    reply.header('cache-control', 'no-store');
    return presentVerification(row);
  });
}

import { defineDomain } from '../../core/domain.js';
import { documentsAudit } from '../../core/documents/documents.audit.js';
import { documentRoutes } from './documents.routes.js';

/** Printable documents with a verification code: /api/documents/… (signed in) and /api/verify/:code (public). */
export default defineDomain({
  name: 'documents',
  routes: [{ prefix: '/api', plugin: documentRoutes }],
  audit: documentsAudit,
});

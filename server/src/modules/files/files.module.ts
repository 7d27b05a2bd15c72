import { FILES_PERMISSIONS } from '../../../../shared/files/permissions.js';
import { defineDomain } from '../../core/domain.js';
import { filesAudit } from './files.audit.js';
import { fileRoutes } from './files.routes.js';
import { pendingFilesPurgeJob } from './pending-purge.js';

/** Uploads and downloads of attachments; who owns a file is core/file-owners.ts. */
export default defineDomain({
  name: 'files',
  routes: [{ prefix: '/api/files', plugin: fileRoutes }],
  permissions: FILES_PERMISSIONS,
  audit: filesAudit,
  jobs: ({ fileStore }) => [pendingFilesPurgeJob(fileStore)],
});

import type { FastifyInstance } from 'fastify';
import { declarePermissions, type PermissionDeclaration } from '../../../shared/permissions.js';
import { registerAuditDomains, type AuditDomain } from './audit-events.js';
import type { DashboardContribution } from './dashboard.js';
import type { FileStore } from './file-store.js';
import type { HomeContribution } from './home.js';
import { addMessages, type DomainMessages } from '../i18n/index.js';
import { registerFileOwners, type FileOwnerDomain } from './file-owners.js';
import { jobsAudit } from './jobs/jobs.audit.js';
import type { Job } from './jobs/scheduler.js';

/** Route plugins of a domain, each mounted under its prefix (e.g. '/api/registry'). */
export interface DomainRoutes {
  prefix: string;
  plugin: (app: FastifyInstance) => Promise<void>;
}

/**
 * Everything a domain adds to the platform, in one object exported from
 * `server/src/modules/<name>/<name>.module.ts`: app.ts mounts its routes, the role matrix takes its
 * permissions, the audit log its event types, files its owner types, the scheduler its jobs and the
 * dashboard its figures. Adding a domain edits none of those; see "Adding a domain" in docs/ARCHITECTURE.md.
 */
export interface DomainModule {
  /** One word, the folder's name: routes under /api/<name> (as a rule), tables named <name>_…, audit actions <name>.… */
  name: string;
  routes?: readonly DomainRoutes[];
  /** Its permissions with the roles that hold them (shared/<name>/permissions.ts; importing it declares them). */
  permissions?: PermissionDeclaration;
  audit?: AuditDomain;
  fileOwners?: FileOwnerDomain;
  /** Deadlines, reminders, expiries (core/jobs); given what a job may need of the running platform. */
  jobs?: (deps: { fileStore: FileStore }) => readonly Job[];
  dashboard?: DashboardContribution;
  /** Its cards on each user's home page (the to-dos of the roles it serves). */
  home?: HomeContribution;
  /** Its words in the server's messages (field labels, names), in zh-CN, en and zh-TW. */
  messages?: DomainMessages;
}

export function defineDomain(domain: DomainModule): DomainModule {
  return domain;
}

/**
 * Makes the domains' declarations known to core: their permissions (the role matrix), their words,
 * their audit events (with core's own) and the owner types of their files. Idempotent: every app built in one
 * process registers the same objects (and importing a shared/<name>/permissions.ts declared the
 * same permissions already, for the web app and for code that runs without an app).
 */
export function registerDomains(domains: readonly DomainModule[]) {
  for (const d of domains) {
    if (d.permissions) declarePermissions(d.name, d.permissions);
    if (d.messages) addMessages(d.name, d.messages);
  }
  registerAuditDomains([jobsAudit, ...domains.flatMap((d) => (d.audit ? [d.audit] : []))]);
  registerFileOwners(domains.flatMap((d) => (d.fileOwners ? [d.fileOwners] : [])));
}

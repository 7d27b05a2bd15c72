import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IMPORT_LIMITS } from '../../../../shared/import-limits.js';
import { volunteerRegistryRoutes as R } from '../../../../shared/volunteers/api-registry.js';
import { clientKey } from '../../core/client-key.js';
import { SlidingWindowLimiter } from '../../core/rate-limit.js';
import { readUploadedFile } from '../../core/upload.js';
import { systemActor } from '../../core/write-unit.js';
import { sendSheet } from '../../core/xlsx.js';
import { AppError } from '../../errors.js';
import { ctxOf, sameToken } from '../../plugins/session.js';
import { searchStreets, selfRegister } from './service/registration.js';
import { addTeamMember, createTeam, getTeam, listTeamMembers, listTeams, removeTeamMember, setTeamMemberRole, socialWorkerOptions, updateTeam } from './service/teams.js';
import { exportVolunteers } from './service/volunteer-export.js';
import { importVolunteers, volunteerImportTemplate } from './service/volunteer-import.js';
import {
  createVolunteer,
  getOwnVolunteer,
  getVolunteer,
  listVolunteers,
  revealIdNumber,
  stepVolunteer,
  updateOwnVolunteer,
  updateVolunteer,
} from './service/volunteers.js';

/** A person registers once; 10 an hour per client address lets a family register, not a script. */
export const SELF_REGISTER_LIMIT = 10;
const SELF_REGISTER_WINDOW_MS = 3_600_000;
/** The street look-up answers anyone as the registration page types; 60 a minute per client address. */
export const PUBLIC_STREETS_LIMIT = 60;

/** The registry part's routes (mounted under /api/volunteers by volunteers.routes.ts): V1. */
export async function volunteerRegistryRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['volunteers'];
  const registrations = new SlidingWindowLimiter(SELF_REGISTER_WINDOW_MS);
  const lookups = new SlidingWindowLimiter(60_000);
  const limited = (limiter: SlidingWindowLimiter, limit: number) => async (request: { ip: string }, reply: { header(k: string, v: string): unknown }) => {
    const verdict = limiter.take([{ key: clientKey(request.ip), limit }]);
    if (!verdict.ok) {
      reply.header('retry-after', String(Math.max(1, Math.ceil(verdict.retryAfterMs / 1000))));
      throw new AppError('rate_limited');
    }
  };
  const read = { permission: 'volunteers.read' as const };
  const manage = { permission: 'volunteers.manage' as const };
  const self = { permission: 'volunteers.self.edit' as const };

  app.get('/', { config: read, schema: { tags, ...R['GET /volunteers'] } }, async (r) => listVolunteers(ctxOf(r), r.query));
  app.get('/export', { config: { ...manage, rateLimit: 'export' }, schema: { tags, ...R['GET /volunteers/export'] } }, async (r, reply) =>
    sendSheet(reply, await exportVolunteers(ctxOf(r), r.query), '志愿者名单.xlsx'),
  );
  app.get('/import/template', { config: manage, schema: { tags, ...R['GET /volunteers/import/template'] } }, async (_r, reply) =>
    sendSheet(reply, await volunteerImportTemplate(), '志愿者导入模板.xlsx'),
  );
  app.post('/import', { config: { ...manage, rateLimit: 'import' }, schema: { tags, ...R['POST /volunteers/import'] } }, async (r) => {
    const ctx = ctxOf(r);
    const bytes = await readImportUpload(r);
    return importVolunteers(ctx, bytes, r.query.regionCode, r.query.onExisting);
  });
  app.post('/', { config: manage, schema: { tags, ...R['POST /volunteers'] } }, async (r) => createVolunteer(ctxOf(r), r.body));

  app.get('/me', { config: self, schema: { tags, ...R['GET /volunteers/me'] } }, async (r) => getOwnVolunteer(ctxOf(r)));
  app.patch('/me', { config: self, schema: { tags, ...R['PATCH /volunteers/me'] } }, async (r) => updateOwnVolunteer(ctxOf(r), r.body));

  app.get('/social-workers', { config: manage, schema: { tags, ...R['GET /volunteers/social-workers'] } }, async (r) =>
    socialWorkerOptions(ctxOf(r), r.query.region),
  );
  app.get('/teams', { config: read, schema: { tags, ...R['GET /volunteers/teams'] } }, async (r) => listTeams(ctxOf(r), r.query));
  app.post('/teams', { config: manage, schema: { tags, ...R['POST /volunteers/teams'] } }, async (r) => createTeam(ctxOf(r), r.body));
  app.get('/teams/:id', { config: read, schema: { tags, ...R['GET /volunteers/teams/:id'] } }, async (r) => getTeam(ctxOf(r), r.params.id));
  app.patch('/teams/:id', { config: manage, schema: { tags, ...R['PATCH /volunteers/teams/:id'] } }, async (r) => updateTeam(ctxOf(r), r.params.id, r.body));
  app.get('/teams/:id/members', { config: read, schema: { tags, ...R['GET /volunteers/teams/:id/members'] } }, async (r) =>
    listTeamMembers(ctxOf(r), r.params.id),
  );
  app.post('/teams/:id/members', { config: manage, schema: { tags, ...R['POST /volunteers/teams/:id/members'] } }, async (r) =>
    addTeamMember(ctxOf(r), r.params.id, r.body),
  );
  app.patch('/teams/:id/members/:volunteerId', { config: manage, schema: { tags, ...R['PATCH /volunteers/teams/:id/members/:volunteerId'] } }, async (r) =>
    setTeamMemberRole(ctxOf(r), r.params.id, r.params.volunteerId, r.body.role),
  );
  app.delete('/teams/:id/members/:volunteerId', { config: manage, schema: { tags, ...R['DELETE /volunteers/teams/:id/members/:volunteerId'] } }, async (r) =>
    removeTeamMember(ctxOf(r), r.params.id, r.params.volunteerId),
  );

  app.get('/:id', { config: read, schema: { tags, ...R['GET /volunteers/:id'] } }, async (r) => getVolunteer(ctxOf(r), r.params.id));
  app.patch('/:id', { config: manage, schema: { tags, ...R['PATCH /volunteers/:id'] } }, async (r) => updateVolunteer(ctxOf(r), r.params.id, r.body));
  app.get('/:id/id-number', { config: { permission: 'volunteers.id_number.view' }, schema: { tags, ...R['GET /volunteers/:id/id-number'] } }, async (r) =>
    revealIdNumber(ctxOf(r), r.params.id),
  );
  app.post('/:id/confirm', { config: manage, schema: { tags, ...R['POST /volunteers/:id/confirm'] } }, async (r) => stepVolunteer(ctxOf(r), r.params.id, 'confirm'));
  app.post('/:id/suspend', { config: manage, schema: { tags, ...R['POST /volunteers/:id/suspend'] } }, async (r) =>
    stepVolunteer(ctxOf(r), r.params.id, 'suspend', r.body.reason),
  );
  app.post('/:id/reactivate', { config: manage, schema: { tags, ...R['POST /volunteers/:id/reactivate'] } }, async (r) =>
    stepVolunteer(ctxOf(r), r.params.id, 'reactivate', r.body.reason),
  );
  app.post('/:id/leave', { config: manage, schema: { tags, ...R['POST /volunteers/:id/leave'] } }, async (r) =>
    stepVolunteer(ctxOf(r), r.params.id, 'leave', r.body.reason),
  );

  app.post('/public/register', {
    config: { public: true },
    // Counted before validation: a flood of malformed registrations is a flood all the same.
    onRequest: limited(registrations, SELF_REGISTER_LIMIT),
    schema: { tags, ...R['POST /volunteers/public/register'] },
  }, async (r) => {
    // A signed-in browser's request must carry its token, so another site cannot register in its name.
    if (r.sessionId && r.actor) {
      const header = r.headers['x-csrf-token'];
      if (typeof header !== 'string' || !r.csrfToken || !sameToken(header, r.csrfToken)) throw new AppError('csrf');
    }
    return selfRegister({ db: app.database.db, actor: systemActor('public'), locale: r.locale, requestId: r.id, writes: app.writes }, r.body);
  });
  app.get('/public/streets', { config: { public: true }, onRequest: limited(lookups, PUBLIC_STREETS_LIMIT), schema: { tags, ...R['GET /volunteers/public/streets'] } }, async (r) =>
    searchStreets(app.database.db, r.query.q),
  );
}

async function readImportUpload(request: FastifyRequest): Promise<Buffer> {
  const limitMb = Math.min(IMPORT_LIMITS.maxFileMb, request.server.env.MAX_UPLOAD_MB);
  return (await readUploadedFile(request, limitMb)).bytes;
}

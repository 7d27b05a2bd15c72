import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { fundingContractRoutes as R } from '../../../../shared/funding/contracts.js';
import { clientKey } from '../../core/client-key.js';
import { SlidingWindowLimiter } from '../../core/rate-limit.js';
import { publicBaseUrl } from '../../env.js';
import { AppError } from '../../errors.js';
import { ctxOf } from '../../plugins/session.js';
import { sendSheet } from '../../core/xlsx.js';
import { contractDocument } from './service/contract-document.js';
import { exportContracts } from './service/contract-export.js';
import { createContract, getContract, listContracts, publicContracts, signContract, updateContract } from './service/contracts.js';
import { renew } from './service/renewal.js';
import { rejectMilestone, releaseForMilestone, reportMilestone, terminateContract } from './service/tranches.js';

/** The contract announcement answers anyone; 60 a minute per client address keeps scrapers polite. */
export const PUBLIC_CONTRACTS_LIMIT = 60;

/** Contracts, milestones and tranches, the printed contract, renewal and the public announcement (F8, F11). */
export async function fundingContractHttpRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['funding'];
  const baseUrl = publicBaseUrl(app.env);
  const manage = { permission: 'funding.contract.manage' } as const;
  const read = { permission: 'funding.read' } as const;
  const publicReads = new SlidingWindowLimiter(60_000);
  const limited = async (request: { ip: string }, reply: { header(k: string, v: string): unknown }) => {
    const verdict = publicReads.take([{ key: clientKey(request.ip), limit: PUBLIC_CONTRACTS_LIMIT }]);
    if (!verdict.ok) {
      reply.header('retry-after', String(Math.max(1, Math.ceil(verdict.retryAfterMs / 1000))));
      throw new AppError('rate_limited');
    }
  };

  app.get('/contracts', { config: read, schema: { tags, ...R['GET /funding/contracts'] } }, async (request) => listContracts(ctxOf(request), request.query));
  app.get('/contracts/export', { config: { ...read, rateLimit: 'export' }, schema: { tags, ...R['GET /funding/contracts/export'] } }, async (request, reply) =>
    sendSheet(reply, await exportContracts(ctxOf(request), request.query), '合同.xlsx'),
  );
  app.post('/contracts', { config: manage, schema: { tags, ...R['POST /funding/contracts'] } }, async (request) => createContract(ctxOf(request), request.body));
  app.get('/contracts/:id', { config: read, schema: { tags, ...R['GET /funding/contracts/:id'] } }, async (request) => getContract(ctxOf(request), request.params.id));
  app.patch('/contracts/:id', { config: manage, schema: { tags, ...R['PATCH /funding/contracts/:id'] } }, async (request) =>
    updateContract(ctxOf(request), request.params.id, request.body),
  );
  app.post('/contracts/:id/sign', { config: manage, schema: { tags, ...R['POST /funding/contracts/:id/sign'] } }, async (request) =>
    signContract(ctxOf(request), request.params.id),
  );
  app.post('/contracts/:id/terminate', { config: manage, schema: { tags, ...R['POST /funding/contracts/:id/terminate'] } }, async (request) =>
    terminateContract(ctxOf(request), request.params.id, request.body.reason),
  );
  app.post('/contracts/:id/renew', { config: manage, schema: { tags, ...R['POST /funding/contracts/:id/renew'] } }, async (request) =>
    renew(ctxOf(request), request.params.id, request.body),
  );
  // POST: the first print issues the contract's verification code (a write, audited, CSRF-checked).
  app.post('/contracts/:id/document', { config: read, schema: { tags, ...R['POST /funding/contracts/:id/document'] } }, async (request) =>
    contractDocument(ctxOf(request), request.params.id, baseUrl),
  );
  app.post('/milestones/:id/accept', { config: manage, schema: { tags, ...R['POST /funding/milestones/:id/accept'] } }, async (request) =>
    releaseForMilestone(ctxOf(request), request.params.id, request.body.comment),
  );
  app.post('/milestones/:id/report', { config: { permission: 'funding.report.submit' }, schema: { tags, ...R['POST /funding/milestones/:id/report'] } }, async (request) =>
    reportMilestone(ctxOf(request), request.params.id, request.body),
  );
  app.post('/milestones/:id/reject', { config: manage, schema: { tags, ...R['POST /funding/milestones/:id/reject'] } }, async (request) =>
    rejectMilestone(ctxOf(request), request.params.id, request.body.reason),
  );
  app.get('/public/contracts', { config: { public: true }, onRequest: limited, schema: { tags, ...R['GET /funding/public/contracts'] } }, async (request) =>
    publicContracts(app.database.db, request.query),
  );
}

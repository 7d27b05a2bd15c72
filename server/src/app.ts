import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { healthRoutes } from '../../shared/health/api.js';
import { startCrossInstanceWrites } from './core/cross-instance-writes.js';
import rateLimitPlugin from './core/rate-limit.js';
import type { FileStore } from './core/file-store.js';
import { registerDomains, type DomainModule } from './core/domain.js';
import type { Database } from './db/client.js';
import { loadDomains } from './domains.js';
import type { Env } from './env.js';
import { AppError } from './errors.js';
import errorsPlugin, { errorBody } from './plugins/errors.js';
import { clientErrorHandler, frameworkErrors } from './plugins/framework-errors.js';
import inputGuardPlugin from './plugins/input-guard.js';
import { safeLoggerOptions } from './plugins/logging.js';
import openapiPlugin from './plugins/openapi.js';
import { serializerCompiler, validatorCompiler } from './plugins/schema-compilers.js';
import securityHeaders from './plugins/security-headers.js';
import sessionPlugin from './plugins/session.js';
import type { RegisteredRoute } from './plugins/types.js';
import './plugins/types.js';

export interface AppDeps {
  env: Env;
  database: Database;
  fileStore: FileStore;
  logger?: FastifyServerOptions['logger'];
  /** Serve the built web app from web/dist (off in API tests). */
  serveWeb?: boolean;
  /** The domains to mount; by default every one under server/src/modules (domains.ts). */
  domains?: readonly DomainModule[];
}

const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

export async function buildApp(deps: AppDeps) {
  const app = Fastify({
    logger: safeLoggerOptions(deps.logger ?? false),
    genReqId: () => crypto.randomUUID(),
    ajv: { customOptions: { removeAdditional: 'all' } },
    bodyLimit: deps.env.MAX_UPLOAD_MB * 1024 * 1024,
    trustProxy: deps.env.TRUST_PROXY,
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('env', deps.env);
  app.decorate('database', deps.database);
  app.decorate('fileStore', deps.fileStore);
  // Every route as declared, recorded before any plugin adds one: the test harness lists routes from it.
  app.decorate('routeTable', [] as RegisteredRoute[]);
  app.addHook('onRoute', (r) => void app.routeTable.push({ method: r.method, url: r.url, config: r.config, schema: r.schema }));
  // Every domain, from its manifest: its routes are mounted below; its audit events (writeAudit
  // refuses an action or a field none of them declares) and file owner types are known from here on.
  const domains = deps.domains ?? (await loadDomains());
  registerDomains(domains);
  app.decorate('domains', domains);

  await app.register(securityHeaders, {
    // The web app loads only its own files. Ant Design writes its styles at run time (inline
    // <style>), hence 'unsafe-inline' for styles only; scripts stay 'self'.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: deps.env.COOKIE_SECURE === 'true' ? [] : null,
      },
    },
    // Served over plain HTTP on a laptop by default; behind HTTPS the proxy sets HSTS.
    strictTransportSecurity: deps.env.COOKIE_SECURE === 'true',
  });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: deps.env.MAX_UPLOAD_MB * 1024 * 1024, files: 1 } });
  await app.register(errorsPlugin);
  // Instances sharing a PostgreSQL server tell each other their writes (the embedded database is one
  // process); either way only a write nobody announced (SQL by hand) waits for the TTL.
  const { engine, url } = deps.database;
  const sharedServer = engine === 'postgres' && url !== undefined;
  app.decorate('listCacheMs', deps.env.LIST_CACHE_MS ?? (engine === 'pglite' || sharedServer ? 300_000 : 5_000));
  app.decorate('crossInstanceWrites', null);
  await app.register(sessionPlugin);
  if (sharedServer) {
    const writes = await startCrossInstanceWrites({ url, db: deps.database.db, generation: app.writeGeneration, log: app.log });
    app.crossInstanceWrites = writes;
    app.addHook('onClose', () => writes.close());
  }
  await app.register(inputGuardPlugin);
  // Imports and exports per user and address, once the session says who asks (core/rate-limit.ts).
  await app.register(rateLimitPlugin);
  await app.register(openapiPlugin);

  app.get('/api/health', { config: { public: true }, schema: { tags: ['health'], ...healthRoutes['GET /health'] } }, async () => ({
    ok: true as const,
    engine: deps.database.engine,
  }));
  for (const domain of app.domains) {
    for (const routes of domain.routes ?? []) await app.register(routes.plugin, { prefix: routes.prefix });
  }

  const serveWeb = deps.serveWeb && existsSync(WEB_DIST);
  if (serveWeb) await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false });
  // The web app routes on the client: any path outside the API gets its shell.
  app.setNotFoundHandler((request, reply) => {
    if (serveWeb && !request.url.startsWith('/api/')) return reply.sendFile('index.html');
    return reply.status(404).send(errorBody(request.locale ?? 'zh-CN', new AppError('route_not_found')));
  });
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;

import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startCrossInstanceWrites } from './core/cross-instance-writes.js';
import type { FileStore } from './core/file-store.js';
import type { Database } from './db/client.js';
import type { Env } from './env.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { authRoutes } from './modules/users/auth.routes.js';
import { dashboardRoutes } from './modules/dashboard/dashboard.routes.js';
import { fileRoutes } from './modules/files/files.routes.js';
import { regionRoutes } from './modules/regions/regions.routes.js';
import { registryRoutes } from './modules/registry/registry.routes.js';
import { userRoutes } from './modules/users/users.routes.js';
import { AppError } from './errors.js';
import errorsPlugin, { errorBody } from './plugins/errors.js';
import { clientErrorHandler, frameworkErrors } from './plugins/framework-errors.js';
import inputGuardPlugin from './plugins/input-guard.js';
import { safeLoggerOptions } from './plugins/logging.js';
import openapiPlugin from './plugins/openapi.js';
import sessionPlugin from './plugins/session.js';
import './plugins/types.js';

export interface AppDeps {
  env: Env;
  database: Database;
  fileStore: FileStore;
  logger?: FastifyServerOptions['logger'];
  /** Serve the built web app from web/dist (off in API tests). */
  serveWeb?: boolean;
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

  await app.register(helmet, {
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
  await app.register(openapiPlugin);

  app.get('/api/health', { config: { public: true } }, async () => ({ ok: true, engine: deps.database.engine }));
  await app.register(authRoutes, { prefix: '/api/auth' });
  await app.register(userRoutes, { prefix: '/api/users' });
  await app.register(regionRoutes, { prefix: '/api/regions' });
  await app.register(auditRoutes, { prefix: '/api/audit' });
  await app.register(fileRoutes, { prefix: '/api/files' });
  await app.register(registryRoutes, { prefix: '/api/registry' });
  await app.register(dashboardRoutes, { prefix: '/api/dashboard' });

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

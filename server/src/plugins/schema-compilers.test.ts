import Fastify from 'fastify';
import { isResponseSerializationError, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { validatorCompiler as runtimeValidatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { optionalText, ZIdParams } from '../../../shared/contract.js';
import { ZOrganizationDetail } from '../../../shared/registry/organization-detail.js';
import { parsesAsEncodes, serializerCompiler, validatorCompiler } from './schema-compilers.js';

describe('parsesAsEncodes', () => {
  it('holds for plain data shapes, the record page included', () => {
    expect(parsesAsEncodes(ZOrganizationDetail)).toBe(true);
    expect(parsesAsEncodes(z.object({ items: z.array(z.object({ a: z.string().nullable(), b: z.enum(['x', 'y']) })), total: z.number() }))).toBe(true);
  });

  it('fails for anything that changes a value, however deep', () => {
    expect(parsesAsEncodes(z.object({ note: optionalText(10) }))).toBe(false);
    expect(parsesAsEncodes(z.object({ a: z.array(z.object({ n: z.number().default(1) })) }))).toBe(false);
    expect(parsesAsEncodes(z.object({ a: z.string().catch('') }))).toBe(false);
    expect(parsesAsEncodes(z.object({ a: z.lazy(() => z.string()) }))).toBe(false);
  });
});

describe('the compiled route schemas', () => {
  const app = Fastify().withTypeProvider<ZodTypeProvider>();
  const Out = z.object({ id: z.string(), count: z.number().int(), when: z.string().nullable() });
  let leak: Record<string, unknown> = {};
  beforeAll(async () => {
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    app.setErrorHandler((err: Error & { statusCode?: number }, _req, reply) => {
      if (isResponseSerializationError(err)) return reply.code(500).send({ serialization: true });
      return reply.code(err.statusCode ?? 500).send({ message: err.message });
    });
    // What a careless handler might hand over: the serializer, not the type checker, has the last word.
    app.get('/x/:id', { schema: { params: ZIdParams, response: { 200: Out } } }, async () => leak as z.infer<typeof Out>);
    app.post('/note', { schema: { body: z.object({ note: optionalText(5) }), response: { 200: z.object({ note: z.string().nullable() }) } } }, async (r) => ({
      note: r.body.note,
    }));
    await app.ready();
  });
  afterAll(() => app.close());

  it('writes only the declared fields of a response', async () => {
    leak = { id: 'a', count: 2, when: null, passwordHash: 'secret' };
    const res = await app.inject({ url: '/x/2b1e3f3c-7d3e-4b53-9a55-0f7a8c1d2e3f' });
    expect(res.json()).toEqual({ id: 'a', count: 2, when: null });
  });

  it('refuses a response that does not fit its schema rather than writing it', async () => {
    leak = { id: 'a', count: 2.5, when: null };
    const res = await app.inject({ url: '/x/2b1e3f3c-7d3e-4b53-9a55-0f7a8c1d2e3f' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ serialization: true });
  });

  it('refuses bad input with the problems the runtime parser reports', async () => {
    const res = await app.inject({ url: '/x/not-a-uuid' });
    expect(res.statusCode).toBe(400);
    const runtime = runtimeValidatorCompiler({ schema: ZIdParams, method: 'GET', url: '/x/:id', httpPart: 'params' })({ id: 'not-a-uuid' });
    const compiled = validatorCompiler({ schema: ZIdParams, method: 'GET', url: '/x/:id', httpPart: 'params' })({ id: 'not-a-uuid' });
    const problems = (r: unknown) => (r as { error: unknown[] }).error;
    expect(problems(runtime).length).toBeGreaterThan(0);
    expect(problems(compiled)).toEqual(problems(runtime));
  });

  it('keeps transforms working where parsing changes the value', async () => {
    const res = await app.inject({ method: 'POST', url: '/note', payload: { note: '  ' } });
    expect(res.json()).toEqual({ note: null });
  });
});

/**
 * Which of the world's actors each route lets through. The route's permission is not in the
 * OpenAPI document, so it is observed: a request whose body cannot validate is refused with
 * `forbidden` before validation when the actor lacks the permission, and with something else
 * (400, 404) when it holds it. A route an anonymous caller gets past is public.
 */
import type { TestApp } from '../build-app.js';
import { REGION_PATTERN } from './from-schema.js';
import type { RouteSpec } from './routes.js';
import type { Actor, World } from './world.js';

function probeUrl(route: RouteSpec) {
  let path = route.path;
  for (const p of route.params) {
    const filler = p.schema.enum?.length ? String(p.schema.enum[0]) : p.schema.pattern === REGION_PATTERN ? '999999999999' : '00000000-0000-4000-8000-000000000000';
    path = path.replace(`:${p.name}`, filler);
  }
  return `${path}?regionCode=probe`;
}

async function probe(t: TestApp, route: RouteSpec, actor: Actor | null) {
  const headers: Record<string, string> = actor ? { cookie: actor.agent.cookie, 'x-csrf-token': actor.agent.csrfToken } : {};
  const withBody = route.method !== 'GET' && route.method !== 'DELETE';
  if (withBody) headers['content-type'] = 'application/json';
  const res = await t.app.inject({ method: route.method, url: probeUrl(route), headers, payload: withBody ? '"probe"' : undefined });
  return { status: res.statusCode, code: res.statusCode >= 400 ? (res.json().error?.code as string | undefined) : undefined };
}

export async function permittedActors(t: TestApp, world: World, routes: RouteSpec[]) {
  const permitted = new Map<string, (Actor | null)[]>();
  for (const route of routes) {
    const anonymous = await probe(t, route, null);
    if (anonymous.status !== 401) {
      permitted.set(route.key, [null]);
      continue;
    }
    const through: Actor[] = [];
    for (const actor of world.actors) {
      const res = await probe(t, route, actor);
      if (res.code !== 'forbidden' && res.status !== 401) through.push(actor);
    }
    permitted.set(route.key, through);
  }
  return permitted;
}

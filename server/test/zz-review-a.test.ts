import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type TestApp } from './build-app.js';
import { runJobOnce, type Job } from '../src/core/jobs/scheduler.js';
import type { WriteSink } from '../src/core/write-unit.js';
import { FakeClock } from '../src/core/jobs/clock.js';
import { makeRegionTree } from '../src/modules/regions/regions.factories.js';
import { makeOrganization } from '../src/modules/registry/registry.factories.js';
import { makeUser, PASSWORD } from '../src/modules/users/users.factories.js';

let t: TestApp;
beforeAll(async () => { t = await buildTestApp(); });
afterAll(() => t.close());

describe('review', () => {
  it('scheduler: a no-op run (done) announces a commit', async () => {
    const calls: unknown[] = [];
    const sink: WriteSink = { committed: async (p) => { calls.push(p); } };
    const job: Job = { name: 'zz-noop', schedule: { every: 'day', at: '08:00' }, async run() { return {}; } };
    const clock = new FakeClock('2026-05-20T03:00:00Z');
    const first = await runJobOnce({ db: t.db, writes: sink, clock }, job);
    const second = await runJobOnce({ db: t.db, writes: sink, clock }, job);
    console.log('outcomes', first, second, 'committed calls', JSON.stringify(calls));
  });

  it('home: official whose grant names an organisation', async () => {
    const A = await makeRegionTree(t.db);
    const team = await makeOrganization(t.db, A.community, { name: '某队', status: 'filed' });
    const u = await makeUser(t.db, [{ role: 'official', regionCode: A.street, organizationId: team.id }]);
    const agent = await signIn(t.app, u.username, PASSWORD);
    const res = await agent.get('/api/home');
    console.log('home status', res.status, res.body.slice(0, 200));
    const u2 = await makeUser(t.db, [{ role: 'official', regionCode: A.district }, { role: 'centre_staff', regionCode: A.street, organizationId: team.id }]);
    const a2 = await signIn(t.app, u2.username, PASSWORD);
    const r2 = await a2.get('/api/home');
    console.log('home2 status', r2.status, r2.body.slice(0, 300));
  });
});

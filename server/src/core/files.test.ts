import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDiskStore } from './file-store.js';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../test/build-app.js';
import { makeRegionTree } from '../modules/regions/regions.factories.js';
import { makeUser, PASSWORD } from '../modules/users/users.factories.js';
import { countRows, PNG_BYTES } from '../../test/helpers.js';
import { MAX_PENDING_UPLOADS } from '../modules/files/files.service.js';

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let staff: Agent;
let outsider: Agent;

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  const B = await makeRegionTree(t.db);
  staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.street }])).username, PASSWORD);
  outsider = await signIn(t.app, (await makeUser(t.db, [{ role: 'official', regionCode: B.district }])).username, PASSWORD);
});
afterAll(() => t.close());

describe('files', () => {
  let fileId: string;

  it('stores a real PNG and gives back the same bytes', async () => {
    const res = await staff.upload('/api/files', 'file', '活动照片.png', PNG_BYTES, 'image/png');
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({ originalName: '活动照片.png', mimeType: 'image/png', sizeBytes: PNG_BYTES.length });
    fileId = res.json().id;
    const download = await staff.get(`/api/files/${fileId}`);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toContain('image/png');
    expect(Buffer.compare(download.rawPayload, PNG_BYTES)).toBe(0);
  });

  it('refuses a file named .pdf whose bytes are not a PDF (415) and stores nothing', async () => {
    const before = await countRows(t.db, 'files');
    const res = await staff.upload('/api/files', 'file', 'report.pdf', Buffer.from('MZ\x90\x00 this is an executable'), 'application/pdf');
    expect(res.status).toBe(415);
    expect(res.json().error.code).toBe('file_type');
    const renamed = await staff.upload('/api/files', 'file', 'photo.pdf', PNG_BYTES, 'image/png');
    expect(renamed.status).toBe(415);
    expect(await countRows(t.db, 'files')).toBe(before);
  });

  it('refuses a file over MAX_UPLOAD_MB (2 MB in tests) with 413', async () => {
    const before = await countRows(t.db, 'files');
    const big = Buffer.concat([PNG_BYTES, Buffer.alloc(2 * 1024 * 1024 + 10, 1)]);
    const res = await staff.upload('/api/files', 'file', 'big.png', big, 'image/png');
    expect(res.status).toBe(413);
    expect(res.json().error.code).toBe('file_too_large');
    expect(res.json().error.message).toContain('2 MB');
    expect(await countRows(t.db, 'files')).toBe(before);
  });

  it('answers 404 to a download of the pending upload by anyone but its uploader', async () => {
    const res = await outsider.get(`/api/files/${fileId}`);
    expect(res.status).toBe(404);
    expect(res.json().error.code).toBe('not_found');
    expect(res.rawPayload.includes(PNG_BYTES)).toBe(false);
  });

  it('refuses more than MAX_PENDING_UPLOADS unattached uploads of one account, in words, storing nothing', async () => {
    const uploader = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.street }])).username, PASSWORD);
    for (let i = 0; i < MAX_PENDING_UPLOADS; i++) {
      expect((await uploader.upload('/api/files', 'file', `照片${i}.png`, PNG_BYTES, 'image/png')).status).toBe(200);
    }
    const before = await countRows(t.db, 'files');
    const refused = await uploader.upload('/api/files', 'file', '再一张.png', PNG_BYTES, 'image/png');
    expect(refused.status).toBe(429);
    expect(refused.json().error).toMatchObject({ code: 'too_many_pending_uploads', message: expect.stringContaining(`最多 ${MAX_PENDING_UPLOADS} 个`) });
    expect(await countRows(t.db, 'files')).toBe(before);
    // Another account's allowance is its own.
    expect((await staff.upload('/api/files', 'file', '另一人.png', PNG_BYTES, 'image/png')).status).toBe(200);
  });

  it('answers 404, not 500, to an id that is no file', async () => {
    expect((await staff.get('/api/files/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});

describe('LocalDiskStore', () => {
  it('keeps attachments readable by the server user only, whatever the umask', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'shuniu-store-'));
    const store = new LocalDiskStore(root);
    const previous = process.umask(0o022);
    try {
      await store.put('ab/ab12-cd', Buffer.from('x'));
    } finally {
      process.umask(previous);
    }
    expect(statSync(path.join(root, 'ab/ab12-cd')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(root, 'ab')).mode & 0o777).toBe(0o700);
  });
});

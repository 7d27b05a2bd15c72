/** Files in the refusal matrix (server/test/access-matrix.test.ts). */
import { sql } from 'drizzle-orm';
import { PNG_BYTES } from '../../../test/helpers.js';
import { outsideReach, values } from '../../../test/matrix/reach.js';
import { defineMatrix } from '../../../test/matrix/types.js';

let file: string;

export default defineMatrix({
  async setup(w) {
    // A's file belongs to a filing of A's street: read by whoever reads that filing.
    const upload = await w.staff.upload('/api/files', 'file', 'seal.png', PNG_BYTES, 'image/png');
    if (upload.status !== 200) throw new Error(`uploading A's file: ${upload.status} ${upload.body}`);
    file = upload.json().id;
    await w.submittedFiling('附件团队', [file]);
  },

  async hidden(w, o) {
    const outside = sql`${outsideReach(o, { region: 'region_code', organization: 'organization_id' })} and uploaded_by is distinct from ${o.userId}::uuid`;
    return values(w, sql`select id::text as value from files where ${outside}`);
  },

  routes: {
    // An upload is the caller's own pending file until a step of a record it may act on attaches
    // it (core/files-access.test.ts): it names nothing of A's.
    'POST /api/files': {
      permission: 'file.upload',
      outsiders: { region: 'own', sibling: 'own', unassigned: 'own' },
      req: () => ({ method: 'POST', url: '/api/files', upload: { field: 'file', filename: 'a.png', bytes: PNG_BYTES, mime: 'image/png' } }),
    },
    'GET /api/files/:id': {
      permission: 'file.read',
      outsiders: { region: 'notFound', sibling: 'notFound', unassigned: 'notFound' },
      req: () => ({ method: 'GET', url: `/api/files/${file}` }),
    },
  },
});

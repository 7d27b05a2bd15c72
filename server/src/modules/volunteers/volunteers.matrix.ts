/** Volunteers in the refusal matrix (server/test/access-matrix.test.ts); each part adds its fragment here. */
import { defineMatrix, type MatrixFragment } from '../../../test/matrix/types.js';
import { hoursMatrix } from './volunteers-hours.matrix.js';
import { overviewMatrix } from './volunteers-overview.matrix.js';
import { registryMatrix } from './volunteers-registry.matrix.js';
import { shiftsMatrix } from './volunteers-shifts.matrix.js';

const parts: MatrixFragment[] = [registryMatrix, shiftsMatrix, hoursMatrix, overviewMatrix];

export default defineMatrix({
  async setup(w) {
    for (const p of parts) await p.setup?.(w);
  },
  async hidden(w, o) {
    return (await Promise.all(parts.map((p) => p.hidden?.(w, o) ?? []))).flat();
  },
  routes: Object.assign({}, ...parts.map((p) => p.routes)),
});

/** Funding in the refusal matrix (server/test/access-matrix.test.ts); each part adds its fragment here. */
import { defineMatrix, type MatrixFragment } from '../../../test/matrix/types.js';
import { contractsMatrix } from './funding-contracts.matrix.js';
import { frontMatrix } from './funding-front.matrix.js';
import { monitoringMatrix } from './funding-monitoring.matrix.js';
import { overviewMatrix } from './funding-overview.matrix.js';
import { reviewMatrix } from './funding-review.matrix.js';

/** The parts' fragments as one: each sets up its own records, and hides its own. */
const parts: MatrixFragment[] = [frontMatrix, contractsMatrix, reviewMatrix, overviewMatrix, monitoringMatrix];

export default defineMatrix({
  async setup(w) {
    for (const p of parts) await p.setup?.(w);
  },
  async hidden(w, o) {
    return (await Promise.all(parts.map((p) => p.hidden?.(w, o) ?? []))).flat();
  },
  routes: Object.assign({}, ...parts.map((p) => p.routes)),
});

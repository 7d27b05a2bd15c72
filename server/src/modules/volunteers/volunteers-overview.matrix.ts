import type { MatrixFragment } from '../../../test/matrix/types.js';

/** The overview part's routes in the refusal matrix (server/test/access-matrix.test.ts). */
export const overviewMatrix: MatrixFragment = { routes: {} };

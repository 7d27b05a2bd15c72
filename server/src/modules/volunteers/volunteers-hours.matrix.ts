import type { MatrixFragment } from '../../../test/matrix/types.js';

/** The hours part's routes in the refusal matrix (server/test/access-matrix.test.ts). */
export const hoursMatrix: MatrixFragment = { routes: {} };

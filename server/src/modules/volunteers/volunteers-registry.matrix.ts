import type { MatrixFragment } from '../../../test/matrix/types.js';

/** The registry part's routes in the refusal matrix (server/test/access-matrix.test.ts). */
export const registryMatrix: MatrixFragment = { routes: {} };

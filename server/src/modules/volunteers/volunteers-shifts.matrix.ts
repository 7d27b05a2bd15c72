import type { MatrixFragment } from '../../../test/matrix/types.js';

/** The shifts part's routes in the refusal matrix (server/test/access-matrix.test.ts). */
export const shiftsMatrix: MatrixFragment = { routes: {} };

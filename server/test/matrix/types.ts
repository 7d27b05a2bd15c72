/**
 * The refusal matrix's vocabulary. Each domain declares its routes in
 * server/src/modules/<domain>/<domain>.matrix.ts (`export default defineMatrix({ … })`); the runner,
 * server/test/access-matrix.test.ts, finds those files and checks every route against every role,
 * region, organisation and assignment, and CSRF.
 */
import type { Permission } from '../../../shared/permissions.js';
import type { Role } from '../../../shared/roles.js';
import type { Agent } from '../build-app.js';
import type { ApiRequest } from '../helpers.js';
import type { MatrixWorld } from './world.js';

/**
 * The three kinds of outsider every protected route is checked against:
 * - region: actors of every role granted area B (its official, centre staff, platform admin of its
 *   province, a member of a team of B, …), asking for area A's records;
 * - sibling: a member of another organisation in A's own street (a grant over A's district,
 *   narrowed to its team);
 * - unassigned: a user of A's district holding a role that reaches only what is assigned to it
 *   (the reviewer), with nothing assigned.
 */
export const OUTSIDER_KINDS = ['region', 'sibling', 'unassigned'] as const;
export type OutsiderKind = (typeof OUTSIDER_KINDS)[number];

/**
 * What an outsider gets:
 * - notFound: 404 `not_found` (the record is outside its reach, so it does not exist for it);
 * - refused: 400, 403 or 404 (a region or organisation it may not act in, named in the request);
 * - forbidden: 403 `forbidden`: none of the kind's roles holds the permission (stated all the same,
 *   so every route says what each kind of outsider gets);
 * - empty: 200 listing nothing (a workbook of its header row alone);
 * - ownOnly: 200 naming nothing outside the caller's reach (see `hidden`);
 * - own: the route acts on the caller's own account, uploads or notifications and names nothing of
 *   anyone else's, so there is nothing of A's to reach: not sent;
 * - shared: platform-wide records (the category taxonomy) that every holder of the permission
 *   changes wherever it works: sent, and answered with 2xx.
 */
export type Outcome = 'notFound' | 'refused' | 'forbidden' | 'empty' | 'ownOnly' | 'own' | 'shared';
export type Outsiders = Record<OutsiderKind, Outcome>;

/** One's own account, uploads, notifications: the same for every kind of outsider. */
export const OWN: Outsiders = { region: 'own', sibling: 'own', unassigned: 'own' };

export interface MatrixEntry {
  permission: Permission | 'public';
  /** The request, built from the world and the fragment's own records (made in its `setup`). */
  req: (w: MatrixWorld) => ApiRequest;
  /** Required for every protected route: a missing one fails the completeness test, naming the route. */
  outsiders?: Outsiders;
  /** Who shows the route works (default: A's centre staff, official or platform admin, the first holding the permission). */
  allowedAs?: (w: MatrixWorld) => Agent;
}

/** An outsider as a domain's `hidden` sees it: whom to hide records from. */
export interface Outsider {
  kind: OutsiderKind;
  label: string;
  role: Role;
  agent: Agent;
  userId: string;
  /** The grant's region: the outsider reaches its subtree when `reachesRegion`. */
  regionCode: string;
  reachesRegion: boolean;
  /** The organisation its grant is narrowed to, if any. */
  organizationId: string | null;
}

export interface MatrixFragment {
  /** Records this domain's requests act on, made once after the world is built. */
  setup?: (w: MatrixWorld) => Promise<void>;
  routes: Record<string, MatrixEntry>;
  /**
   * Values (ids, names, codes) of this domain's records outside the outsider's reach: an `ownOnly`
   * answer to that outsider must hold none of them.
   */
  hidden?: (w: MatrixWorld, outsider: Outsider) => Promise<string[]>;
}

export function defineMatrix(fragment: MatrixFragment): MatrixFragment {
  return fragment;
}

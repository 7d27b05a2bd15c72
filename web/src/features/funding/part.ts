import type { Feature } from '../../app/feature';

/**
 * A part of the funding feature (front: needs, calls, applications, screening; review: panels,
 * notice, optimisation; contracts: contracts, payments, monitoring, evaluation; overview: the
 * dashboard section and the home cards): what it adds to
 * the one feature, so the parts are built and read apart.
 */
export type FundingPart = Pick<Feature, 'routes' | 'nav' | 'homeCards' | 'dashboardSections'>;

export function definePart(part: FundingPart): FundingPart {
  return part;
}

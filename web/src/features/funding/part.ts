/**
 * A part of the funding feature (front: needs, calls, applications, screening; review: panels,
 * notice, optimisation; contracts: contracts, payments, monitoring, evaluation; overview: the
 * dashboard section and the home cards).
 */
export { definePart, type FeaturePart as FundingPart } from '../../app/feature';

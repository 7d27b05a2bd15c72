import { defineFeature } from '../../app/feature';
import { contractsPart } from './contracts/part';
import { frontPart } from './front/part';
import { overviewPart } from './overview/part';
import type { FundingPart } from './part';
import { fundingKeys } from './queries';
import { reviewPart } from './review/part';

const PARTS: FundingPart[] = [frontPart, reviewPart, contractsPart, overviewPart];

/**
 * Government purchase of services and venture philanthropy (F1–F11): the pipeline from residents'
 * needs to evaluated, paid contracts, assembled from its parts.
 */
export const feature = defineFeature({
  name: 'funding',
  routes: PARTS.flatMap((p) => p.routes ?? []),
  nav: PARTS.flatMap((p) => p.nav ?? []),
  homeCards: Object.assign({}, ...PARTS.map((p) => p.homeCards ?? {})),
  dashboardSections: PARTS.flatMap((p) => p.dashboardSections ?? []),
  queryKeys: fundingKeys,
});

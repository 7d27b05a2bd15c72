import { defineFeature, fromParts } from '../../app/feature';
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
  ...fromParts(PARTS),
  queryKeys: fundingKeys,
});

import { defineFeature, fromParts } from '../../app/feature';
import { hoursPart } from './hours/part';
import { overviewPart } from './overview/part';
import { volunteerKeys } from './queries';
import { registryPart } from './registry/part';
import { shiftsPart } from './shifts/part';

/**
 * Volunteers and service hours (V1–V5): the registry and teams, activities and shifts with QR
 * check-in, the hours ledger and star levels, certificates and statistics, assembled from its parts.
 */
export const feature = defineFeature({
  name: 'volunteers',
  ...fromParts([registryPart, shiftsPart, hoursPart, overviewPart]),
  queryKeys: volunteerKeys,
});

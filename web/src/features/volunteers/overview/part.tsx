import { definePart } from '../../../app/feature';

/** The overview part of the volunteers feature. */
export const overviewPart = definePart({});

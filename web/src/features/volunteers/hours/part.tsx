import { definePart } from '../../../app/feature';

/** The hours part of the volunteers feature. */
export const hoursPart = definePart({});

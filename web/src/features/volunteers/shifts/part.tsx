import { definePart } from '../../../app/feature';

/** The shifts part of the volunteers feature. */
export const shiftsPart = definePart({});

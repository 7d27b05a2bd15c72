import { definePart } from '../../../app/feature';

/** The registry part of the volunteers feature. */
export const registryPart = definePart({});

import { defineRoutes, itemsOf } from '../contract.js';
import { ZCreateRegionBody, ZRegion, ZRegionCodeParams, ZRenameRegionBody } from './schemas.js';

export const regionsRoutes = defineRoutes({
  'GET /regions': { response: { 200: itemsOf(ZRegion) } },
  'POST /regions': { body: ZCreateRegionBody, response: { 200: ZRegion } },
  'PATCH /regions/:code': { params: ZRegionCodeParams, body: ZRenameRegionBody, response: { 200: ZRegion } },
});

type RegionsRoutesType = typeof regionsRoutes;

declare module '../contract.js' {
  interface Api extends RegionsRoutesType {}
}

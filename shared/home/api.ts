import { defineRoutes } from '../contract.js';
import { ZHome } from './schemas.js';

export const homeRoutes = defineRoutes({
  'GET /home': { response: { 200: ZHome } },
});

type HomeRoutesType = typeof homeRoutes;

declare module '../contract.js' {
  interface Api extends HomeRoutesType {}
}

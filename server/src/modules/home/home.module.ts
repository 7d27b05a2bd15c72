import { HOME_PERMISSIONS } from '../../../../shared/home/permissions.js';
import { defineDomain } from '../../core/domain.js';
import { homeRoutes } from './home.routes.js';
import { homeOwnCards } from './home.service.js';

/** Each role's home page: its to-dos. */
export default defineDomain({
  name: 'home',
  routes: [{ prefix: '/api/home', plugin: homeRoutes }],
  permissions: HOME_PERMISSIONS,
  home: homeOwnCards,
});

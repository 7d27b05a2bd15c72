import { IdcardOutlined, TeamOutlined, UsergroupAddOutlined } from '@ant-design/icons';
import { definePart, lazyNamed } from '../../../app/feature';
import '@shared/volunteers/permissions';

const volunteerPages = () => import('./VolunteersPage');
const teamPages = () => import('./TeamsPage');
const VolunteersPage = lazyNamed(volunteerPages, 'VolunteersPage');
const TeamsPage = lazyNamed(teamPages, 'TeamsPage');

/** The registry part of the volunteers feature (V1): the registry and teams for staff, self-registration, a volunteer's own record. */
export const registryPart = definePart({
  routes: [
    { path: '/volunteers', layout: 'app', permission: 'volunteers.manage', element: VolunteersPage },
    { path: '/volunteers/teams', layout: 'app', permission: 'volunteers.manage', element: TeamsPage },
    { path: '/volunteers/teams/:id', layout: 'app', permission: 'volunteers.manage', element: TeamsPage },
    { path: '/volunteers/me', layout: 'app', permission: 'volunteers.self.edit', element: lazyNamed(() => import('./MyRecordPage'), 'MyRecordPage') },
    { path: '/volunteers/register', layout: 'public', element: lazyNamed(() => import('./RegisterPage'), 'RegisterPage') },
    // Last: a record's drawer over the list; the fixed paths above (and the other parts') take precedence.
    { path: '/volunteers/:id', layout: 'app', permission: 'volunteers.manage', element: VolunteersPage },
  ],
  nav: [
    { path: '/volunteers', labelKey: 'volunteers.registry.nav.volunteers', permission: 'volunteers.manage', icon: <UsergroupAddOutlined />, order: 60 },
    { path: '/volunteers/teams', labelKey: 'volunteers.registry.nav.teams', permission: 'volunteers.manage', icon: <TeamOutlined />, order: 61 },
    { path: '/volunteers/me', labelKey: 'volunteers.registry.nav.me', permission: 'volunteers.self.edit', icon: <IdcardOutlined />, order: 62 },
  ],
});

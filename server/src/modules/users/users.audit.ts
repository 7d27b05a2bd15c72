import { z } from 'zod';
import { ZUserGrant, ZUserListQuery } from '../../../../shared/users/schemas.js';
import { defineAuditEvents, masked } from '../../core/audit-events.js';

/** An account as its audit rows show it (users.service.ts `snapshot`): no password hash, the phone masked. */
const USER = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  phone: masked(),
  active: z.boolean(),
  homeRegionCode: z.string(),
  grants: z.array(ZUserGrant),
});

const { page: _page, pageSize: _pageSize, ...userFilters } = ZUserListQuery.shape;

/** Accounts and sign-ins (modules/users). */
export const usersAudit = defineAuditEvents('users', {
  'auth.login': {
    entity: 'user',
    label: { 'zh-CN': '登录', en: 'Signed in', 'zh-TW': '登入' },
  },
  'auth.logout': {
    entity: 'user',
    label: { 'zh-CN': '退出登录', en: 'Signed out', 'zh-TW': '登出' },
  },
  'user.create': {
    entity: 'user',
    label: { 'zh-CN': '新建用户', en: 'User created', 'zh-TW': '新增使用者' },
    after: USER,
  },
  'user.update': {
    entity: 'user',
    label: { 'zh-CN': '修改用户', en: 'User edited', 'zh-TW': '修改使用者' },
    before: USER,
    after: USER,
  },
  'user.update.password_reset': {
    entity: 'user',
    label: { 'zh-CN': '修改用户并重置密码', en: 'User edited, password reset', 'zh-TW': '修改使用者並重設密碼' },
    before: USER,
    after: USER,
  },
  'user.password.change': {
    entity: 'user',
    label: { 'zh-CN': '修改密码', en: 'Password changed', 'zh-TW': '變更密碼' },
  },
  'user.locale.set': {
    entity: 'user',
    label: { 'zh-CN': '切换界面语言', en: 'Language changed', 'zh-TW': '切換介面語言' },
    before: z.object({ locale: z.string().nullable() }),
    after: z.object({ locale: z.string() }),
  },
  'user.export': {
    entity: 'export',
    label: { 'zh-CN': '导出用户', en: 'Users exported', 'zh-TW': '匯出使用者' },
    after: z.object({ rows: z.number(), query: z.object(userFilters) }),
  },
});

/** How an account is named in its audit rows: both names, since either may be what a reader knows. */
export const userEntityName = (u: { displayName: string; username: string }) => `${u.displayName} (${u.username})`;

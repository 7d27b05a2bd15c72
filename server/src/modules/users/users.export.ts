import type { Ctx } from '../../core/actor.js';
import type { Role } from '../../../../shared/roles.js';
import { auditExport } from '../../core/audit.js';
import { EXPORT_LIMIT, writeSheet, type SheetColumn } from '../../core/xlsx.js';
import { regionNames } from '../regions/regions.service.js';
import { listUsers } from './users.service.js';

/** As the web app names them (enums.role in web/src/i18n/zh-CN.json). */
const ROLE_LABELS: Record<Role, string> = {
  platform_admin: '平台管理员',
  official: '政府/民政',
  centre_staff: '中心工作人员',
  reviewer: '评审专家',
  org_member: '组织负责人/成员',
  volunteer: '志愿者',
  unit: '区域单位/捐赠人',
};

const USER_COLUMNS = [
  { key: 'username', header: '用户名' },
  { key: 'displayName', header: '姓名/名称', width: 24 },
  { key: 'grants', header: '角色与区域', width: 48 },
  { key: 'status', header: '状态' },
] as const satisfies readonly SheetColumn[];

/** The user list as the screen shows it (same search), one row per account, grants joined. */
export async function exportUsers(ctx: Ctx, q: { q?: string }) {
  const { items } = await listUsers(ctx, { ...q, page: 1, pageSize: EXPORT_LIMIT });
  await auditExport(ctx, { action: 'user.export', regionCode: null, rows: items.length, query: q });
  const names = await regionNames(ctx.db, items.flatMap((u) => u.grants.map((g) => g.regionCode)));
  return writeSheet(
    '用户',
    USER_COLUMNS,
    items.map((u) => ({
      username: u.username,
      displayName: u.displayName,
      grants: u.grants.map((g) => `${ROLE_LABELS[g.role as Role] ?? g.role}（${names.get(g.regionCode) ?? g.regionCode}）`).join('；'),
      status: !u.active ? '停用' : u.lockedUntil ? '临时锁定' : '正常',
    })),
  );
}

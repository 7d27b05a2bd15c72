import { ANHUI, BEIJING, BOZHOULU, CHANGSHOU, DONGCHENG, LUYANG, PUTUO, SHANGHAI, WULIQIAO, YANJI } from './regions.js';
import type { Role } from '../../../../shared/roles.js';

/** Password of every demo account. Demo data only: change or remove these accounts in production. */
export const DEMO_PASSWORD = 'Shuniu@2026';

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  /** Region of the (first) grant and the user's home region. */
  regionCode: string;
  description: string;
  /** Further grants of the same role (the admin covers all three provinces). */
  extraRegionCodes?: string[];
  /** For org_member: the name of the team or organisation the grant is bound to. */
  organizationName?: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    username: 'admin',
    displayName: '平台管理员',
    role: 'platform_admin',
    regionCode: SHANGHAI,
    extraRegionCodes: [BEIJING, ANHUI],
    description: 'Platform administrator: 上海市, 北京市 and 安徽省 (three grants)',
  },
  { username: 'mzj.shanghai', displayName: '上海市民政局', role: 'official', regionCode: SHANGHAI, description: 'Official, 上海市民政局 (all of Shanghai)' },
  { username: 'mzj.putuo', displayName: '普陀区民政局', role: 'official', regionCode: PUTUO, description: 'Official, 普陀区民政局' },
  { username: 'mzj.dongcheng', displayName: '东城区民政局', role: 'official', regionCode: DONGCHENG, description: 'Official, 北京市东城区民政局' },
  { username: 'jd.changshou', displayName: '长寿路街道办事处', role: 'official', regionCode: CHANGSHOU, description: 'Official, 长寿路街道办事处 (street office)' },
  {
    username: 'zx.changshou',
    displayName: '长寿路街道社区民间组织服务中心',
    role: 'centre_staff',
    regionCode: CHANGSHOU,
    description: 'Centre staff, 长寿路街道社区民间组织服务中心 (reviews team filings)',
  },
  { username: 'zx.wuliqiao', displayName: '五里桥街道社会组织服务中心', role: 'centre_staff', regionCode: WULIQIAO, description: 'Centre staff, 黄浦区五里桥街道' },
  { username: 'zx.yanji', displayName: '延吉新村街道社会组织服务中心', role: 'centre_staff', regionCode: YANJI, description: 'Centre staff, 杨浦区延吉新村街道' },
  { username: 'zx.luyang', displayName: '庐阳区社会组织服务中心', role: 'centre_staff', regionCode: LUYANG, description: 'Centre staff, 合肥市庐阳区' },
  { username: 'mzj.luyang', displayName: '庐阳区民政局', role: 'official', regionCode: LUYANG, description: 'Official, 合肥市庐阳区民政局 (866 organisations)' },
  {
    username: 'zx.bozhoulu',
    displayName: '亳州路街道社会组织服务中心',
    role: 'centre_staff',
    regionCode: BOZHOULU,
    description: 'Centre staff, 庐阳区亳州路街道 (its filed 社区社会组织)',
  },
  {
    username: 'td.taiji',
    displayName: '武宁社区太极拳队',
    role: 'org_member',
    regionCode: CHANGSHOU,
    organizationName: '武宁社区太极拳队',
    description: 'Team leader of 武宁社区太极拳队 (sees its own team)',
  },
  { username: 'expert.wang', displayName: '王教授（评审专家）', role: 'reviewer', regionCode: PUTUO, description: 'Reviewer / evaluator, 普陀区 expert pool' },
  {
    username: 'zx.dongcheng',
    displayName: '东城区社会组织指导服务中心',
    role: 'centre_staff',
    regionCode: DONGCHENG,
    description: 'Centre staff, 东城区社会组织指导服务中心 (runs the funding calls: needs to evaluation)',
  },
  {
    username: 'zz.qilerong',
    displayName: '东城区耆乐融长者关爱中心',
    role: 'org_member',
    regionCode: DONGCHENG,
    organizationName: '东城区耆乐融长者关爱中心',
    description: 'Leader of 东城区耆乐融长者关爱中心 (an application in the open call, a contract with a report overdue)',
  },
  // 东城's expert pool; three of them also sit on 五里桥's seed-fund panel.
  { username: 'expert.zhang', displayName: '张教授（评审专家）', role: 'reviewer', regionCode: DONGCHENG, extraRegionCodes: [WULIQIAO], description: 'Expert, 东城 panels (chair) and 五里桥 seed fund' },
  { username: 'expert.li', displayName: '李研究员（评审专家）', role: 'reviewer', regionCode: DONGCHENG, extraRegionCodes: [WULIQIAO], description: 'Expert, 东城 panels and 五里桥 seed fund' },
  { username: 'expert.liu', displayName: '刘会计师（评审专家）', role: 'reviewer', regionCode: DONGCHENG, extraRegionCodes: [WULIQIAO], description: 'Expert, 东城 panels (budgets) and 五里桥 seed fund' },
  { username: 'expert.chen', displayName: '陈律师（评审专家）', role: 'reviewer', regionCode: DONGCHENG, description: 'Expert, 东城 panels (declared a conflict)' },
  { username: 'expert.zhao', displayName: '赵社工师（评审专家）', role: 'reviewer', regionCode: DONGCHENG, description: 'Expert, 东城 panels (conflicts not yet declared on the open panel)' },
  {
    username: 'pg.dongcheng',
    displayName: '第三方评估机构（项目监测评估）',
    role: 'reviewer',
    regionCode: DONGCHENG,
    extraRegionCodes: [WULIQIAO],
    description: 'Third-party monitor and evaluator of the funded projects (site visits, mid-term and final evaluations)',
  },
  { username: 'zyz.li', displayName: '李志愿者', role: 'volunteer', regionCode: CHANGSHOU, description: 'Volunteer, 长寿社区义工服务总站' },
  { username: 'dw.zhonghuan', displayName: '中环集团', role: 'unit', regionCode: CHANGSHOU, description: 'Unit / donor, 中环集团 (claims projects, gives)' },
];

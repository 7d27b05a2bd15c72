import { z } from 'zod';
import { masked, redacted, type AuditEventDeclaration } from '../../core/audit-events.js';

/*
 * Audit events of the registry part (V1), spread into volunteers.audit.ts. The ID number never
 * reaches the log (redacted); the phone is kept as screens show it (masked).
 */

const label = (zhCN: string, en: string, zhTW: string) => ({ 'zh-CN': zhCN, en, 'zh-TW': zhTW });
const nullable = z.string().nullable();

const VOLUNTEER = z.object({
  id: z.string(),
  number: z.string(),
  userId: nullable,
  regionCode: z.string(),
  name: z.string(),
  idNumber: redacted(z.string()),
  phone: masked(),
  gender: nullable,
  skills: z.array(z.string()),
  availability: z.array(z.string()),
  status: z.string(),
  source: z.string(),
  confirmedBy: nullable,
  confirmedAt: nullable,
});
const STEP = VOLUNTEER.extend({ reason: nullable });

const TEAM = z.object({
  id: z.string(),
  regionCode: z.string(),
  name: z.string(),
  description: nullable,
  organizationId: nullable,
  socialWorkerId: nullable,
  active: z.boolean(),
});
const MEMBER = z.object({ teamId: z.string(), volunteerId: z.string(), volunteerNumber: z.string(), role: z.string() });

export const registryAuditEvents: Record<string, AuditEventDeclaration> = {
  'volunteers.volunteer.create': { entity: 'volunteer', label: label('登记志愿者', 'Volunteer registered', '登記志工'), after: VOLUNTEER },
  'volunteers.volunteer.register': { entity: 'volunteer', label: label('志愿者自助注册', 'Volunteer self-registered', '志工自行註冊'), after: VOLUNTEER },
  'volunteers.volunteer.import': { entity: 'volunteer', label: label('导入志愿者', 'Volunteer imported', '匯入志工'), after: VOLUNTEER },
  'volunteers.volunteer.update': { entity: 'volunteer', label: label('修改志愿者信息', 'Volunteer edited', '修改志工資料'), before: VOLUNTEER, after: VOLUNTEER },
  'volunteers.volunteer.self_update': {
    entity: 'volunteer',
    label: label('志愿者修改本人信息', 'Volunteer edited own record', '志工修改本人資料'),
    before: VOLUNTEER,
    after: VOLUNTEER,
  },
  'volunteers.volunteer.confirm': { entity: 'volunteer', label: label('确认志愿者注册', 'Volunteer confirmed', '確認志工註冊'), before: VOLUNTEER, after: STEP },
  'volunteers.volunteer.suspend': { entity: 'volunteer', label: label('暂停志愿者服务', 'Volunteer suspended', '暫停志工服務'), before: VOLUNTEER, after: STEP },
  'volunteers.volunteer.reactivate': { entity: 'volunteer', label: label('恢复志愿者服务', 'Volunteer reactivated', '恢復志工服務'), before: VOLUNTEER, after: STEP },
  'volunteers.volunteer.leave': { entity: 'volunteer', label: label('志愿者退出', 'Volunteer left', '志工退出'), before: VOLUNTEER, after: STEP },
  'volunteers.volunteer.id_number.reveal': {
    entity: 'volunteer',
    label: label('查看志愿者完整身份证号', "Volunteer's full ID number viewed", '檢視志工完整身分證號'),
    after: z.object({ id: z.string(), number: z.string() }),
  },
  'volunteers.volunteer.export': {
    entity: 'export',
    label: label('导出志愿者名单', 'Volunteers exported', '匯出志工名單'),
    after: z.object({
      rows: z.number(),
      query: z.object({
        region: z.string().optional(),
        q: z.string().optional(),
        status: z.string().optional(),
        teamId: z.string().optional(),
        skill: z.string().optional(),
        sort: z.string().optional(),
      }),
    }),
  },
  'volunteers.team.create': { entity: 'volunteer_team', label: label('新建志愿服务队', 'Volunteer team created', '新增志工隊'), after: TEAM },
  'volunteers.team.update': { entity: 'volunteer_team', label: label('修改志愿服务队', 'Volunteer team edited', '修改志工隊'), before: TEAM, after: TEAM },
  'volunteers.team.member.add': { entity: 'volunteer_team', label: label('加入志愿服务队', 'Team member added', '加入志工隊'), after: MEMBER },
  'volunteers.team.member.role': { entity: 'volunteer_team', label: label('调整队内角色', 'Team role changed', '調整隊內角色'), before: MEMBER, after: MEMBER },
  'volunteers.team.member.remove': { entity: 'volunteer_team', label: label('移出志愿服务队', 'Team member removed', '移出志工隊'), before: MEMBER },
};

import { z } from 'zod';
import type { AuditEventDeclaration } from '../../core/audit-events.js';

/*
 * Audit events of the shifts part (V2), spread into volunteers.audit.ts. A sign-up names the
 * volunteer by its record id and public number, never by ID number or phone.
 */

const label = (zhCN: string, en: string, zhTW: string) => ({ 'zh-CN': zhCN, en, 'zh-TW': zhTW });
const text = z.string().nullable();

const ACTIVITY = z.object({
  title: z.string(),
  type: z.string(),
  place: z.string(),
  description: text,
  skillsWanted: z.array(z.string()),
  ownerOrganizationId: text,
  teamId: text,
  regionCode: z.string(),
  status: z.string(),
});
const STATUS = z.object({ status: z.string() });
const SHIFT = z.object({ activityId: z.string(), startsAt: z.string(), endsAt: z.string(), quota: z.number(), regionCode: z.string() });
/** Who recorded an attendance and how: 'staff' (on the list, staff, owner or team leader), 'qr' (the volunteer's scan), 'job'. */
const ATTENDANCE = STATUS.extend({ at: z.string(), method: z.string() });

export const shiftsAuditEvents: Record<string, AuditEventDeclaration> = {
  'volunteers.activity.create': { entity: 'volunteers.activity', label: label('创建志愿活动', 'Volunteer activity created', '建立志工活動'), after: ACTIVITY },
  'volunteers.activity.update': {
    entity: 'volunteers.activity',
    label: label('修改志愿活动', 'Volunteer activity edited', '修改志工活動'),
    before: ACTIVITY.partial(),
    after: ACTIVITY.partial(),
  },
  'volunteers.activity.publish': { entity: 'volunteers.activity', label: label('发布志愿活动', 'Volunteer activity published', '發布志工活動'), before: STATUS, after: STATUS },
  'volunteers.activity.close': { entity: 'volunteers.activity', label: label('结束志愿活动报名', 'Volunteer activity closed', '結束志工活動報名'), before: STATUS, after: STATUS },
  'volunteers.activity.cancel': {
    entity: 'volunteers.activity',
    label: label('取消志愿活动', 'Volunteer activity cancelled', '取消志工活動'),
    before: STATUS,
    after: STATUS.extend({ reason: z.string(), signupsCancelled: z.number() }),
  },
  'volunteers.activity.export': {
    entity: 'export',
    label: label('导出志愿活动', 'Volunteer activities exported', '匯出志工活動'),
    after: z.object({
      rows: z.number(),
      query: z.object({
        status: z.string().optional(),
        type: z.string().optional(),
        teamId: z.string().optional(),
        from: z.string().optional(),
        to: z.string().optional(),
        q: z.string().optional(),
        sort: z.string().optional(),
        order: z.string().optional(),
      }),
    }),
  },
  'volunteers.shift.create': { entity: 'volunteers.shift', label: label('新增班次', 'Shift added', '新增班次'), after: SHIFT },
  'volunteers.shift.update': {
    entity: 'volunteers.shift',
    label: label('修改班次', 'Shift edited', '修改班次'),
    before: SHIFT.partial(),
    after: SHIFT.partial().extend({ promoted: z.number() }),
  },
  'volunteers.shift.cancel': {
    entity: 'volunteers.shift',
    label: label('取消班次', 'Shift cancelled', '取消班次'),
    before: STATUS,
    after: STATUS.extend({ reason: z.string(), signupsCancelled: z.number() }),
  },
  'volunteers.signup.create': {
    entity: 'volunteers.signup',
    label: label('报名班次', 'Signed up for a shift', '報名班次'),
    after: STATUS.extend({ shiftId: z.string(), volunteerId: z.string(), volunteerNumber: z.string() }),
  },
  'volunteers.signup.cancel': {
    entity: 'volunteers.signup',
    label: label('取消报名', 'Sign-up cancelled', '取消報名'),
    before: STATUS,
    after: STATUS.extend({ reason: text }),
  },
  'volunteers.signup.promote': {
    entity: 'volunteers.signup',
    label: label('候补转为正式报名', 'Moved up from the waiting list', '候補轉為正式報名'),
    before: STATUS,
    after: STATUS,
  },
  'volunteers.attendance.check_in': { entity: 'volunteers.signup', label: label('签到', 'Checked in', '簽到'), before: STATUS, after: ATTENDANCE },
  'volunteers.attendance.check_out': {
    entity: 'volunteers.signup',
    label: label('签退', 'Checked out', '簽退'),
    before: STATUS,
    after: ATTENDANCE.extend({ minutes: z.number(), hourEntryId: text }),
  },
  'volunteers.attendance.no_show': { entity: 'volunteers.signup', label: label('记为缺席', 'Marked no-show', '記為缺席'), before: STATUS, after: ATTENDANCE },
};

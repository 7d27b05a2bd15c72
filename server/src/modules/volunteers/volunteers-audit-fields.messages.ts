import type { DomainMessages } from '../../i18n/index.js';

/** The names of the fields the volunteers' audit events keep, as the audit log shows them. */
export const auditFieldMessages: DomainMessages = {
  'zh-CN': {
    fields: {
      number: '志愿者编号',
      volunteerNumber: '志愿者编号',
      confirmedBy: '确认人',
      confirmedAt: '确认时间',
      signupsCancelled: '取消的报名数',
      promoted: '候补转正',
      method: '签到方式',
      minutes: '服务时长（分钟）',
      hourEntryId: '时长记录',
      reversalId: '更正记录',
      restarred: '重新评定星级的人数',
      honourId: '表彰记录',
      documentId: '证明文件',
      entries: '服务次数',
    },
  },
  en: {
    fields: {
      number: 'Volunteer number',
      volunteerNumber: 'Volunteer number',
      confirmedBy: 'Confirmed by',
      confirmedAt: 'Confirmed at',
      signupsCancelled: 'Sign-ups cancelled',
      promoted: 'Moved up from the waiting list',
      method: 'Recorded by',
      minutes: 'Hours (minutes)',
      hourEntryId: 'Hours entry',
      reversalId: 'Correction',
      restarred: 'Volunteers re-starred',
      honourId: 'Honour',
      documentId: 'Document',
      entries: 'Times served',
    },
  },
  'zh-TW': {
    fields: {
      number: '志工編號',
      volunteerNumber: '志工編號',
      confirmedBy: '確認人',
      confirmedAt: '確認時間',
      signupsCancelled: '取消的報名數',
      promoted: '候補轉正',
      method: '簽到方式',
      minutes: '服務時數（分鐘）',
      hourEntryId: '時數紀錄',
      reversalId: '更正紀錄',
      restarred: '重新評定星級的人數',
      honourId: '表揚紀錄',
      documentId: '證明文件',
      entries: '服務次數',
    },
  },
};

import type { DomainMessages } from '../../i18n/index.js';

export const calendarMessages: DomainMessages = {
  'zh-CN': {
    problems: {
      calendar_date: '{{field}}应为 {{min}} 至 {{max}} 之间的有效日期（格式：2026-01-31）',
      calendar_working_days: '工作日天数应为 0 至 {{max}} 之间的整数',
      calendar_workday_on_weekday: '调休上班日只能设在周六或周日（周一至周五本来就是工作日）',
    },
    fields: { date: '日期', fromDate: '起算日期', toDate: '截止日期', n: '工作日天数', sourceNote: '依据' },
    entities: { calendar_day: '节假日/调休日', calendar_year: '年度放假安排' },
  },
  en: {
    problems: {
      calendar_date: '{{field}} must be a valid date between {{min}} and {{max}} (as 2026-01-31)',
      calendar_working_days: 'The number of working days must be a whole number from 0 to {{max}}',
      calendar_workday_on_weekday: 'A make-up working day can only be a Saturday or Sunday (Monday to Friday are working days already)',
    },
    fields: { date: 'Date', fromDate: 'Start date', toDate: 'End date', n: 'Number of working days', sourceNote: 'Basis' },
    entities: { calendar_day: 'holiday or make-up day', calendar_year: 'holiday schedule of the year' },
  },
  'zh-TW': {
    problems: {
      calendar_date: '{{field}}應為 {{min}} 至 {{max}} 之間的有效日期（格式：2026-01-31）',
      calendar_working_days: '工作日天數應為 0 至 {{max}} 之間的整數',
      calendar_workday_on_weekday: '補班日只能設在週六或週日（週一至週五本來就是工作日）',
    },
    fields: { date: '日期', fromDate: '起算日期', toDate: '截止日期', n: '工作日天數', sourceNote: '依據' },
    entities: { calendar_day: '節假日／補班日', calendar_year: '年度放假安排' },
  },
};

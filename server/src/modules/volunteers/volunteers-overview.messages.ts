import type { DomainMessages } from '../../i18n/index.js';

/** The overview part's words in the server's messages (field labels, problems, names). */
export const overviewMessages: DomainMessages = {
  'zh-CN': {
    errors: { volunteer_not_confirmed: '该志愿者的登记尚待服务中心确认，确认后才能出具志愿服务证明' },
    problems: { certificate_period_order: '{{field}}不能早于开始日期' },
    fields: { region: '区划' },
  },
  en: {
    errors: { volunteer_not_confirmed: "This volunteer's registration is still awaiting the centre's confirmation: a certificate of service can be issued once it is confirmed" },
    problems: { certificate_period_order: '{{field}} cannot be before the start date' },
    fields: { region: 'Region' },
  },
  'zh-TW': {
    errors: { volunteer_not_confirmed: '該志工的登記尚待服務中心確認，確認後才能開立志願服務證明' },
    problems: { certificate_period_order: '{{field}}不能早於開始日期' },
    fields: { region: '區劃' },
  },
};

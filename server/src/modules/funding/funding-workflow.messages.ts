import type { DomainMessages } from '../../i18n/index.js';

/**
 * The words of the funding workflows' states and actions that no part had given: a step refused
 * from the wrong state (`invalid_state`) names both, and showed the catalogue key
 * (“不能执行“actions.merge””) without them. attack-i9.test.ts checks every workflow has them all.
 */
export const workflowMessages: DomainMessages = {
  'zh-CN': {
    states: { contracted: '已签约', signed: '已签约', terminated: '已终止', pending: '待处理', accepted: '已验收', rejected: '已退回', fixed: '结果已确定' },
    actions: {
      merge: '合并',
      add_to_topic: '归入课题',
      remove_from_topic: '移出课题',
      screen_in: '初筛通过',
      screen_out: '初筛不通过',
      sign: '签约',
      terminate: '终止',
      accept: '验收',
      report: '报告完成',
      reject: '退回',
      fix: '确定结果',
    },
  },
  en: {
    states: { contracted: 'Contracted', signed: 'Signed', terminated: 'Terminated', pending: 'Pending', accepted: 'Accepted', rejected: 'Sent back', fixed: 'Results fixed' },
    actions: {
      merge: 'merge',
      add_to_topic: 'add to a topic',
      remove_from_topic: 'remove from its topic',
      screen_in: 'pass the screening',
      screen_out: 'fail the screening',
      sign: 'sign',
      terminate: 'terminate',
      accept: 'accept',
      report: 'report done',
      reject: 'send back',
      fix: 'fix the results',
    },
  },
  'zh-TW': {
    states: { contracted: '已簽約', signed: '已簽約', terminated: '已終止', pending: '待處理', accepted: '已驗收', rejected: '已退回', fixed: '結果已確定' },
    actions: {
      merge: '合併',
      add_to_topic: '歸入課題',
      remove_from_topic: '移出課題',
      screen_in: '初篩通過',
      screen_out: '初篩不通過',
      sign: '簽約',
      terminate: '終止',
      accept: '驗收',
      report: '回報完成',
      reject: '退回',
      fix: '確定結果',
    },
  },
};

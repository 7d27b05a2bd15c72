/** Chinese labels used in spreadsheets, so an exported sheet can be edited and imported back as it is. */
export const LEGAL_FORM_LABELS: Record<string, string> = {
  social_group: '社会团体',
  social_service_agency: '民办非企业单位',
  foundation: '基金会',
  community_org: '社区社会组织',
  grassroots_team: '群众活动团队',
};
export const LEGAL_FORM_ALIASES: Record<string, string> = {
  社会服务机构: 'social_service_agency',
  民非: 'social_service_agency',
  社团: 'social_group',
  '社区社会组织(备案)': 'community_org',
  '社区社会组织（备案）': 'community_org',
  群众团队: 'grassroots_team',
  群众文体团队: 'grassroots_team',
};
export const STATUS_LABELS: Record<string, string> = {
  draft: '草稿',
  submitted: '待审核',
  returned: '已退回',
  filed: '已备案',
  registered: '已登记',
  suspended: '暂停活动',
  dissolved: '已注销',
};
export const STAGE_LABELS: Record<string, string> = { sprout: '萌芽型', growing: '成长型', supporting: '支持型' };
export const LEVEL_LABELS: Record<string, string> = {
  national: '国家级',
  province: '省级',
  city: '市级',
  district: '区县级',
  street: '街道乡镇级',
};
export const MEMBER_ROLE_LABELS: Record<string, string> = { leader: '负责人', deputy: '副负责人', contact: '联络人', member: '成员' };
export const AGE_BAND_LABELS: Record<string, string> = {
  under_18: '18岁以下',
  '18_34': '18-34岁',
  '35_59': '35-59岁',
  '60_69': '60-69岁',
  '70_79': '70-79岁',
  '80_plus': '80岁及以上',
};
export const GENDER_LABELS: Record<string, string> = { male: '男', female: '女' };
export const YES_NO: Record<string, boolean> = { 是: true, 否: false, Y: true, N: false, yes: true, no: false, '1': true, '0': false, TRUE: true, FALSE: false };

/** Reverse lookup: accepts the Chinese label, an alias, or the code itself. */
export function codeFor(labels: Record<string, string>, text: string, aliases: Record<string, string> = {}) {
  if (text in labels) return text;
  const found = Object.entries(labels).find(([, label]) => label === text);
  return found?.[0] ?? aliases[text] ?? null;
}
export const FILING_KIND_LABELS: Record<string, string> = { initial: '首次备案', change: '变更备案', deregistration: '注销备案' };
export const FILING_STATE_LABELS: Record<string, string> = {
  draft: '草稿',
  submitted: '审核中',
  returned: '已退回',
  approved: '已通过',
  withdrawn: '已撤回',
};

/**
 * Words of the funding demo: the needs 东城区's centre gathered from 区体育局, 区委社会工委, 区民政局 and the
 * 和平里 and 龙潭 streets [004], the topics they were curated into, and what the projects do.
 */
import type { NeedSource } from '../../../../shared/funding/states.js';

export interface NeedSeed {
  source: NeedSource;
  sourceName: string;
  title: string;
  description: string;
  beneficiaries: string;
  /** Index into TOPICS, or null when the need is still open in the pool. */
  topic: number | null;
}

export const TOPICS: { title: string; description: string }[] = [
  { title: '全民健身进社区', description: '区体育局提出：社区健身指导、老年人科学健身、青少年体育兴趣培养。' },
  { title: '社区治理与居民议事', description: '区委社会工委提出：胡同、院落议事协商，接诉即办中的多方协商。' },
  { title: '居家养老与为老服务', description: '区民政局提出：独居、高龄老人探访，助餐助浴，精神慰藉。' },
  { title: '和平里街道社区服务', description: '和平里街道提出：老旧小区邻里互助、社区社会组织培育。' },
  { title: '龙潭街道社区服务', description: '龙潭街道提出：公益认领、社区环境共建与青少年成长服务。' },
  { title: '社会组织能力建设', description: '初创期社会组织的项目设计、财务与治理辅导（公益创投方向）。' },
];

export const NEEDS: NeedSeed[] = [
  { source: 'department', sourceName: '区体育局', title: '社区科学健身指导', description: '各社区缺少专业健身指导员，居民健身方法不科学，希望引入社会组织开展每周健身指导。', beneficiaries: '社区居民，尤其中老年人', topic: 0 },
  { source: 'department', sourceName: '区体育局', title: '老年人防跌倒健身课程', description: '高龄老人跌倒风险高，希望开设平衡能力训练与防跌倒课程。', beneficiaries: '65岁以上老人', topic: 0 },
  { source: 'community', sourceName: '东四街道六条社区', title: '社区健身指导站', description: '社区健身器材使用率低，希望有人定期指导器材使用与健身操。', beneficiaries: '社区居民', topic: 0 },
  { source: 'department', sourceName: '区委社会工委', title: '胡同议事厅运营支持', description: '胡同整治与公共空间利用需要居民协商，希望专业机构协助开展开放空间讨论。', beneficiaries: '胡同居民', topic: 1 },
  { source: 'department', sourceName: '区委社会工委', title: '接诉即办多方协商', description: '对反复出现的诉求组织居民、物业与社区三方协商，形成议事规则。', beneficiaries: '老旧小区居民', topic: 1 },
  { source: 'department', sourceName: '区民政局', title: '独居高龄老人探访', description: '全区独居、高龄老人较多，需要定期探访、安全检查与紧急联络。', beneficiaries: '独居、高龄老人', topic: 2 },
  { source: 'department', sourceName: '区民政局', title: '老年人助餐配送', description: '部分老人行动不便，需要助餐配送和营养指导。', beneficiaries: '失能、半失能老人', topic: 2 },
  { source: 'resident', sourceName: '天坛街道居民', title: '独居老人上门探望', description: '楼里几位独居老人没人照看，希望有志愿者定期上门看看。', beneficiaries: '独居老人', topic: 2 },
  { source: 'community', sourceName: '和平里街道和平里社区', title: '老旧小区邻里互助', description: '老旧小区老人多、年轻人少，希望建立邻里互助小组与时间银行。', beneficiaries: '社区居民', topic: 3 },
  { source: 'department', sourceName: '和平里街道', title: '社区社会组织孵化', description: '街道社区社会组织联合会需要专业支持，培育一批居民自组织。', beneficiaries: '社区社会组织骨干', topic: 3 },
  { source: 'department', sourceName: '龙潭街道', title: '社区公益认领', description: '面向辖区单位、社会组织与居民开放公益项目认领，动员多方参与社区治理。', beneficiaries: '龙潭街道居民', topic: 4 },
  { source: 'community', sourceName: '龙潭街道左安浦园社区', title: '青少年课后成长陪伴', description: '双职工家庭孩子放学后无人看管，希望开展课后陪伴与兴趣活动。', beneficiaries: '6–14岁青少年', topic: 4 },
  { source: 'organization', sourceName: '北京恩派非营利组织发展中心', title: '初创社会组织陪伴成长', description: '初创期社会组织缺少项目设计与财务管理能力，需要一对一辅导。', beneficiaries: '初创期社会组织', topic: 5 },
];

/** Needs still in the pool (the 2026 needs survey), one a duplicate of another. */
export const OPEN_NEEDS: Omit<NeedSeed, 'topic'>[] = [
  { source: 'department', sourceName: '区体育局', title: '社区运动会组织支持', description: '各街道希望举办社区运动会，需要专业团队策划与组织。', beneficiaries: '社区居民' },
  { source: 'resident', sourceName: '交道口街道居民', title: '胡同里的健身角', description: '胡同里没有活动场地，希望利用腾退空间建健身角并有人指导。', beneficiaries: '胡同居民' },
  { source: 'community', sourceName: '龙潭街道夕照寺社区', title: '垃圾分类入户指导', description: '居民垃圾分类准确率不高，希望有人入户指导、桶前值守。', beneficiaries: '社区居民' },
  { source: 'resident', sourceName: '龙潭街道居民', title: '垃圾分类上门宣传', description: '楼门垃圾分类做得不好，希望有人上门讲解。', beneficiaries: '社区居民' },
  { source: 'department', sourceName: '区民政局', title: '困境儿童关爱', description: '对困境儿童开展学业辅导、心理支持与家庭探访。', beneficiaries: '困境儿童及家庭' },
];

/** Project titles by topic: [what it is called, who it serves]. */
export const PROJECTS: [string, string][][] = [
  [['乐活健身进社区', '社区中老年居民'], ['银龄平衡训练营', '65岁以上老人'], ['胡同健身指导站', '胡同居民'], ['青少年体育兴趣课堂', '6–14岁青少年'], ['健步走社区行', '社区居民'], ['太极八段锦推广', '中老年居民']],
  [['胡同议事厅', '胡同居民'], ['院落自治共建', '平房院落居民'], ['开放空间协商会', '社区居民与驻区单位'], ['楼门长赋能计划', '楼门长、居民骨干'], ['接诉即办协商助推', '老旧小区居民'], ['社区规划师进街巷', '街巷居民']],
  [['银龄守护探访', '独居、高龄老人'], ['暖心助餐', '失能、半失能老人'], ['乐龄心理关爱', '空巢老人'], ['长者智能生活课堂', '老年人'], ['居家安全守护', '高龄老人'], ['老伙伴互助计划', '低龄与高龄老人']],
  [['和平里邻里守望', '和平里街道居民'], ['时间银行互助', '社区居民'], ['社区达人孵化营', '社区社会组织骨干'], ['老旧小区微更新', '小区居民'], ['和美楼门共建', '楼门居民'], ['社区文化节', '社区居民']],
  [['龙潭公益认领', '龙潭街道居民'], ['四点半课堂', '双职工家庭儿童'], ['绿色社区共建', '社区居民'], ['左安浦园青少年成长营', '青少年'], ['社区花园营造', '社区居民'], ['龙潭邻里节', '社区居民']],
  [['初创组织陪伴计划', '初创期社会组织'], ['社区社会组织培育', '社区社会组织'], ['公益人才工作坊', '社区公益骨干'], ['社区基金会筹备辅导', '街道社会组织'], ['项目化运作训练营', '社区社会组织'], ['社区公益创投路演', '社区社会组织']],
];

export const BUDGET_ITEMS: [string, string][] = [
  ['人员劳务费', '人员费用'],
  ['活动物料费', '活动费用'],
  ['专家授课费', '活动费用'],
  ['宣传印刷费', '宣传费用'],
  ['交通及通讯费', '管理费用'],
  ['场地及设备使用费', '活动费用'],
];

export const CRITERIA = [
  { code: 'need_fit', name: '需求契合度', weight: 30, maxScore: 10 },
  { code: 'design', name: '项目设计', weight: 25, maxScore: 10 },
  { code: 'capacity', name: '执行能力', weight: 20, maxScore: 10 },
  { code: 'budget', name: '预算合理性', weight: 15, maxScore: 10 },
  { code: 'sustainability', name: '可持续性', weight: 10, maxScore: 10 },
];

export const SCORE_COMMENTS = ['需求分析扎实，活动设计可行。', '预算编制合理，建议加强成效评估。', '团队经验丰富，建议细化时间安排。', '服务对象明确，可持续性有待加强。', '与社区需求结合紧密，建议扩大覆盖面。'];
export const REPORT_NARRATIVES = ['按计划开展各项活动，居民参与积极。', '本期完成主要活动，服务对象满意度较高。', '活动如期开展，已建立志愿者骨干队伍。', '本期重点推进社区动员，形成居民议事规则。'];
export const EVALUATION_SUMMARIES = ['项目执行规范，绩效目标基本完成。', '服务成效明显，资金使用合规。', '目标完成较好，档案资料齐全。'];

/** The two milestones of a contract paid on milestones: when each falls due, what the organisation reports, why staff may return it. */
export const MILESTONES: { title: string; dueAfterDays: number; note: string; returnReason: string }[] = [
  {
    title: '完成需求调研并组建志愿者队伍',
    dueAfterDays: 60,
    note: '已走访服务对象并建立服务台账，志愿者队伍组建完成，附调研报告与签到表。',
    returnReason: '调研报告缺少服务对象名单，签到表照片不全，请补充后重新报告。',
  },
  {
    title: '服务活动过半并开展中期成果展示',
    dueAfterDays: 150,
    note: '已完成计划活动过半，举办中期成果展示，附活动照片与满意度调查。',
    returnReason: '活动场次与计划不符，请说明原因并补充活动记录。',
  },
];

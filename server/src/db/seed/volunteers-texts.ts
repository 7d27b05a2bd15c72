/**
 * Words of the volunteers demo (issue 10) for 长寿路街道 [003]: its 50多支义工队伍 serving 助老、助残、助困、
 * 社会救助, the 社区义工服务总站, the 慈善超市 service point, the 50-strong 救助管理义工 team, and the places
 * they serve at.
 */
import type { ActivityType } from '../../../../shared/volunteers/states.js';

/** What a volunteer says it can do (free words, as on the registration form). */
export const SKILLS = [
  '陪伴聊天', '助餐送餐', '理发', '家电维修', '缝补', '法律咨询', '医疗保健', '心理疏导', '书法', '绘画', '摄影', '声乐',
  '舞蹈', '电脑操作', '英语', '财务记账', '驾驶', '手语', '急救', '文字宣传', '活动组织', '物资搬运', '收银理货', '课业辅导',
] as const;

/** Weekday slots of the registration form (am / pm / evening). */
export const AVAILABILITY = [
  'mon_am', 'mon_pm', 'tue_am', 'tue_pm', 'wed_am', 'wed_pm', 'thu_am', 'thu_pm', 'fri_am', 'fri_pm',
  'sat_am', 'sat_pm', 'sun_am', 'sun_pm', 'weekday_evening',
] as const;

export interface TeamText {
  name: string;
  description: string;
  /** The registry organisation it belongs to, by name (organizations.ts), when it belongs to one. */
  organization?: string;
  /** Led by the centre's social worker (社工引领义工). */
  socialWorker?: boolean;
  /** Roughly how many members. */
  size: number;
}

const STATION = '长寿社区义工服务总站';

/** 52 teams: the seed's named ones first, then one per community and service. */
export const TEAMS: TeamText[] = [
  { name: '长寿社区义工服务总站', description: '统筹社区义工招募登记、培训和调配，服务社区百姓。', organization: STATION, socialWorker: true, size: 40 },
  { name: '慈善超市志愿服务队', description: '在长寿社区慈善超市接收捐赠、整理衣物、理货收银、接待困难群众。', organization: '长寿社区慈善超市', socialWorker: true, size: 160 },
  { name: '救助管理义工队', description: '参与流浪乞讨人员救助管理：上街巡视，宣传、劝告、疏导，发放救助指南。', organization: STATION, socialWorker: true, size: 50 },
  { name: '平安巡逻队', description: '夜间与节假日社区平安巡逻，协助群防群治。', organization: STATION, size: 60 },
  { name: '助老服务队', description: '为独居、高龄老人上门陪伴、代购、助餐。', organization: STATION, socialWorker: true, size: 70 },
  { name: '老年日托所志愿服务队', description: '在四个老年日托所协助午餐、康乐活动和健康监测。', organization: STATION, size: 45 },
  { name: '申新养老院志愿服务队', description: '到申新养老院陪伴老人、协助洗浴日和文娱活动。', organization: '申新养老院', size: 40 },
  { name: '助残服务队', description: '为残疾人提供出行陪同、手工艺培训助教和上门探访。', organization: STATION, socialWorker: true, size: 35 },
  { name: '帮困助学志愿服务队', description: '走访困难家庭学生，协助帮困助学金发放和结对帮扶。', organization: '长寿社区慈善超市', size: 30 },
  { name: '法律援助志愿服务队', description: '律师、退休法官在社区提供免费法律咨询。', organization: STATION, size: 18 },
  { name: '医疗保健志愿服务队', description: '退休医护人员义诊、量血压、健康讲座。', organization: STATION, size: 30 },
  { name: '心理关爱志愿服务队', description: '心理咨询师为居民提供心理疏导和热线陪伴。', organization: STATION, socialWorker: true, size: 16 },
  { name: '家电维修便民服务队', description: '每月定点为居民免费修理小家电。', organization: STATION, size: 20 },
  { name: '理发便民服务队', description: '为行动不便的老人上门理发。', organization: STATION, size: 14 },
  { name: '绿色环保志愿服务队', description: '垃圾分类宣传、指导和桶边值守。', organization: '三维服务社', size: 60 },
  { name: '护绿志愿服务队', description: '养护社区绿地和长寿公园花木。', organization: '三维服务社', size: 30 },
  { name: '苏州河畔护河队', description: '巡护苏州河长寿段河岸，劝阻乱扔垃圾。', organization: '三维服务社', size: 28 },
  { name: '市容环境志愿服务队', description: '劝导乱设摊、乱张贴，维护街面整洁。', organization: '三维服务社', size: 30 },
  { name: '文明交通志愿服务队', description: '高峰时段在路口劝导文明出行。', organization: STATION, size: 40 },
  { name: '青少年课业辅导队', description: '大学生和退休教师为社区青少年辅导功课。', organization: STATION, size: 30 },
  { name: '暑期青少年志愿服务队', description: '组织社区青少年假期参加公益服务。', organization: STATION, size: 35 },
  { name: '文化宣传志愿服务队', description: '出黑板报、编社区小报、拍摄活动照片。', organization: STATION, size: 20 },
  { name: '长寿公园周周演志愿服务队', description: '协助长寿公园“周周演”的场地布置、秩序维护和音响。', organization: STATION, size: 25 },
  { name: '社区学校志愿讲师团', description: '在长寿社区学校讲授书画、摄影、电脑和英语。', organization: STATION, size: 22 },
  { name: '就业援助志愿服务队', description: '协助“4050”人员职业指导和技能培训报名。', organization: STATION, socialWorker: true, size: 18 },
  { name: '应急救援志愿服务队', description: '防汛防台、消防演练和应急处置协助。', organization: STATION, size: 30 },
  { name: '社区议事志愿服务队', description: '协助居民议事会、听证会的组织和记录。', organization: STATION, size: 16 },
  { name: '禁毒宣传志愿服务队', description: '在社区开展禁毒知识宣传。', organization: STATION, size: 15 },
  { name: '计划生育志愿服务队', description: '开展优生优育、母婴健康宣传。', organization: STATION, size: 14 },
  { name: '防范电信诈骗宣传队', description: '入户和街头宣传防范电信诈骗知识。', organization: STATION, size: 20 },
  { name: '楼组长志愿服务队', description: '楼组长联系邻里、传达信息、发现困难。', organization: STATION, size: 45 },
  { name: '党员志愿服务队', description: '在职党员回社区报到，参与社区服务。', organization: STATION, size: 50 },
  { name: '巾帼志愿服务队', description: '妇女志愿者关爱单亲家庭和留守儿童。', organization: STATION, size: 25 },
  { name: '手语志愿服务队', description: '为聋哑居民提供手语翻译和陪同办事。', organization: STATION, size: 10 },
  { name: '助餐送餐志愿服务队', description: '为高龄独居老人送午餐上门。', organization: STATION, size: 30 },
  { name: '老年人智能手机辅导队', description: '教老人用智能手机挂号、支付和视频通话。', organization: STATION, size: 20 },
  { name: '献血志愿服务队', description: '无偿献血宣传和献血现场服务。', organization: STATION, size: 15 },
  { name: '武宁社区义工分队', description: '武宁社区的邻里互助和楼道清洁。', organization: STATION, size: 30 },
  { name: '普雄社区义工分队', description: '普雄社区的邻里互助和独居老人探访。', organization: STATION, size: 30 },
  { name: '梅芳社区义工分队', description: '梅芳社区的邻里互助和环境整治。', organization: STATION, size: 30 },
  { name: '沪西社区义工分队', description: '沪西社区的邻里互助和助老服务。', organization: STATION, size: 30 },
  { name: '曹家村社区义工分队', description: '曹家村社区的邻里互助和平安守护。', organization: STATION, size: 30 },
  { name: '西康社区义工分队', description: '西康社区的邻里互助和文体活动。', organization: STATION, size: 30 },
  { name: '大洋社区义工分队', description: '大洋社区的邻里互助和帮困送温暖。', organization: STATION, size: 30 },
  { name: '昌化社区义工分队', description: '昌化社区的邻里互助和老旧小区服务。', organization: STATION, size: 30 },
  { name: '楼宇白领志愿服务队', description: '长寿路商务楼宇白领利用午间和周末参与社区服务。', organization: STATION, size: 35 },
  { name: '中环集团职工志愿服务队', description: '社区单位中环集团职工结对帮困、周末服务。', organization: STATION, size: 25 },
  { name: '大学生志愿服务队', description: '高校学生寒暑假回社区服务。', organization: STATION, size: 30 },
  { name: '老年协会志愿服务队', description: '低龄老人服务高龄老人（老伙伴计划）。', organization: STATION, size: 40 },
  { name: '书画义工队', description: '春节为居民写春联，组织书画展。', organization: STATION, size: 15 },
  { name: '摄影义工队', description: '为社区活动拍照存档，为老人拍摄免费肖像。', organization: STATION, size: 15 },
  { name: '慈善募捐志愿服务队', description: '协助慈善超市的募捐日、助学募集和物资分发。', organization: '长寿社区慈善超市', size: 30 },
];

/** Where activities happen. */
export const PLACES = {
  supermarket: '长寿社区慈善超市（长寿路街道）',
  park: '长寿公园',
  dayCare: '武宁社区老年日托所',
  nursingHome: '申新养老院',
  riverside: '苏州河长寿段步道',
  school: '长寿社区学校',
  centre: '长寿路街道社区民间组织服务中心',
  crossing: '长寿路武宁路路口',
  mengqing: '梦清园',
} as const;

export interface ActivityText {
  title: string;
  type: ActivityType;
  description: string;
  place: string;
  /** Team that runs it (name in TEAMS). */
  team: string;
  /** Owner organisation by name; the centre when none. */
  owner?: string;
  skills: string[];
  /** ISO weekday (1 = Monday … 7 = Sunday) and China times of its shifts. */
  weekday: number;
  from: string;
  to: string;
  /** Every `every` weeks. */
  every: number;
  quota: number;
}

/** The charity supermarket's service of 2006 [003]: 1,320 person-times, 3,960 hours. */
export const SUPERMARKET_2006 = {
  title: '慈善超市义工值班（2006年度）',
  description: '接收社区居民和单位捐赠的衣被、家电和日用品，整理上架，接待持救助卡的困难群众。每班3小时。',
} as const;

/** The activities of the last two years (2025–2026) and the coming weeks. */
export const CURRENT_ACTIVITIES: ActivityText[] = [
  { title: '慈善超市义工值班', type: 'charity_supermarket', description: '慈善超市日常值班：接收捐赠、整理上架、接待困难群众。', place: PLACES.supermarket, team: '慈善超市志愿服务队', owner: '长寿社区慈善超市', skills: ['收银理货', '物资搬运'], weekday: 2, from: '09:00', to: '12:00', every: 1, quota: 4 },
  { title: '慈善超市周六募捐日', type: 'charity_supermarket', description: '周六集中接收捐赠，登记造册。', place: PLACES.supermarket, team: '慈善募捐志愿服务队', owner: '长寿社区慈善超市', skills: ['财务记账'], weekday: 6, from: '13:30', to: '16:30', every: 2, quota: 5 },
  { title: '独居老人上门探访', type: 'elderly', description: '两人一组探访独居、高龄老人，陪伴聊天，了解需求。', place: '长寿路街道各居民区', team: '助老服务队', skills: ['陪伴聊天'], weekday: 3, from: '14:00', to: '16:30', every: 1, quota: 6 },
  { title: '老年日托所午间助餐', type: 'elderly', description: '协助日托所老人午餐和午后康乐活动。', place: PLACES.dayCare, team: '老年日托所志愿服务队', skills: ['助餐送餐'], weekday: 4, from: '10:30', to: '13:00', every: 2, quota: 4 },
  { title: '申新养老院洗浴日', type: 'elderly', description: '协助申新养老院对周边老式里弄老人免费开放浴室。', place: PLACES.nursingHome, team: '申新养老院志愿服务队', owner: '申新养老院', skills: ['陪伴聊天'], weekday: 5, from: '13:00', to: '16:00', every: 2, quota: 5 },
  { title: '社区夜间平安巡逻', type: 'safety', description: '晚间沿长寿路、武宁路一线巡逻，协助群防群治。', place: '长寿路—武宁路沿线', team: '平安巡逻队', skills: [], weekday: 5, from: '19:00', to: '21:00', every: 1, quota: 6 },
  { title: '救助管理街面巡视', type: 'safety', description: '上街巡视，对乞讨人员宣传、劝告和疏导，发放救助指南。', place: '长寿路商圈', team: '救助管理义工队', skills: ['文字宣传'], weekday: 1, from: '09:30', to: '11:30', every: 2, quota: 4 },
  { title: '长寿公园周周演服务', type: 'culture', description: '周周演的场地布置、秩序维护和音响。', place: PLACES.park, team: '长寿公园周周演志愿服务队', skills: ['活动组织', '声乐'], weekday: 7, from: '09:00', to: '11:30', every: 1, quota: 5 },
  { title: '垃圾分类桶边值守', type: 'environment', description: '早间投放时段桶边指导垃圾分类。', place: '武宁社区', team: '绿色环保志愿服务队', owner: '三维服务社', skills: [], weekday: 6, from: '07:00', to: '09:00', every: 1, quota: 4 },
  { title: '苏州河畔护河行动', type: 'environment', description: '沿苏州河长寿段拾捡垃圾、宣传护河。', place: PLACES.riverside, team: '苏州河畔护河队', owner: '三维服务社', skills: [], weekday: 7, from: '14:00', to: '16:00', every: 2, quota: 8 },
  { title: '青少年周末课业辅导', type: 'children', description: '为困难家庭和随迁子女辅导功课。', place: PLACES.school, team: '青少年课业辅导队', skills: ['课业辅导'], weekday: 6, from: '09:30', to: '11:30', every: 2, quota: 4 },
  { title: '助残手工坊助教', type: 'disability', description: '协助残疾人手工艺品制作培训班。', place: PLACES.centre, team: '助残服务队', skills: ['缝补', '绘画'], weekday: 2, from: '14:00', to: '16:00', every: 2, quota: 3 },
  { title: '社区义诊量血压', type: 'health', description: '退休医护人员义诊、量血压、讲解慢病用药。', place: PLACES.centre, team: '医疗保健志愿服务队', skills: ['医疗保健'], weekday: 4, from: '14:00', to: '16:00', every: 2, quota: 4 },
  { title: '老年人智能手机辅导', type: 'other', description: '教老人用手机挂号、支付和视频通话。', place: PLACES.school, team: '老年人智能手机辅导队', skills: ['电脑操作'], weekday: 3, from: '09:30', to: '11:30', every: 2, quota: 4 },
  { title: '居民议事会记录服务', type: 'community_affairs', description: '协助居民议事会签到、记录和意见整理。', place: PLACES.centre, team: '社区议事志愿服务队', skills: ['文字宣传'], weekday: 1, from: '18:30', to: '20:30', every: 4, quota: 3 },
];

/** Paper records typed in when the centre went online: what a veteran did, by year, before 2025. */
export const BACKFILL = {
  reason: (year: number) => `${year}年服务时长补录（义工服务总站纸质签到表）`,
  title: '历年义工服务（纸质记录补录）',
  description: '义工服务总站 2007–2024 年纸质签到表中的服务时长，经核对后补录。',
} as const;

/** The reason staff gave when reversing an approved entry. */
export const REVERSAL_REASON = '签到表核对有误：该义工当日请假，由他人代签，冲销此条时长';
export const REJECTION_REASON = '签退时间与值班表不符，请重新提交';

/** As the star-award trigger names them (migration 0033). */
export const STAR_TITLES = ['一星级志愿者', '二星级志愿者', '三星级志愿者', '四星级志愿者', '五星级志愿者'] as const;
export const HONOURS = [
  { title: '长寿路街道优秀义工', awardedBy: '长寿路街道办事处' },
  { title: '普陀区优秀志愿者', awardedBy: '普陀区文明办' },
] as const;

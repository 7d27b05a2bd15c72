import { todayInChina } from '../../../../shared/dates.js';
import type { CategoryCode } from './categories.js';
import type { OrgInsert, SeedBuilder } from './builder.js';
import {
  CHANGSHOU,
  communitiesOf,
  DONGCHENG_STREET_NAMES,
  DONGCHENG_STREETS,
  LUYANG,
  LUYANG_STREETS,
  WULIQIAO,
  YANJI,
} from './regions.js';
import { splitExact, type Rng } from './prng.js';

/** Finds the community of a street whose short name opens `name` (after an optional district prefix). */
function regionForName(street: string, name: string): string {
  for (const c of communitiesOf(street)) if (name.includes(c.name)) return c.code;
  return street;
}

function unique(rng: Rng, count: number, make: () => string, taken: Set<string>): string[] {
  const out: string[] = [];
  let guard = 0;
  while (out.length < count) {
    if (++guard > count * 200) throw new Error('name space exhausted');
    const n = make();
    if (taken.has(n)) continue;
    taken.add(n);
    out.push(n);
  }
  return out;
}

const STAGES = ['sprout', 'growing', 'growing', 'supporting'] as const;

// ---------------------------------------------------------------------------------------------
// 五里桥街道 [000]: 32 organisations in four categories; 5A ×6, 4A ×3.
// ---------------------------------------------------------------------------------------------
type W = [name: string, form: 'social_group' | 'social_service_agency' | 'community_org', cat: CategoryCode, grade?: '3A' | '4A' | '5A'];
const WULIQIAO_ORGS: W[] = [
  ['德同宜居服务社', 'social_service_agency', 'life_services', '5A'],
  ['五里桥社区助老服务社', 'social_service_agency', 'life_services', '3A'],
  ['黄浦区五里桥社区睦邻家园服务中心', 'social_service_agency', 'life_services'],
  ['五里桥街道为老服务中心', 'social_service_agency', 'life_services', '4A'],
  ['桑园社区邻里互助会', 'community_org', 'life_services'],
  ['瞿溪居民生活服务社', 'community_org', 'life_services'],
  ['黄浦区五里桥社区家政服务中心', 'social_service_agency', 'life_services'],
  ['鲁班社区邻里守望服务社', 'community_org', 'life_services'],
  ['丽园社区健康自我管理小组', 'community_org', 'life_services'],
  ['黄浦区五里桥社区食堂服务社', 'social_service_agency', 'life_services'],
  ['上海阳光善行公益事务中心', 'social_service_agency', 'charity', '5A'],
  ['“星空梦之翼”青年公益团队', 'community_org', 'charity'],
  ['五里桥社区慈善超市', 'social_service_agency', 'charity', '5A'],
  ['黄浦区五里桥街道慈善救助服务社', 'social_service_agency', 'charity'],
  ['五里桥街道志愿者协会', 'social_group', 'charity', '5A'],
  ['黄浦区五里桥社区公益服务发展中心', 'social_service_agency', 'charity', '5A'],
  ['打浦社区爱心帮困服务社', 'community_org', 'charity'],
  ['五里桥街道助残服务社', 'social_service_agency', 'charity'],
  ['龙华东社区青少年关爱服务站', 'community_org', 'charity'],
  ['洄澜心理咨询中心', 'social_service_agency', 'mediation', '5A'],
  ['黄浦区五里桥街道人民调解协会', 'social_group', 'mediation'],
  ['五里桥社区法律服务社', 'social_service_agency', 'mediation', '4A'],
  ['黄浦区五里桥社区调解服务中心', 'social_service_agency', 'mediation'],
  ['桑园社区楼组议事会', 'community_org', 'mediation'],
  ['五里桥街道体育健身协会', 'social_group', 'culture_sports', '4A'],
  ['五里桥街道老年协会', 'social_group', 'culture_sports'],
  ['黄浦区五里桥社区文化促进中心', 'social_service_agency', 'culture_sports', '3A'],
  ['五里桥街道书画协会', 'social_group', 'culture_sports'],
  ['瞿溪社区文体团队联合会', 'community_org', 'culture_sports'],
  ['丽园社区合唱团', 'community_org', 'culture_sports'],
  ['打浦社区戏曲沙龙', 'community_org', 'culture_sports'],
  ['五里桥街道棋牌协会', 'social_group', 'culture_sports'],
];

function wuliqiao(b: SeedBuilder): void {
  const rng = b.rng;
  for (const [name, legalForm, category, grade] of WULIQIAO_ORGS) {
    const org = b.org({
      regionCode: legalForm === 'community_org' ? regionForName(WULIQIAO, name) : WULIQIAO,
      legalForm,
      name,
      category,
      grade,
      stage: grade === '5A' ? 'supporting' : legalForm === 'community_org' ? 'sprout' : rng.pick(STAGES),
      foundedOn: rng.date('2006-01-01', '2021-12-31'),
      registrationLevel: legalForm === 'community_org' ? 'street' : 'district',
      businessScope: legalForm === 'community_org' ? undefined : '为社区居民提供公益服务、专业支持与能力建设',
      activityContent: legalForm === 'community_org' ? '社区公益活动与邻里互助' : undefined,
    });
    if (legalForm === 'community_org') b.addMembers(org, b.roster(rng.int(6, 15), rng.int(1, 5)));
  }
  // A few filed teams; the seed's 32 counts organisations, not teams.
  const teams: [string, CategoryCode][] = [
    ['桑园社区太极拳队', 'fitness'],
    ['打浦社区广场舞队', 'fitness'],
    ['瞿溪社区沪剧沙龙', 'entertainment'],
    ['鲁班社区编织小组', 'hobby'],
    ['丽园社区平安巡逻队', 'public_service'],
  ];
  for (const [name, category] of teams) {
    const t = b.org({ regionCode: regionForName(WULIQIAO, name), legalForm: 'grassroots_team', name, category, starRating: rng.int(2, 5) });
    b.addMembers(t, b.roster(rng.int(8, 25), rng.int(4, 8)));
  }
}

/** The month (YYYY-MM, China time) a team was filed in. */
const filedMonth = (t: OrgInsert) => todayInChina(t.filedAt as Date).slice(0, 7);

// ---------------------------------------------------------------------------------------------
// 长寿路街道 [003]: 95 organisations (53 民办非企业单位) and 193 filed teams
// (体育健身 94, 文化娱乐 67, 休闲爱好 21, 公益服务 11) with 4037 members, 2397 aged 60+.
// ---------------------------------------------------------------------------------------------
export const CHANGSHOU_TEAM_COUNTS: Record<'fitness' | 'entertainment' | 'hobby' | 'public_service', number> = {
  fitness: 94,
  entertainment: 67,
  hobby: 21,
  public_service: 11,
};
export const CHANGSHOU_TEAM_MEMBERS = 4037;
export const CHANGSHOU_TEAM_SENIORS = 2397;

const TEAM_ACTIVITIES: Record<keyof typeof CHANGSHOU_TEAM_COUNTS, string[]> = {
  fitness: [
    '太极拳队', '太极剑队', '木兰扇队', '木兰拳队', '腰鼓队', '健身操队', '广场舞队', '排舞队', '柔力球队', '乒乓球队',
    '门球队', '八段锦队', '晨练队', '羽毛球队', '健步走队', '空竹队', '扇子舞队', '秧歌队', '瑜伽队', '健身球队',
    '易筋经队', '五禽戏队', '跳绳队', '踢毽队',
  ],
  entertainment: [
    '合唱队', '沪剧沙龙', '越剧队', '京剧票房', '舞蹈队', '民乐队', '口琴队', '时装表演队', '故事会', '评弹沙龙',
    '交谊舞队', '手风琴队', '朗诵队', '沪语童谣队', '锡剧队', '小品队', '丝竹乐队', '腰鼓艺术团',
  ],
  hobby: ['书画社', '英语社', '诗词小组', '编织小组', '摄影小组', '集邮沙龙', '棋牌队', '花卉养护小组', '剪纸小组', '收藏沙龙', '读书会', '手工编结组'],
  public_service: [
    '平安巡逻队', '助老志愿者服务队', '环保志愿者队', '健康宣传队', '文明劝导队', '楼组互助队', '法律宣传队',
    '助残志愿服务队', '义务理发队', '便民修理队', '爱心编织队',
  ],
};
const TEAM_PLACES = ['长寿公园', '梦清园', '苏州河畔', '长寿'];
const SENIOR_WEIGHT: Record<keyof typeof CHANGSHOU_TEAM_COUNTS, number> = {
  fitness: 1.6,
  entertainment: 1.5,
  hobby: 0.9,
  public_service: 1.1,
};
const TRAINING_TOPICS = ['消防安全知识', '防范电信诈骗', '团队活动安全', '健康养生讲座', '垃圾分类', '文明礼仪', '急救常识', '场地使用规范'];

function changshouOrgs(b: SeedBuilder): OrgInsert {
  const rng = b.rng;
  const taken = new Set<string>();
  const communities = communitiesOf(CHANGSHOU);
  const roads = ['长寿', '武宁', '普雄', '梅芳', '沪西', '西康', '昌化', '安远', '常德', '胶州', '宜昌', '大洋', '曹家渡', '苏州河'];

  // 53 民办非企业单位: the seed's own, then plausible ones.
  const fixedAgencies: [string, CategoryCode][] = [
    ['申新养老院', 'elderly_care'],
    ['世纪之门幼儿园', 'livelihood'],
    ['海曼文化艺术专修学校', 'culture_sports'],
    ['利明职业技能培训学校', 'livelihood'],
    ['长寿社区慈善超市', 'charity'],
    ['三维服务社', 'community_services'],
    ['长寿路街道社区民间组织服务中心', 'social_work'],
    ['长寿社区义工服务总站', 'charity'],
  ];
  const agencyKinds: [string, CategoryCode][] = [
    ['养老院', 'elderly_care'], ['敬老院', 'elderly_care'], ['老年人日间照料中心', 'elderly_care'], ['居家养老服务社', 'elderly_care'],
    ['幼儿园', 'livelihood'], ['职业技能培训学校', 'livelihood'], ['艺术培训中心', 'culture_sports'], ['外语培训学校', 'livelihood'],
    ['社工师事务所', 'social_work'], ['家庭服务社', 'community_services'], ['心理咨询服务中心', 'social_work'],
    ['助残服务社', 'charity'], ['社区服务中心', 'community_services'], ['婚姻家庭指导服务中心', 'community_services'],
    ['健康管理服务中心', 'life_services'], ['计算机培训学校', 'tech_innovation'],
  ];
  const agencies: [string, CategoryCode][] = [...fixedAgencies];
  for (const f of fixedAgencies) taken.add(f[0]);
  while (agencies.length < 53) {
    const [kind, cat] = rng.pick(agencyKinds);
    const name = `${rng.chance(0.5) ? '普陀区' : '上海市普陀区'}${rng.pick(roads)}${kind}`;
    if (taken.has(name)) continue;
    taken.add(name);
    agencies.push([name, cat]);
  }
  for (const [name, category] of agencies) {
    b.org({
      regionCode: CHANGSHOU,
      legalForm: 'social_service_agency',
      name,
      category,
      foundedOn: rng.date('2000-01-01', '2022-12-31'),
      status: rng.chance(0.04) ? 'suspended' : 'registered',
      stage: rng.pick(STAGES),
      grade: rng.chance(0.2) ? rng.pick(['3A', '3A', '4A', '5A'] as const) : undefined,
      businessScope: '社区服务、培训与咨询（以登记证书核准范围为准）',
    });
  }

  // 12 社会团体, among them the teams' federation (R5).
  const groups: [string, CategoryCode][] = [
    ['长寿路街道群众团队联合会', 'culture_sports'],
    ['长寿路街道老年协会', 'elderly_care'],
    ['长寿路街道体育协会', 'fitness'],
    ['长寿路街道书画协会', 'culture_sports'],
    ['长寿路街道志愿者协会', 'charity'],
    ['长寿路街道楼宇企业联合会', 'community_services'],
    ['长寿路街道个体劳动者协会', 'livelihood'],
    ['长寿路街道社区文化协会', 'entertainment'],
    ['长寿路街道摄影协会', 'hobby'],
    ['长寿路街道残疾人协会', 'charity'],
    ['长寿路街道科普协会', 'tech_innovation'],
    ['长寿路街道人民调解协会', 'mediation'],
  ];
  let federation: OrgInsert | undefined;
  for (const [name, category] of groups) {
    const o = b.org({
      regionCode: CHANGSHOU,
      legalForm: 'social_group',
      name,
      category,
      foundedOn: rng.date('2002-08-01', '2015-12-31'),
      stage: rng.pick(STAGES),
      grade: rng.chance(0.25) ? '3A' : undefined,
    });
    federation ??= o;
  }

  // 30 社区社会组织 (filed at the street).
  const coKinds: [string, CategoryCode][] = [
    ['睦邻互助会', 'community_services'], ['为老服务社', 'elderly_care'], ['调解工作室', 'mediation'], ['青少年服务站', 'community_services'],
    ['家庭教育指导站', 'livelihood'], ['健康促进会', 'life_services'], ['环保志愿者协会', 'public_service'], ['楼组议事会', 'mediation'],
    ['助餐服务点', 'life_services'], ['平安志愿者协会', 'public_service'],
  ];
  let co = 0;
  while (co < 30) {
    const c = rng.pick(communities);
    const [kind, category] = rng.pick(coKinds);
    const name = `${c.name}社区${kind}`;
    if (taken.has(name)) continue;
    taken.add(name);
    co++;
    const o = b.org({ regionCode: c.code, legalForm: 'community_org', name, category, stage: 'sprout', foundedOn: rng.date('2008-01-01', '2024-06-30') });
    b.addMembers(o, b.roster(rng.int(5, 12), rng.int(1, 6)));
  }
  return federation!;
}

function changshouTeams(b: SeedBuilder, federation: OrgInsert): void {
  const rng = b.rng;
  const communities = communitiesOf(CHANGSHOU);
  const taken = new Set<string>(['武宁社区太极拳队', '老妈妈合唱队']);
  type Cat = keyof typeof CHANGSHOU_TEAM_COUNTS;
  const plan: { name: string; activity: string; category: Cat; regionCode: string }[] = [
    { name: '武宁社区太极拳队', activity: '太极拳队', category: 'fitness', regionCode: communities[0].code },
    { name: '老妈妈合唱队', activity: '合唱队', category: 'entertainment', regionCode: CHANGSHOU },
  ];
  const counted: Record<Cat, number> = { fitness: 1, entertainment: 1, hobby: 0, public_service: 0 };
  for (const category of Object.keys(CHANGSHOU_TEAM_COUNTS) as Cat[]) {
    while (counted[category] < CHANGSHOU_TEAM_COUNTS[category]) {
      const activity = rng.pick(TEAM_ACTIVITIES[category]);
      const r = rng.next();
      let name: string;
      let regionCode: string;
      if (r < 0.55) {
        const c = rng.pick(communities);
        name = `${c.name}社区${activity}`;
        regionCode = c.code;
      } else if (r < 0.8) {
        const c = rng.pick(communities);
        name = `${c.name}${activity}`;
        regionCode = c.code;
      } else {
        name = `${rng.pick(TEAM_PLACES)}${activity}`;
        regionCode = CHANGSHOU;
      }
      if (taken.has(name)) {
        // A second team of the same kind in one place carries a number, as real rosters do.
        name = name.replace(/(队|社|组|会|团|房|沙龙)$/, (m) => `二${m}`);
        if (taken.has(name)) continue;
      }
      taken.add(name);
      plan.push({ name, activity, category, regionCode });
      counted[category]++;
    }
  }

  // Team sizes sum exactly to 4037; exactly 2397 seniors, drawn with category weights
  // (weighted sampling without replacement: the smallest keys -ln(u)/w win).
  const sizes = splitExact(rng, CHANGSHOU_TEAM_MEMBERS, plan.length, 8, 40);
  const keys: { team: number; key: number }[] = [];
  plan.forEach((p, i) => {
    for (let j = 0; j < sizes[i]; j++) keys.push({ team: i, key: -Math.log(1 - rng.next()) / SENIOR_WEIGHT[p.category] });
  });
  keys.sort((a, b2) => a.key - b2.key);
  const seniors = new Array<number>(plan.length).fill(0);
  for (let k = 0; k < CHANGSHOU_TEAM_SENIORS; k++) seniors[keys[k].team]++;

  const teams: OrgInsert[] = [];
  plan.forEach((p, i) => {
    const founded = rng.date('2003-01-01', '2025-06-30');
    const t = b.org({
      regionCode: p.regionCode,
      legalForm: 'grassroots_team',
      name: p.name,
      category: p.category,
      foundedOn: founded,
      filedYear: Math.max(2004, Number(founded.slice(0, 4))),
      starRating: rng.chance(0.45) ? rng.int(1, 5) : undefined,
      registrationLevel: 'street',
      parentId: federation.id,
      activityContent: `${p.activity.replace(/(队|社|组|会|团|房|沙龙)$/, '')}日常活动、排练与社区展演`,
      venue: p.regionCode === CHANGSHOU ? `${rng.pick(TEAM_PLACES)}活动场地` : `${communities.find((c) => c.code === p.regionCode)?.name ?? ''}社区活动室`,
    });
    b.addMembers(t, b.roster(sizes[i], seniors[i], p.category === 'public_service' ? 0.5 : 0.7));
    teams.push(t);
  });

  // "六个一" monthly reports for the last three complete months: ~85% report, ~80% of them compliant.
  // Only months after the one a team was filed in; all three are over by DEMO_NOW, and each report
  // was sent in the first days of the next month, before DEMO_NOW. Every team has a leader on its
  // roster and a venue, so a shortfall is among the items a month can lack.
  for (const month of ['2026-08-01', '2026-09-01', '2026-10-01']) {
    const [y, m] = month.split('-').map(Number);
    for (const t of teams) {
      if (!rng.chance(0.85)) continue;
      if (filedMonth(t) >= month.slice(0, 7)) continue;
      const compliant = rng.chance(0.8);
      const items = { responsiblePerson: true, flag: true, venuePermit: true, meetingHeld: true, trainingHeld: true, reportForm: true };
      if (!compliant) {
        const lackable = ['flag', 'meetingHeld', 'trainingHeld', 'reportForm'] as const;
        for (const k of rng.shuffle([...lackable]).slice(0, rng.int(1, 2))) items[k] = false;
      }
      const day = String(rng.int(3, 26)).padStart(2, '0');
      const sent = new Date(Date.UTC(y, m, rng.int(1, 4), rng.int(1, 9)));
      b.reports.push({
        id: rng.uuid(),
        organizationId: t.id!,
        regionCode: t.regionCode,
        month,
        ...items,
        // 一人负责: the roster's leader, named; the venue permit is for the team's recorded venue.
        responsiblePersonName: t.leaderName,
        venue: t.venue,
        version: 1,
        meetingDate: items.meetingHeld ? `${month.slice(0, 8)}${day}` : null,
        trainingTopic: items.trainingHeld ? rng.pick(TRAINING_TOPICS) : null,
        submittedAt: sent,
      });
    }
  }

  // One correction (更正), on td.taiji's team: its first report of the three said no training was held;
  // the leader corrected it two days later with the reason. The first version stays in the history.
  const corrected = b.reports.find((r) => r.organizationId === teams[0].id);
  if (corrected) {
    b.reportHistory.push({ ...corrected, version: 1, trainingHeld: false, trainingTopic: null });
    Object.assign(corrected, {
      trainingHeld: true,
      trainingTopic: '太极拳基本功与防跌倒',
      version: 2,
      correctionReason: '培训签到表补交：本月已开展培训',
      submittedAt: new Date((corrected.submittedAt as Date).getTime() + 2 * 86400000),
    });
  }

  // The filing queue: 3 teams submitted for filing and 2 still in draft. They are EXTRA to the
  // seed's 193, which counts filed teams; their rosters are not part of the 4037 either.
  const queue: [string, 'fitness' | 'entertainment' | 'hobby', 'submitted' | 'draft', number][] = [
    ['梅芳社区柔力球二队', 'fitness', 'submitted', 0],
    ['普雄社区葫芦丝队', 'entertainment', 'submitted', 0],
    ['沪西社区围棋兴趣小组', 'hobby', 'submitted', 0],
    ['西康社区健身气功队', 'fitness', 'draft', 0],
    ['昌化社区旗袍走秀队', 'entertainment', 'draft', 0],
  ];
  queue.forEach(([name, category, status], i) => {
    const region = regionForName(CHANGSHOU, name);
    const t = b.org({
      regionCode: region,
      legalForm: 'grassroots_team',
      name,
      category,
      status,
      foundedOn: `2026-${String(8 + (i % 3)).padStart(2, '0')}-${String(5 + i).padStart(2, '0')}`,
      registrationLevel: 'street',
      activityContent: '每周两次集体活动，节假日参加社区展演',
      venue: `${communities.find((c) => c.code === region)?.name ?? '长寿'}社区活动室`,
    });
    b.addMembers(t, b.roster(rng.int(6, 15), rng.int(2, 6)));
    if (status === 'submitted') {
      const submittedAt = new Date(Date.UTC(2026, 9, 20 + i, 2, 30));
      const id = rng.uuid();
      b.filings.push({
        id,
        organizationId: t.id!,
        regionCode: t.regionCode,
        kind: 'initial',
        state: 'submitted',
        payload: {},
        submittedAt,
        createdAt: new Date(submittedAt.getTime() - 3 * 86400000),
        updatedAt: submittedAt,
      });
      b.history.push({ entityId: id, regionCode: t.regionCode, at: submittedAt, submittedBy: t.leaderName ?? t.name! });
      t.updatedAt = submittedAt;
    }
  });
}

// ---------------------------------------------------------------------------------------------
// 延吉新村街道 [002]: 13 public-service organisations and about 20 teams.
// ---------------------------------------------------------------------------------------------
function yanji(b: SeedBuilder): void {
  const rng = b.rng;
  const orgs: [string, 'social_group' | 'social_service_agency' | 'community_org', CategoryCode][] = [
    ['知行社工师事务所', 'social_service_agency', 'social_work'],
    ['上海东方家园社区事务推展中心', 'social_service_agency', 'community_services'],
    ['上海心之火种大学生志愿团队', 'community_org', 'charity'],
    ['杨浦区延吉社区公益服务社', 'social_service_agency', 'public_service'],
    ['杨浦区延吉社区健康服务中心', 'social_service_agency', 'life_services'],
    ['延吉社区助老服务社', 'social_service_agency', 'elderly_care'],
    ['延吉社区慈善超市', 'social_service_agency', 'charity'],
    ['杨浦区延吉社区青少年发展中心', 'social_service_agency', 'community_services'],
    ['延吉新村街道老年协会', 'social_group', 'elderly_care'],
    ['延吉新村街道睦邻文化促进会', 'social_group', 'culture_sports'],
    ['延吉新村街道志愿者协会', 'social_group', 'charity'],
    ['延吉一村睦邻议事会', 'community_org', 'mediation'],
    ['延吉三村邻里互助社', 'community_org', 'community_services'],
  ];
  for (const [name, legalForm, category] of orgs) {
    const o = b.org({
      regionCode: legalForm === 'community_org' ? regionForName(YANJI, name) : YANJI,
      legalForm,
      name,
      category,
      stage: rng.pick(STAGES),
      grade: legalForm !== 'community_org' && rng.chance(0.3) ? rng.pick(['3A', '4A'] as const) : undefined,
      foundedOn: rng.date('2008-01-01', '2020-12-31'),
    });
    if (legalForm === 'community_org') b.addMembers(o, b.roster(rng.int(6, 14), rng.int(1, 4)));
  }
  const cats = ['fitness', 'entertainment', 'hobby', 'public_service'] as const;
  const taken = new Set<string>();
  let n = 0;
  while (n < 20) {
    const c = rng.pick(communitiesOf(YANJI));
    const category = cats[n % 4];
    const name = `${c.name}${rng.pick(TEAM_ACTIVITIES[category])}`;
    if (taken.has(name)) continue;
    taken.add(name);
    n++;
    const t = b.org({ regionCode: c.code, legalForm: 'grassroots_team', name, category, starRating: rng.chance(0.4) ? rng.int(1, 5) : undefined });
    b.addMembers(t, b.roster(rng.int(8, 25), rng.int(3, 8)));
  }
}

// ---------------------------------------------------------------------------------------------
// 庐阳区 [001]: at the end of November 2020, 866 organisations: 428 registered at the district and
// 438 filed at the streets and townships. The seed names the five social-work agencies below and
// the district's innovation park; it gives no per-street figures, so the 438 are spread over the
// district's ten streets and townships. Nothing in the demo was founded after that month.
// ---------------------------------------------------------------------------------------------
export const LUYANG_FIGURES = { total: 866, registered: 428, filed: 438, asOf: '2020-11-30' };

function luyang(b: SeedBuilder): void {
  const rng = b.rng;
  const named: [string, CategoryCode][] = [
    ['合肥市庐阳区实创社会工作服务中心', 'social_work'],
    ['合肥市庐阳区社彩社会工作服务中心', 'social_work'],
    ['合肥市庐阳区安泰社会工作服务中心', 'social_work'],
    ['合肥市庐阳区恒信社会工作服务中心', 'social_work'],
    ['合肥市庐阳区常青藤社会工作服务中心', 'social_work'],
    ['庐阳区社会组织创新园运营中心', 'tech_innovation'],
  ];
  const taken = new Set(named.map((n) => n[0]));
  // The "1+2" policy's priorities come first: 民生服务, 社区服务, 公益慈善, 科技创新 [001].
  const words = [
    '益家', '同心', '阳光', '邻里', '和美', '红枫', '知心', '启航', '暖阳', '善水', '明德', '新芽', '逍遥津', '杏花', '亳州路', '双岗',
    '四牌楼', '淮河', '金寨', '包河', '庐州', '大蜀山', '徽韵', '乐龄', '惠民', '爱馨', '仁和', '博远', '睿思', '众创', '悦邻', '安居',
    '春晖', '向善', '青松', '德馨', '翰林', '金秋', '晨曦', '慧谷',
  ];
  const kinds: [kind: string, CategoryCode, form: 'social_group' | 'social_service_agency'][] = [
    ['社会工作服务中心', 'social_work', 'social_service_agency'], ['社工服务社', 'social_work', 'social_service_agency'],
    ['养老服务中心', 'elderly_care', 'social_service_agency'], ['居家养老服务站', 'elderly_care', 'social_service_agency'],
    ['社区发展中心', 'community_services', 'social_service_agency'], ['社区服务中心', 'community_services', 'social_service_agency'],
    ['民生服务社', 'livelihood', 'social_service_agency'], ['职业技能培训学校', 'livelihood', 'social_service_agency'],
    ['青少年成长服务中心', 'community_services', 'social_service_agency'], ['科技志愿服务中心', 'tech_innovation', 'social_service_agency'],
    ['科普服务中心', 'tech_innovation', 'social_service_agency'], ['公益服务中心', 'charity', 'social_service_agency'],
    ['慈善服务社', 'charity', 'social_service_agency'], ['幼儿园', 'livelihood', 'social_service_agency'],
    ['文化艺术协会', 'culture_sports', 'social_group'], ['志愿者协会', 'charity', 'social_group'], ['老年协会', 'elderly_care', 'social_group'],
    ['体育协会', 'culture_sports', 'social_group'], ['书画协会', 'culture_sports', 'social_group'], ['科普协会', 'tech_innovation', 'social_group'],
    ['商会', 'livelihood', 'social_group'], ['慈善协会', 'charity', 'social_group'],
  ];
  const kindOf = (name: string) => kinds.find(([k]) => name.endsWith(k))!;
  const generated = unique(
    rng,
    LUYANG_FIGURES.registered - named.length,
    () => `庐阳区${rng.pick(words)}${rng.pick(kinds)[0]}`,
    taken,
  );
  const registered: [string, CategoryCode, 'social_group' | 'social_service_agency'][] = [
    ...named.map(([n, c]) => [n, c, 'social_service_agency'] as [string, CategoryCode, 'social_service_agency']),
    ...generated.map((n) => [n, kindOf(n)[1], kindOf(n)[2]] as [string, CategoryCode, 'social_group' | 'social_service_agency']),
  ];
  for (const [name, category, legalForm] of registered) {
    // Registered at the district; most are housed in one of its streets.
    const regionCode = named.some(([n]) => n === name) || rng.chance(0.3) ? LUYANG : rng.pick(LUYANG_STREETS)[0];
    b.org({
      regionCode,
      legalForm,
      name,
      category,
      stage: rng.pick(STAGES),
      status: rng.chance(0.02) ? 'suspended' : 'registered',
      grade: rng.chance(0.15) ? rng.pick(['3A', '3A', '4A', '5A'] as const) : undefined,
      foundedOn: rng.date('2008-01-01', '2018-11-30'),
      registrationLevel: 'district',
      businessScope: '社区服务、社会工作与公益活动（以登记证书核准范围为准）',
    });
  }

  // 438 社区社会组织 filed at the ten streets and townships, each with who/what/where.
  const coKinds: [string, CategoryCode][] = [
    ['邻里互助会', 'community_services'], ['志愿服务队', 'charity'], ['为老服务社', 'elderly_care'], ['文体协会', 'culture_sports'],
    ['读书会', 'culture_sports'], ['调解工作室', 'mediation'], ['环保协会', 'community_services'], ['青少年服务站', 'community_services'],
    ['助残服务社', 'charity'], ['科普志愿队', 'tech_innovation'], ['居民议事会', 'community_services'], ['便民服务社', 'livelihood'],
    ['健康促进会', 'life_services'], ['巾帼志愿服务队', 'charity'], ['平安守护队', 'community_services'],
  ];
  const coWords = [
    '益家', '和睦', '邻里', '暖心', '红色', '夕阳红', '绿色', '微光', '同乐', '书香', '康乐', '小巷', '楼道', '银龄', '七彩', '友邻',
    '向日葵', '心连心', '聚力', '百合',
  ];
  const perStreet = splitExact(rng, LUYANG_FIGURES.filed, LUYANG_STREETS.length, 25, 65);
  LUYANG_STREETS.forEach(([street, streetName], i) => {
    const short = streetName.replace(/(街道|镇|乡)$/, '');
    const names = unique(rng, perStreet[i], () => `${short}${rng.pick(coWords)}${rng.pick(coKinds)[0]}`, taken);
    for (const name of names) {
      const foundedOn = rng.date('2012-01-01', '2020-10-31');
      const o = b.org({
        regionCode: street,
        legalForm: 'community_org',
        name,
        category: coKinds.find(([k]) => name.endsWith(k))![1],
        stage: rng.chance(0.7) ? 'sprout' : 'growing',
        foundedOn,
        registrationLevel: 'street',
      });
      b.addMembers(o, b.roster(rng.int(5, 9), rng.int(1, 4)));
    }
  });
}

// ---------------------------------------------------------------------------------------------
// 东城区 [004]: 330 organisations in 2007, 687 now (+108%): 224 社会团体 and 463 民办非企业单位;
// of the 330 founded before 2008, 116 社团 and 214 民非.
// ---------------------------------------------------------------------------------------------
export const DONGCHENG_FIGURES = { groups: 224, agencies: 463, groupsBefore2008: 116, agenciesBefore2008: 214 };

function dongcheng(b: SeedBuilder): void {
  const rng = b.rng;
  const streetCode = (short: string) => DONGCHENG_STREETS[DONGCHENG_STREET_NAMES.indexOf(short)][0];
  type D = { name: string; street: string; category: CategoryCode; level?: string; before?: boolean };
  const fixedGroups: D[] = ['和平里', '建国门', '朝阳门', '崇文门外', '东华门'].map((s) => ({
    name: `${s === '崇文门外' ? '崇外' : s}街道社区社会组织联合会`,
    street: streetCode(s),
    category: 'community_services',
  }));
  const fixedAgencies: D[] = [
    { name: '北京恩派非营利组织发展中心', street: streetCode('东四'), category: 'social_work', level: 'city' },
    { name: '北京协作者社会工作发展中心', street: streetCode('东直门'), category: 'social_work', level: 'city', before: true },
    { name: '东城区耆乐融长者关爱中心', street: streetCode('和平里'), category: 'elderly_care' },
    { name: '东城区益生活知识传播服务中心', street: streetCode('交道口'), category: 'community_services' },
    { name: '东城区五色土社会工作事务所', street: streetCode('东花市'), category: 'social_work' },
    { name: '东城区社区参与行动服务中心', street: streetCode('朝阳门'), category: 'community_services' },
    { name: '小棉袄居家养老服务中心', street: streetCode('龙潭'), category: 'elderly_care' },
    { name: '引行社工事务所', street: streetCode('建国门'), category: 'social_work' },
    { name: '北京社会生活心理卫生咨询服务中心', street: streetCode('北新桥'), category: 'mediation', level: 'city', before: true },
    { name: '北京爱众慈孝家园养老服务中心', street: streetCode('天坛'), category: 'elderly_care', level: 'city' },
  ];
  const taken = new Set<string>([...fixedGroups, ...fixedAgencies].map((d) => d.name));
  const groupTopics: [string, CategoryCode][] = [
    ['老年', 'elderly_care'], ['书画', 'culture_sports'], ['体育', 'culture_sports'], ['志愿者', 'charity'], ['摄影', 'culture_sports'],
    ['戏曲', 'culture_sports'], ['楹联', 'culture_sports'], ['集邮', 'culture_sports'], ['棋牌', 'culture_sports'], ['健身气功', 'culture_sports'],
    ['太极拳', 'culture_sports'], ['舞蹈', 'culture_sports'], ['合唱', 'culture_sports'], ['民俗文化', 'culture_sports'], ['胡同文化', 'community_services'],
    ['邻里互助', 'community_services'], ['残疾人', 'charity'], ['慈善', 'charity'], ['青少年', 'community_services'], ['科普', 'tech_innovation'],
    ['读书', 'culture_sports'], ['养生', 'life_services'], ['人民调解', 'mediation'], ['商户', 'livelihood'], ['物业管理', 'livelihood'],
  ];
  const groupKinds = ['协会', '联合会', '研究会', '促进会'];
  const agencyTopics: [string, CategoryCode][] = [
    ['居家养老', 'elderly_care'], ['社区养老', 'elderly_care'], ['为老', 'elderly_care'], ['社会工作', 'social_work'], ['心理健康', 'mediation'],
    ['家庭教育', 'livelihood'], ['青少年发展', 'community_services'], ['社区服务', 'community_services'], ['文化发展', 'culture_sports'],
    ['助残', 'charity'], ['公益', 'charity'], ['健康', 'life_services'], ['便民', 'life_services'], ['法律援助', 'mediation'],
    ['科技', 'tech_innovation'], ['职业技能', 'livelihood'], ['非遗传承', 'culture_sports'], ['环保', 'community_services'],
  ];
  const agencyKinds = ['服务中心', '服务社', '发展中心', '事务所', '工作室', '培训学校'];
  const words = ['和谐', '同心', '阳光', '京韵', '胡同', '四合', '暖心', '乐龄', '惠民', '善邻', '雅韵', '金秋', '晨曦', '新桥', '长青', '德润', '嘉和'];
  const gen = (count: number, topics: [string, CategoryCode][], kinds: string[]): D[] =>
    unique(rng, count, () => {
      const s = rng.int(0, 16);
      const [topic] = rng.pick(topics);
      return `东城区${DONGCHENG_STREET_NAMES[s]}${rng.chance(0.35) ? rng.pick(words) : ''}${topic}${rng.pick(kinds)}`;
    }, taken).map((name) => {
      const short = DONGCHENG_STREET_NAMES.find((s) => name.startsWith(`东城区${s}`))!;
      const topic = topics.find(([t]) => name.includes(t))!;
      return { name, street: streetCode(short), category: topic[1] };
    });
  const groups = [...fixedGroups, ...gen(DONGCHENG_FIGURES.groups - fixedGroups.length, groupTopics, groupKinds)];
  const agencies = [...fixedAgencies, ...gen(DONGCHENG_FIGURES.agencies - fixedAgencies.length, agencyTopics, agencyKinds)];

  const place = (list: D[], legalForm: 'social_group' | 'social_service_agency', before: number) => {
    // Exactly `before` of them were founded before 2008; named ones keep their flag when they have one.
    const flagged = list.map((d) => d.before === true);
    let need = before - flagged.filter(Boolean).length;
    const order = rng.shuffle(list.map((_, i) => i).filter((i) => !flagged[i] && list[i].before === undefined && !fixedAgencies.includes(list[i])));
    for (const i of order) {
      if (need <= 0) break;
      flagged[i] = true;
      need--;
    }
    list.forEach((d, i) => {
      const comms = communitiesOf(d.street);
      const regionCode = comms.length > 0 && rng.chance(0.15) ? rng.pick(comms).code : d.street;
      b.org({
        regionCode,
        legalForm,
        name: d.name,
        category: d.category,
        foundedOn: flagged[i] ? rng.date('2000-01-01', '2007-12-31') : rng.date('2008-01-01', '2020-12-31'),
        status: rng.chance(0.02) ? 'suspended' : 'registered',
        stage: rng.pick(STAGES),
        grade: rng.chance(0.12) ? rng.pick(['2A', '3A', '3A', '4A', '5A'] as const) : undefined,
        registrationLevel: d.level ?? 'district',
        businessScope: '为辖区居民和社会组织提供服务（以登记证书核准范围为准）',
      });
    });
  };
  place(groups, 'social_group', DONGCHENG_FIGURES.groupsBefore2008);
  place(agencies, 'social_service_agency', DONGCHENG_FIGURES.agenciesBefore2008);
}

export interface BuiltOrganizations {
  builder: SeedBuilder;
  taijiTeamId: string;
}

export function buildOrganizations(b: SeedBuilder): BuiltOrganizations {
  wuliqiao(b);
  const federation = changshouOrgs(b);
  changshouTeams(b, federation);
  yanji(b);
  luyang(b);
  dongcheng(b);
  b.finish();
  const taiji = b.byName.get('武宁社区太极拳队');
  if (!taiji?.id) throw new Error('demo seed: 武宁社区太极拳队 missing');
  return { builder: b, taijiTeamId: taiji.id };
}


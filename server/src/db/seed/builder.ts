import type {
  registryFilings,
  registryGradeAwards,
  registryMembers,
  registryMonthlyReports,
  registryOrganizations,
  registryStageChanges,
  registryStarRatings,
} from '../../modules/registry/registry.tables.js';
import { DEV_STAGES, type AgeBand, type DevStage, type LegalForm } from '../../../../shared/registry.js';
import { gradeValidUntil, isGradedForm, isRatedForm, isStagedForm, STAR_CRITERIA, STAR_CRITERION_MAX } from '../../../../shared/registry/grades.js';
import { todayInChina } from '../../../../shared/dates.js';
import { orgCodeCheckChar, USCC_ALPHABET, usccCheckChar } from '../../../../shared/validators.js';
import type { CategoryCode } from './categories.js';
import { birthDateAtAge, idNumber, mobilePhone, personName, type Gender } from './names.js';
import type { Rng } from './prng.js';
import { buildRegions } from './regions.js';

export type OrgInsert = typeof registryOrganizations.$inferInsert;
export type MemberInsert = typeof registryMembers.$inferInsert;
export type FilingInsert = typeof registryFilings.$inferInsert;
export type ReportInsert = typeof registryMonthlyReports.$inferInsert;
export type GradeAwardInsert = typeof registryGradeAwards.$inferInsert;
export type StarRatingInsert = typeof registryStarRatings.$inferInsert;
export type StageChangeInsert = typeof registryStageChanges.$inferInsert;

/** "Today" for the demo: figures are as of early November 2026. */
export const DEMO_NOW = new Date('2026-11-05T09:00:00+08:00');
/** DEMO_NOW's calendar date in China: ages and "not in the future" are as of this day. */
export const DEMO_TODAY = '2026-11-05';
const DEMO_YESTERDAY = '2026-11-04';
const DAY = 86400000;

const USCC_TYPE: Partial<Record<LegalForm, string>> = {
  social_group: '1',
  social_service_agency: '2',
  foundation: '3',
};

const STREET_ROADS: Record<string, string[]> = {
  '310107015': ['长寿路', '武宁路', '普雄路', '西康路', '常德路', '胶州路', '昌化路', '陕西北路', '宜昌路', '安远路'],
  '310101020': ['瞿溪路', '蒙自路', '鲁班路', '丽园路', '中山南一路', '局门路', '制造局路'],
  '310110015': ['延吉东路', '延吉中路', '靖宇东路', '控江路', '延吉西路', '内江路'],
};
/** Roads of a whole district, where its streets have none of their own listed. */
const DISTRICT_ROADS: Record<string, string[]> = {
  '340103': ['长江中路', '阜南路', '亳州路', '蒙城路', '杏花路', '濉溪路', '四牌楼', '寿春路', '六安路', '北一环路', '颍州路', '临泉路'],
};
const DONGCHENG_ROADS = [
  '东华门大街', '景山前街', '交道口南大街', '安定门外大街', '北新桥三条', '东四北大街', '朝阳门内大街', '建国门内大街',
  '东直门内大街', '和平里东街', '前门大街', '崇文门外大街', '东花市大街', '龙潭路', '体育馆路', '天坛路', '永定门外大街',
];
const CITY_PREFIX: Record<string, string> = {
  '310101': '上海市黄浦区',
  '310107': '上海市普陀区',
  '310110': '上海市杨浦区',
  '340103': '安徽省合肥市庐阳区',
  '110101': '北京市东城区',
};

export function addressFor(rng: Rng, regionCode: string): string {
  const prefix = CITY_PREFIX[regionCode.slice(0, 6)] ?? '';
  let roads = STREET_ROADS[regionCode.slice(0, 9)] ?? DISTRICT_ROADS[regionCode.slice(0, 6)];
  if (!roads && regionCode.startsWith('110101')) roads = [DONGCHENG_ROADS[Number(regionCode.slice(6, 9)) - 1] ?? '东四北大街'];
  const road = rng.pick(roads ?? ['人民路']);
  return `${prefix}${road}${rng.int(1, 999)}号`;
}

function ts(date: string, rng: Rng): Date {
  return new Date(Date.parse(`${date}T00:00:00+08:00`) + rng.int(9 * 3600, 17 * 3600) * 1000);
}

function laterThan(rng: Rng, from: Date): Date {
  const span = Math.max(0, DEMO_NOW.getTime() - DAY - from.getTime());
  return new Date(from.getTime() + Math.floor(rng.next() * span));
}

/** What an organisation of each category does, for records the seed documents describe no further. */
const CATEGORY_CONTENT: Record<CategoryCode, string> = {
  life_services: '为社区居民提供生活照料、便民服务与健康管理',
  charity: '开展公益慈善、帮困助学与志愿服务',
  mediation: '开展邻里纠纷调解、法律咨询与心理疏导',
  culture_sports: '组织社区文化体育活动、培训与展演',
  fitness: '每周集体健身锻炼，参加社区体育展示活动',
  entertainment: '每周排练，参加社区文艺展演',
  hobby: '定期开展兴趣交流、学习与作品展示',
  public_service: '开展社区志愿服务、平安巡逻与公益宣传',
  livelihood: '提供民生服务、职业技能培训与就业指导',
  community_services: '开展社区服务、邻里互助与居民议事',
  tech_innovation: '开展科普宣传、科技志愿与创新实践活动',
  elderly_care: '为老年人提供助餐、日间照料与精神慰藉',
  social_work: '提供专业社会工作服务与社会组织能力建设',
};

/** Where filed groups meet when the seed names no place: the rooms a street or community lends them. */
const STREET_ROOMS = ['党群服务中心活动室', '社区综合服务中心多功能厅', '市民驿站活动室'];
/** 庐阳's "益家生活馆" [001] are the rooms its community organisations work from. */
const LUYANG_ROOMS = ['益家生活馆', '党群服务中心活动室', '社区综合服务中心'];

let regionNames: Map<string, string> | undefined;
function nameOfRegion(code: string): string {
  regionNames ??= new Map(buildRegions().map((r) => [r.code, r.name]));
  return regionNames.get(code) ?? '';
}

function defaultVenue(rng: Rng, regionCode: string, filedForm: boolean, address: string): string {
  if (!filedForm) return `${address}${rng.int(1, 6)}楼`;
  const region = nameOfRegion(regionCode);
  if (region.endsWith('社区')) return `${region}活动室`;
  const rooms = regionCode.startsWith('340103') ? LUYANG_ROOMS : STREET_ROOMS;
  return `${region}${rng.pick(rooms)}`;
}

export interface OrgSpec {
  regionCode: string;
  legalForm: LegalForm;
  name: string;
  category: CategoryCode;
  foundedOn?: string;
  status?: 'registered' | 'suspended' | 'filed' | 'draft' | 'submitted';
  grade?: '1A' | '2A' | '3A' | '4A' | '5A';
  stage?: 'sprout' | 'growing' | 'supporting';
  starRating?: number;
  registrationLevel?: string;
  parentId?: string;
  activityContent?: string;
  venue?: string;
  businessScope?: string;
  /** Year of filing, for filed forms (defaults to the founding year). */
  filedYear?: number;
}

export interface MemberSpec {
  senior: boolean;
  role: 'leader' | 'deputy' | 'contact' | 'member';
  femaleShare?: number;
}

/** Accumulates every row of the demo dataset in memory; index.ts writes them in bulk. */
export class SeedBuilder {
  readonly orgs: OrgInsert[] = [];
  readonly members: MemberInsert[] = [];
  readonly filings: FilingInsert[] = [];
  readonly reports: ReportInsert[] = [];
  /** Versions of reports that a correction replaced (the report row holds the current one). */
  readonly reportHistory: ReportInsert[] = [];
  /** Standing histories; the organisation's grade, stars and stage are their latest rows (as the services keep them). */
  readonly gradeAwards: GradeAwardInsert[] = [];
  readonly starRatings: StarRatingInsert[] = [];
  readonly stageChanges: StageChangeInsert[] = [];
  /** Submissions of the pending filings, made by each team's leader (who has no account in the demo). */
  readonly history: { entityId: string; regionCode: string; at: Date; submittedBy: string }[] = [];
  readonly byName = new Map<string, OrgInsert>();
  private readonly usccs = new Set<string>();
  private readonly counters = new Map<string, number>();

  constructor(
    readonly rng: Rng,
    private readonly categoryIds: Record<string, string>,
  ) {}

  uscc(legalForm: LegalForm, regionCode: string): string {
    for (;;) {
      let body = '5' + USCC_TYPE[legalForm] + regionCode.slice(0, 6);
      let orgBody = '';
      for (let i = 0; i < 8; i++) orgBody += this.rng.pick(USCC_ALPHABET.split(''));
      body += orgBody + orgCodeCheckChar(orgBody);
      const code = body + usccCheckChar(body);
      if (!this.usccs.has(code)) {
        this.usccs.add(code);
        return code;
      }
    }
  }

  private filingNumber(regionCode: string, year: number): string {
    const key = `${regionCode.slice(0, 9)}-${year}`;
    const seq = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, seq);
    return `${key}-${String(seq).padStart(4, '0')}`;
  }

  /** Rows for registry_filing_counters so numbers handed out later continue after the demo's. */
  counterRows(): { streetCode: string; year: number; lastSeq: number }[] {
    return [...this.counters].map(([key, lastSeq]) => {
      const [streetCode, year] = key.split('-');
      return { streetCode, year: Number(year), lastSeq };
    });
  }

  org(spec: OrgSpec): OrgInsert {
    const rng = this.rng;
    const filedForm = spec.legalForm === 'community_org' || spec.legalForm === 'grassroots_team';
    const foundedOn = spec.foundedOn ?? rng.date('2005-01-01', '2024-12-31');
    const status = spec.status ?? (filedForm ? 'filed' : 'registered');
    const createdAt = ts(foundedOn, rng);
    const leaderGender: Gender = rng.chance(0.55) ? 'female' : 'male';
    const province = spec.regionCode.slice(0, 2);
    let filingNumber: string | null = null;
    let filedAt: Date | null = null;
    if (filedForm && status === 'filed') {
      const year = spec.filedYear ?? Number(foundedOn.slice(0, 4));
      // Numbered in order of filing per street and year once every record is known (finish).
      filingNumber = `${spec.regionCode.slice(0, 9)}-${year}-pending`;
      const filedDay = year === Number(foundedOn.slice(0, 4)) ? foundedOn : `${year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
      filedAt = new Date(Math.max(ts(filedDay, rng).getTime(), createdAt.getTime()));
    }
    const address = addressFor(rng, spec.regionCode);
    const row: OrgInsert = {
      id: rng.uuid(),
      regionCode: spec.regionCode,
      legalForm: spec.legalForm,
      name: spec.name,
      uscc: USCC_TYPE[spec.legalForm] ? this.uscc(spec.legalForm, spec.regionCode) : null,
      registrationLevel: spec.registrationLevel ?? (filedForm ? 'street' : 'district'),
      categoryId: this.categoryIds[spec.category],
      foundedOn,
      status,
      stage: null,
      grade: null,
      gradeValidUntil: null,
      starRating: null,
      parentId: spec.parentId ?? null,
      leaderName: personName(rng, leaderGender),
      leaderPhone: mobilePhone(rng),
      leaderIdNumber: idNumber(rng, province, rng.date('1950-01-01', '1988-12-31'), leaderGender),
      address,
      activityContent: spec.activityContent ?? CATEGORY_CONTENT[spec.category],
      venue: spec.venue ?? defaultVenue(rng, spec.regionCode, filedForm, address),
      businessScope: spec.businessScope ?? null,
      filingNumber,
      filedAt,
      memberCount: 0,
      createdAt,
      updatedAt: laterThan(rng, filedAt ?? createdAt),
    };
    this.orgs.push(row);
    if (!this.byName.has(spec.name)) this.byName.set(spec.name, row);
    // Each only where the platform allows it (shared/registry/grades.ts): a grade on a registered
    // organisation, stars on a filed team, a stage on an organisation.
    if (spec.grade && isGradedForm(spec.legalForm) && status === 'registered') this.award(row, spec.grade);
    if (spec.starRating && isRatedForm(spec.legalForm) && status === 'filed') this.rate(row, spec.starRating);
    if (spec.stage && isStagedForm(spec.legalForm)) this.stage(row, spec.stage);
    return row;
  }

  /**
   * 民政部令第39号: awarded at a yearly evaluation at least two years after founding, valid five years.
   * Some outside 五里桥 (whose seed counts current grades) were awarded long enough ago to have
   * expired, as the register shows them.
   */
  private award(org: OrgInsert, grade: NonNullable<OrgSpec['grade']>): void {
    const rng = this.rng;
    const founded = Number(org.foundedOn!.slice(0, 4));
    const expired = !org.regionCode.startsWith('310101020') && founded <= 2014 && rng.chance(0.15);
    const [from, to] = expired ? [Math.max(2016, founded + 2), 2020] : [Math.max(2021, founded + 2), 2025];
    const awardedOn = rng.date(`${Math.min(from, to)}-01-01`, expired ? '2020-12-31' : '2025-12-31');
    this.gradeAwards.push({
      id: rng.uuid(),
      organizationId: org.id!,
      grade,
      awardedOn,
      documentNumber: `${org.regionCode.slice(0, 6)}民评〔${awardedOn.slice(0, 4)}〕${rng.int(1, 60)}号`,
      reason: `${awardedOn.slice(0, 4)}年度社会组织等级评估`,
      recordedAt: ts(awardedOn, rng),
    });
    org.grade = grade;
    org.gradeValidUntil = gradeValidUntil(awardedOn);
  }

  /** 星级团队评比 [003]: the latest round (2025), and for some teams filed earlier the round before it too. */
  private rate(team: OrgInsert, stars: number): void {
    const rng = this.rng;
    const filedYear = Number(todayInChina(team.filedAt as Date).slice(0, 4));
    const latestYear = 2025;
    if (filedYear > latestYear) return;
    const years = filedYear < latestYear && rng.chance(0.4) ? [latestYear - 1, latestYear] : [latestYear];
    for (const year of years) {
      const s = year === latestYear ? stars : Math.max(1, Math.min(5, stars + rng.pick([-1, 0, 1])));
      this.starRatings.push({
        id: rng.uuid(),
        organizationId: team.id!,
        year,
        stars: s,
        scores: starScores(rng, s),
        comment: `${year}年度星级团队评比`,
        ratedAt: ts(`${year}-12-${String(rng.int(10, 28)).padStart(2, '0')}`, rng),
      });
    }
    team.starRating = stars;
  }

  /** 萌芽型 → 成长型 → 支持型 [000]: the stages an organisation went through, ending at `stage`. */
  private stage(org: OrgInsert, stage: DevStage): void {
    const rng = this.rng;
    const path = DEV_STAGES.slice(0, DEV_STAGES.indexOf(stage) + 1);
    let from: DevStage | null = null;
    let at = org.createdAt as Date;
    for (const to of path) {
      if (from) at = new Date(at.getTime() + Math.floor(rng.next() * Math.max(DAY, DEMO_NOW.getTime() - DAY - at.getTime()) * 0.5));
      this.stageChanges.push({
        id: rng.uuid(),
        organizationId: org.id!,
        fromStage: from,
        toStage: to,
        reason: STAGE_REASONS[to],
        changedAt: at,
      });
      from = to;
    }
    org.stage = stage;
  }

  /**
   * Adds a roster; the member with role leader becomes the organisation's person in charge (who/
   * 三清). The leader and most members were on the roster when the group was filed; the rest joined since.
   */
  addMembers(org: OrgInsert, specs: MemberSpec[]): void {
    const rng = this.rng;
    const province = org.regionCode.slice(0, 2);
    const founded = org.foundedOn ?? DEMO_TODAY;
    const since = (org.filedAt ?? org.createdAt ?? DEMO_NOW) as Date;
    const sinceDay = todayInChina(since);
    for (const spec of specs) {
      const gender: Gender = rng.chance(spec.femaleShare ?? 0.62) ? 'female' : 'male';
      const isLeader = spec.role === 'leader';
      let band = spec.senior ? seniorBand(rng) : youngerBand(rng);
      let age = ageIn(rng, band);
      if (isLeader) {
        // The person in charge was an adult on the roster when the group was filed (or founded);
        // the band (senior or not) stays as drawn, so the seeds' 60+ figures hold.
        const minAge = Number(DEMO_TODAY.slice(0, 4)) - Number(sinceDay.slice(0, 4)) + 19;
        if (age < minAge) {
          if (!spec.senior) band = '35_59';
          const [, top] = AGE_RANGES[band];
          age = rng.int(Math.min(minAge, top), top);
        }
      }
      const birthDate = birthDateAtAge(rng, age, DEMO_TODAY);
      const name = personName(rng, gender);
      const phone = isLeader || rng.chance(0.8) ? mobilePhone(rng) : null;
      const id = isLeader || rng.chance(0.7) ? idNumber(rng, province, birthDate, gender) : null;
      if (isLeader) {
        org.leaderName = name;
        org.leaderPhone = phone;
        org.leaderIdNumber = id;
      }
      const from = maxDay(founded, adultFrom(birthDate));
      const joinedOn =
        from <= sinceDay && (isLeader || rng.chance(0.7))
          ? rng.date(from, sinceDay)
          : rng.date(minDay(maxDay(from, sinceDay), DEMO_YESTERDAY), DEMO_YESTERDAY);
      this.members.push({
        id: rng.uuid(),
        organizationId: org.id!,
        regionCode: org.regionCode,
        name,
        phone,
        idNumber: id,
        gender,
        role: spec.role,
        // The age band is derived on the day asked (shared/member-age.ts): the seed's is right on DEMO_TODAY.
        birthDate,
        isPartyMember: rng.chance(0.15),
        joinedOn,
      });
    }
    org.memberCount = (org.memberCount ?? 0) + specs.length;
  }

  /**
   * The last steps once every record is in: an organisation the seed gives no roster gets its
   * officers (法定代表人 or 负责人, and a contact; two rows keep the start-up seed quick), and filing
   * numbers are handed out per street and year in the order of filing.
   */
  finish(): void {
    const officers = (): MemberSpec[] => [
      { senior: this.rng.chance(0.3), role: 'leader', femaleShare: 0.5 },
      { senior: false, role: 'contact', femaleShare: 0.6 },
    ];
    for (const org of this.orgs) {
      if ((org.memberCount ?? 0) === 0) this.addMembers(org, officers());
    }
    const filed = this.orgs.filter((o) => o.filingNumber).sort((a, b) => (a.filedAt as Date).getTime() - (b.filedAt as Date).getTime());
    for (const org of filed) {
      const [street, year] = org.filingNumber!.split('-');
      org.filingNumber = this.filingNumber(street, Number(year));
    }
  }

  /** A roster of `size` with a leader, usually a deputy and a contact, and the given seniors. */
  roster(size: number, seniors: number, femaleShare = 0.62): MemberSpec[] {
    const flags = this.rng.shuffle(Array.from({ length: size }, (_, i) => i < seniors));
    return flags.map((senior, i) => ({
      senior,
      femaleShare,
      role: i === 0 ? 'leader' : i === 1 && size >= 6 ? 'deputy' : i === 2 && size >= 10 ? 'contact' : 'member',
    }));
  }
}

const STAGE_REASONS: Record<DevStage, string> = {
  sprout: '登记（备案）时评定',
  growing: '项目运作稳定，服务覆盖扩大，经中心评估进入成长期',
  supporting: '具备孵化、支持其他社会组织的能力，经中心评估为支持型',
};

/** Criteria scores (0–25 each) whose total matches the stars: 5 stars 81–100, 4 stars 61–80, … */
function starScores(rng: Rng, stars: number): Record<string, number> {
  const total = rng.int(Math.max(4, stars * 20 - 19), stars * 20);
  const scores: Record<string, number> = {};
  let left = total;
  STAR_CRITERIA.forEach((c, i) => {
    const rest = STAR_CRITERIA.length - i - 1;
    const v = i === STAR_CRITERIA.length - 1 ? left : rng.int(Math.max(0, left - rest * STAR_CRITERION_MAX), Math.min(STAR_CRITERION_MAX, left));
    scores[c] = v;
    left -= v;
  });
  return scores;
}


const maxDay = (a: string, b: string) => (a > b ? a : b);
const minDay = (a: string, b: string) => (a < b ? a : b);
/** The day someone born on `birthDate` turns 18 (29 February: 1 March). */
const adultFrom = (birthDate: string) => (birthDate.endsWith('-02-29') ? `${Number(birthDate.slice(0, 4)) + 18}-03-01` : `${Number(birthDate.slice(0, 4)) + 18}${birthDate.slice(4)}`);

function seniorBand(rng: Rng): AgeBand {
  const r = rng.next();
  return r < 0.5 ? '60_69' : r < 0.88 ? '70_79' : '80_plus';
}

function youngerBand(rng: Rng): AgeBand {
  return rng.chance(0.8) ? '35_59' : '18_34';
}

/**
 * Ages drawn per band on DEMO_TODAY. Nobody younger is 59, so no one turns 60 within a year of the
 * demo's day and the seeds' 60+ figures (2397 in 长寿路) still hold when the demo is run months later.
 */
const AGE_RANGES: Record<AgeBand, [number, number]> = {
  under_18: [10, 17],
  '18_34': [20, 34],
  '35_59': [35, 58],
  '60_69': [60, 69],
  '70_79': [70, 79],
  '80_plus': [80, 88],
};

function ageIn(rng: Rng, band: AgeBand): number {
  const [a, b] = AGE_RANGES[band];
  return rng.int(a, b);
}

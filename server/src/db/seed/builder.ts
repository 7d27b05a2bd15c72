import type { registryFilings, registryMembers, registryMonthlyReports, registryOrganizations } from '../../modules/registry/registry.tables.js';
import { ageBandFor, type AgeBand, type LegalForm } from '../../../../shared/registry.js';
import { orgCodeCheckChar, USCC_ALPHABET, usccCheckChar } from '../../../../shared/validators.js';
import type { CategoryCode } from './categories.js';
import { idNumber, mobilePhone, personName, type Gender } from './names.js';
import type { Rng } from './prng.js';

export type OrgInsert = typeof registryOrganizations.$inferInsert;
export type MemberInsert = typeof registryMembers.$inferInsert;
export type FilingInsert = typeof registryFilings.$inferInsert;
export type ReportInsert = typeof registryMonthlyReports.$inferInsert;

/** "Today" for the demo: figures are as of early November 2026. */
export const DEMO_NOW = new Date('2026-11-05T09:00:00+08:00');
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
  '340103000': ['长江中路', '阜南路', '亳州路', '蒙城路', '杏花路', '濉溪路', '四牌楼'],
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
  let roads = STREET_ROADS[regionCode.slice(0, 9)];
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

  filingNumber(regionCode: string, year: number): string {
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
      filingNumber = this.filingNumber(spec.regionCode, year);
      const filedDay = year === Number(foundedOn.slice(0, 4)) ? foundedOn : `${year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
      filedAt = new Date(Math.max(ts(filedDay, rng).getTime(), createdAt.getTime()));
    }
    let gradeValidUntil: string | null = null;
    if (spec.grade) {
      const awarded = rng.int(2022, 2025);
      gradeValidUntil = `${awarded + 5}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
    }
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
      stage: spec.stage ?? null,
      grade: spec.grade ?? null,
      gradeValidUntil,
      starRating: spec.starRating ?? null,
      parentId: spec.parentId ?? null,
      leaderName: personName(rng, leaderGender),
      leaderPhone: mobilePhone(rng),
      leaderIdNumber: idNumber(rng, province, rng.int(1950, 1988), leaderGender),
      address: addressFor(rng, spec.regionCode),
      activityContent: spec.activityContent ?? null,
      venue: spec.venue ?? null,
      businessScope: spec.businessScope ?? null,
      filingNumber,
      filedAt,
      memberCount: 0,
      createdAt,
      updatedAt: laterThan(rng, filedAt ?? createdAt),
    };
    this.orgs.push(row);
    if (!this.byName.has(spec.name)) this.byName.set(spec.name, row);
    return row;
  }

  /** Adds a roster; the first spec with role leader takes the organisation's leader fields. */
  addMembers(org: OrgInsert, specs: MemberSpec[]): void {
    const rng = this.rng;
    const province = org.regionCode.slice(0, 2);
    const since = org.filedAt ?? org.createdAt ?? DEMO_NOW;
    for (const spec of specs) {
      const gender: Gender = rng.chance(spec.femaleShare ?? 0.62) ? 'female' : 'male';
      const band = spec.senior ? seniorBand(rng) : youngerBand(rng);
      const age = ageIn(rng, band);
      const birthYear = DEMO_NOW.getFullYear() - age;
      const isLeader = spec.role === 'leader';
      const name = personName(rng, gender);
      const phone = isLeader || rng.chance(0.8) ? mobilePhone(rng) : null;
      const id = isLeader || rng.chance(0.7) ? idNumber(rng, province, birthYear, gender) : null;
      if (isLeader && org.legalForm === 'grassroots_team') {
        org.leaderName = name;
        org.leaderPhone = phone;
        org.leaderIdNumber = id;
      }
      this.members.push({
        id: rng.uuid(),
        organizationId: org.id!,
        regionCode: org.regionCode,
        name,
        phone,
        idNumber: id,
        gender,
        role: spec.role,
        ageBand: band,
        isPartyMember: rng.chance(0.15),
        joinedOn: laterThan(rng, since instanceof Date ? since : new Date(since)).toISOString().slice(0, 10),
      });
    }
    org.memberCount = (org.memberCount ?? 0) + specs.length;
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

function seniorBand(rng: Rng): AgeBand {
  const r = rng.next();
  return r < 0.5 ? '60_69' : r < 0.88 ? '70_79' : '80_plus';
}

function youngerBand(rng: Rng): AgeBand {
  return rng.chance(0.8) ? '35_59' : '18_34';
}

function ageIn(rng: Rng, band: AgeBand): number {
  const ranges: Record<AgeBand, [number, number]> = {
    under_18: [10, 17],
    '18_34': [20, 34],
    '35_59': [35, 59],
    '60_69': [60, 69],
    '70_79': [70, 79],
    '80_plus': [80, 88],
  };
  const [a, b] = ranges[band];
  const age = rng.int(a, b);
  // Birthday may not have passed yet this year: keep the band right by construction.
  if (ageBandFor(age) !== band) return a;
  return age;
}

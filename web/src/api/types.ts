import type { Locale } from '../i18n';

export interface Grant {
  id?: string;
  role: string;
  regionCode: string;
  regionName?: string;
  organizationId?: string | null;
  organizationName?: string | null;
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  locale: Locale;
  permissions: string[];
  grants: Grant[];
}

export interface MeResponse {
  user: Me;
  csrfToken: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  /** The count stopped at `total`; there are more (the registry list shows "10000+"). */
  totalCapped?: boolean;
  page?: number;
  pageSize?: number;
}

export interface Region {
  code: string;
  parentCode: string | null;
  name: string;
  level: string;
  inScope: boolean;
}

export interface Category {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  nameZhTw: string;
  sortOrder: number;
  active: boolean;
}

export interface OrgListItem {
  id: string;
  name: string;
  legalForm: string;
  regionCode: string;
  regionName: string;
  categoryId: string | null;
  categoryName: string | null;
  status: string;
  stage: string | null;
  grade: string | null;
  starRating: number | null;
  memberCount: number;
  leaderName: string | null;
  leaderPhone: string | null;
  filingNumber: string | null;
  foundedOn: string | null;
  updatedAt: string;
}

export interface Organization extends OrgListItem {
  uscc: string | null;
  usccOverrideReason: string | null;
  registrationLevel: string | null;
  gradeValidUntil: string | null;
  leaderIdNumber: string | null;
  address: string | null;
  activityContent: string | null;
  venue: string | null;
  businessScope: string | null;
  parentId: string | null;
  parentName: string | null;
  createdAt?: string;
}

export interface OrgAbilities {
  edit?: boolean;
  submitFiling?: boolean;
  requestChange?: boolean;
  requestDeregistration?: boolean;
  addMember?: boolean;
  submitReport?: boolean;
  overrideUscc?: boolean;
  /** Fields this user may set on this record now; the edit form locks the others. */
  editableFields?: string[];
}

export interface FilingHistory {
  id: string;
  action: string;
  fromState: string | null;
  toState: string | null;
  actorName: string | null;
  comment: string | null;
  at: string;
}

export interface Filing {
  id: string;
  kind: string;
  state: string;
  payload: Record<string, unknown> | null;
  submittedAt: string | null;
  decidedAt: string | null;
  history?: FilingHistory[];
  organizationId?: string;
  organizationName?: string;
  regionCode?: string;
  regionName?: string;
}

export interface OrgDetailResponse {
  organization: Organization;
  abilities: OrgAbilities;
  filings: Filing[];
}

export interface Member {
  id: string;
  name: string;
  phone: string | null;
  idNumber: string | null;
  gender: 'male' | 'female' | null;
  role: string;
  ageBand: string | null;
  isPartyMember: boolean;
  joinedOn: string | null;
}

export interface FilingDetailResponse {
  filing: Filing;
  organization: Organization & { memberCount: number };
  history: FilingHistory[];
  abilities: { approve?: boolean; return?: boolean; withdraw?: boolean };
}

export interface MonthlyReport {
  id: string;
  month: string;
  responsiblePerson: boolean;
  flag: boolean;
  venuePermit: boolean;
  meetingHeld: boolean;
  trainingHeld: boolean;
  reportForm: boolean;
  compliant: boolean;
  meetingDate: string | null;
  trainingTopic: string | null;
  notes: string | null;
  submittedAt: string;
}

export interface ComplianceRollup {
  month: string;
  total: { teams: number; reported: number; compliant: number; rate: number };
  children: { regionCode: string; regionName: string; direct: boolean; teams: number; reported: number; compliant: number; rate: number }[];
}

export interface ComplianceTeam {
  id: string;
  name: string;
  regionName: string;
  reported: boolean;
  compliant: boolean;
  responsiblePerson: boolean;
  flag: boolean;
  venuePermit: boolean;
  meetingHeld: boolean;
  trainingHeld: boolean;
  reportForm: boolean;
}

export interface KeyCount {
  key: string;
  name?: string;
  count: number;
}

export interface DashboardSummary {
  region: { code: string; name: string };
  totals: {
    organizations: number;
    /** Filed teams only. */
    teams: number;
    /** Live teams in any status, filed or not. */
    teamsAll: number;
    members: number;
    seniors: number;
    filingQueue: number;
  };
  byLegalForm: KeyCount[];
  byCategory: KeyCount[];
  teamsByCategory: KeyCount[];
  byStatus: KeyCount[];
  compliance: { month: string; teams: number; reported: number; compliant: number; rate: number };
  children: { regionCode: string; name: string; direct: boolean; organizations: number; teams: number }[];
}

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  phone: string | null;
  active: boolean;
  homeRegionCode: string;
  lockedUntil: string | null;
  grants: Grant[];
  /** Whether the signed-in user may edit this account. */
  manageable: boolean;
}

export interface AuditRow {
  id: string;
  at: string;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  regionCode: string | null;
  before: unknown;
  after: unknown;
}

export interface ImportProblem {
  row: number;
  column: string;
  message: string;
}

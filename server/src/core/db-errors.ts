/**
 * What a database error says about the request that caused it. Both drivers (node-postgres and
 * PGlite) raise errors carrying the SQLSTATE `code` and the `constraint`; Drizzle wraps them in a
 * DrizzleQueryError whose message holds the statement's parameters, so only the fields below are
 * ever read from it.
 */
export interface DbErrorFacts {
  code: string;
  constraint?: string;
  table?: string;
  column?: string;
  routine?: string;
}

/** The first error in the `cause` chain that carries a SQLSTATE code. */
export function dbErrorFacts(error: unknown): DbErrorFacts | null {
  let e: unknown = error;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const candidate = e as { code?: unknown; constraint?: unknown; table?: unknown; column?: unknown; routine?: unknown; cause?: unknown };
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) {
      const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
      return {
        code: candidate.code,
        constraint: text(candidate.constraint),
        table: text(candidate.table),
        column: text(candidate.column),
        routine: text(candidate.routine),
      };
    }
    e = candidate.cause;
  }
  return null;
}

export const UNIQUE_VIOLATION = '23505';
export const FOREIGN_KEY_VIOLATION = '23503';

/**
 * The request field each unique or foreign key guards, by constraint name. The services check
 * before they write; these answer the race in which two requests pass the check together.
 */
export const CONSTRAINT_FIELDS: Record<string, { field: string; problem: string }> = {
  users_username_unique: { field: 'username', problem: 'username_taken' },
  users_home_region_code_regions_code_fk: { field: 'homeRegionCode', problem: 'region_unknown' },
  user_grants_region_code_regions_code_fk: { field: 'regionCode', problem: 'region_unknown' },
  regions_pkey: { field: 'code', problem: 'taken' },
  regions_parent_code_regions_code_fk: { field: 'parentCode', problem: 'region_unknown' },
  registry_categories_code_unique: { field: 'code', problem: 'taken' },
  registry_org_uscc_unique: { field: 'uscc', problem: 'uscc_duplicate' },
  registry_organizations_filing_number_unique: { field: 'filingNumber', problem: 'taken' },
  registry_organizations_region_code_regions_code_fk: { field: 'regionCode', problem: 'region_unknown' },
  registry_organizations_category_id_registry_categories_id_fk: { field: 'categoryId', problem: 'category_unknown' },
  registry_organizations_parent_id_registry_organizations_id_fk: { field: 'parentId', problem: 'organization_unknown' },
  registry_monthly_reports_org_month: { field: 'month', problem: 'taken' },
  registry_members_id_number_unique: { field: 'idNumber', problem: 'id_number_on_roster' },
  // A legal form change between a community organisation and a grassroots team that would leave a stage or stars behind.
  registry_org_stage_form: { field: 'legalForm', problem: 'legal_form_has_stage' },
  registry_org_star_form: { field: 'legalForm', problem: 'legal_form_has_stars' },
  registry_org_grade_form: { field: 'legalForm', problem: 'legal_form_has_grade' },
  files_region_code_regions_code_fk: { field: 'regionCode', problem: 'region_unknown' },
  // Volunteers (V1): one record per person; team names per region; a volunteer once per team.
  volunteers_id_number_unique: { field: 'idNumber', problem: 'volunteer_id_taken' },
  volunteer_teams_region_name_unique: { field: 'name', problem: 'team_name_taken' },
  volunteer_team_members_team_id_volunteer_id_pk: { field: 'volunteerId', problem: 'team_member_exists' },
};

/**
 * SQLSTATE class 22 (data exception: a value the column cannot hold) and 23 (integrity) come from
 * what the caller sent; anything else is the server's fault.
 */
export function isInputError(facts: DbErrorFacts): boolean {
  return facts.code.startsWith('22') || facts.code.startsWith('23');
}

/** SQLSTATE 40001 (serialization_failure) and 40P01 (deadlock_detected): the transaction may simply be tried again. */
export function isTransientConflict(facts: DbErrorFacts): boolean {
  return facts.code === '40001' || facts.code === '40P01';
}

-- Issue 8 rules 6–8: grades, star ratings and stages get their histories (tables in 0018); the
-- organisation's columns stay as caches of the latest history row. Existing values become history
-- where they mean something, and are dropped where they never could.

-- A grade with a known validity becomes an award made five years before it ran out; one on a filed
-- form, or without a date, cannot be an award (民政部令第39号: a grade has an award date) and is dropped.
INSERT INTO "registry_grade_awards" ("organization_id", "grade", "awarded_on", "reason", "recorded_at")
SELECT "id", "grade", ("grade_valid_until" - interval '5 years')::date, '迁移自原有记录', "updated_at"
  FROM "registry_organizations"
 WHERE "grade" IS NOT NULL AND "grade_valid_until" IS NOT NULL
   AND "legal_form" IN ('social_group', 'social_service_agency', 'foundation');--> statement-breakpoint
UPDATE "registry_organizations" SET "grade" = NULL, "grade_valid_until" = NULL
 WHERE ("grade" IS NOT NULL OR "grade_valid_until" IS NOT NULL)
   AND ("grade" IS NULL OR "grade_valid_until" IS NULL
        OR "legal_form" NOT IN ('social_group', 'social_service_agency', 'foundation'));--> statement-breakpoint
UPDATE "registry_organizations" o SET "grade_valid_until" = a."valid_until"
  FROM "registry_grade_awards" a
 WHERE a."organization_id" = o."id" AND o."grade_valid_until" IS DISTINCT FROM a."valid_until";--> statement-breakpoint

-- A team's stars become a rating of the year they were last touched (China time), without criteria.
INSERT INTO "registry_star_ratings" ("organization_id", "year", "stars", "scores", "comment", "rated_at")
SELECT "id", extract(year from ("updated_at" at time zone 'Asia/Shanghai'))::int, "star_rating", NULL, '迁移自原有记录', "updated_at"
  FROM "registry_organizations"
 WHERE "star_rating" IS NOT NULL AND "legal_form" = 'grassroots_team';--> statement-breakpoint
UPDATE "registry_organizations" SET "star_rating" = NULL
 WHERE "star_rating" IS NOT NULL AND "legal_form" <> 'grassroots_team';--> statement-breakpoint

-- An organisation's stage becomes its first recorded change; a team's is dropped.
INSERT INTO "registry_stage_changes" ("organization_id", "from_stage", "to_stage", "reason", "changed_at")
SELECT "id", NULL, "stage", '迁移自原有记录', "updated_at"
  FROM "registry_organizations"
 WHERE "stage" IS NOT NULL AND "legal_form" <> 'grassroots_team';--> statement-breakpoint
UPDATE "registry_organizations" SET "stage" = NULL
 WHERE "stage" IS NOT NULL AND "legal_form" = 'grassroots_team';--> statement-breakpoint

-- Which forms hold which, for every write path (API, import, seed). By hand: drizzle would add them
-- before the rows above were put right.
ALTER TABLE "registry_organizations" ADD CONSTRAINT "registry_org_grade_form"
  CHECK ("grade" IS NULL OR "legal_form" IN ('social_group', 'social_service_agency', 'foundation'));--> statement-breakpoint
ALTER TABLE "registry_organizations" ADD CONSTRAINT "registry_org_star_form"
  CHECK ("star_rating" IS NULL OR "legal_form" = 'grassroots_team');--> statement-breakpoint
ALTER TABLE "registry_organizations" ADD CONSTRAINT "registry_org_stage_form"
  CHECK ("stage" IS NULL OR "legal_form" <> 'grassroots_team');--> statement-breakpoint

-- The histories are records of decisions: appended, never changed or removed.
CREATE TRIGGER "registry_grade_awards_append_only" BEFORE UPDATE OR DELETE ON "registry_grade_awards"
  FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only();--> statement-breakpoint
CREATE TRIGGER "registry_star_ratings_append_only" BEFORE UPDATE OR DELETE ON "registry_star_ratings"
  FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only();--> statement-breakpoint
CREATE TRIGGER "registry_stage_changes_append_only" BEFORE UPDATE OR DELETE ON "registry_stage_changes"
  FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only();

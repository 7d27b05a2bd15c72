ALTER TABLE "audit_log" ADD COLUMN "entity_name" text;--> statement-breakpoint
-- Names for the rows written before the column: the name the row itself recorded, else the record's
-- current one. The log is append-only; this one backfill of a new column is the exception.
ALTER TABLE "audit_log" DISABLE TRIGGER "audit_log_append_only";
--> statement-breakpoint
UPDATE "audit_log" SET "entity_name" = coalesce("after"->>'name', "before"->>'name')
  WHERE "entity_name" IS NULL AND "entity_type" IN ('organization', 'member', 'region');
--> statement-breakpoint
UPDATE "audit_log" SET "entity_name" = coalesce("after"->>'nameZh', "before"->>'nameZh')
  WHERE "entity_name" IS NULL AND "entity_type" = 'category';
--> statement-breakpoint
UPDATE "audit_log" SET "entity_name" = "after"->>'originalName' WHERE "entity_name" IS NULL AND "entity_type" = 'file';
--> statement-breakpoint
UPDATE "audit_log" a SET "entity_name" = coalesce(a."after"->>'displayName', u."display_name") || ' (' || u."username" || ')'
  FROM "users" u WHERE a."entity_name" IS NULL AND a."entity_type" = 'user' AND a."entity_id" = u."id"::text;
--> statement-breakpoint
UPDATE "audit_log" a SET "entity_name" = o."name" FROM "registry_organizations" o
  WHERE a."entity_name" IS NULL AND a."entity_id" = o."id"::text
    AND (a."entity_type" = 'organization' OR a."action" = 'registry.member.export');
--> statement-breakpoint
UPDATE "audit_log" a SET "entity_name" = m."name" FROM "registry_members" m
  WHERE a."entity_name" IS NULL AND a."entity_type" = 'member' AND a."entity_id" = m."id"::text;
--> statement-breakpoint
UPDATE "audit_log" a SET "entity_name" = o."name"
  FROM "registry_filings" f JOIN "registry_organizations" o ON o."id" = f."organization_id"
  WHERE a."entity_name" IS NULL AND a."entity_type" = 'filing' AND a."entity_id" = f."id"::text;
--> statement-breakpoint
UPDATE "audit_log" a SET "entity_name" = o."name" || ' ' || to_char(r."month", 'YYYY-MM')
  FROM "registry_monthly_reports" r JOIN "registry_organizations" o ON o."id" = r."organization_id"
  WHERE a."entity_name" IS NULL AND a."entity_type" = 'report' AND a."entity_id" = r."id"::text;
--> statement-breakpoint
ALTER TABLE "audit_log" ENABLE TRIGGER "audit_log_append_only";

ALTER TABLE "files" ADD COLUMN "owner_type" text;--> statement-breakpoint
ALTER TABLE "files" ADD COLUMN "owner_id" text;--> statement-breakpoint
ALTER TABLE "files" ADD COLUMN "attached_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "files_owner_idx" ON "files" USING btree ("owner_type","owner_id");--> statement-breakpoint
CREATE INDEX "files_pending_idx" ON "files" USING btree ("created_at") WHERE "files"."owner_type" is null;--> statement-breakpoint
ALTER TABLE "files" ADD CONSTRAINT "files_owner_whole" CHECK (("files"."owner_type" is null) = ("files"."owner_id" is null) and ("files"."owner_type" is null) = ("files"."attached_at" is null));--> statement-breakpoint
-- Hand-written: owners for the files uploaded before files had any. Until now a file had a region and
-- perhaps an organisation, and every member of that organisation, or anyone with file.read over the
-- region, read it by id. A file a workflow step named in attachment_ids becomes that workflow entity's
-- (owner type = the workflow's name, e.g. 'registry.filing'), in the entity's region and, for a filing,
-- its organisation: whoever reads the filing reads it. Two steps naming one file: the first one's entity
-- keeps it. No screen uploaded files before this change, so every other file came through the API alone
-- and nothing says which record it was meant for: it stays filed under its own region (owner type
-- 'region', core/file-owners.ts), readable only by those whose file.read reaches that whole region (its
-- staff and officials) and no longer by organisation members; it is not pending, so it is not purged.
UPDATE "files" f SET "owner_type" = s."workflow", "owner_id" = s."entity_id", "region_code" = s."region_code", "attached_at" = s."at"
FROM (
  SELECT DISTINCT ON (a."file_id") a."file_id", h."workflow", h."entity_id", h."region_code", h."at"
  FROM "workflow_history" h CROSS JOIN LATERAL jsonb_array_elements_text(h."attachment_ids") AS a("file_id")
  ORDER BY a."file_id", h."id"
) s
WHERE f."id"::text = s."file_id";--> statement-breakpoint
UPDATE "files" f SET "organization_id" = fl."organization_id"
FROM "registry_filings" fl
WHERE f."owner_type" = 'registry.filing' AND f."owner_id" = fl."id"::text;--> statement-breakpoint
UPDATE "files" SET "owner_type" = 'region', "owner_id" = "region_code", "attached_at" = "created_at" WHERE "owner_type" IS NULL;

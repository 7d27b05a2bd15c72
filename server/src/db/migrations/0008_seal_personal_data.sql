-- Personal identifiers are sealed at rest (docs/decisions, "personal data at rest"; core/personal-data.ts): the columns stay text and hold
-- 'v1:<ciphertext>[:<blind index>]'. The hash columns are derived from that suffix, so no write path can leave
-- them out of step; rows still in plain text (before the start-up sealer ran) have none.
ALTER TABLE "registry_members" ADD COLUMN "id_number_hash" text GENERATED ALWAYS AS (nullif(split_part(id_number, ':', 3), '')) STORED;--> statement-breakpoint
ALTER TABLE "registry_organizations" ADD COLUMN "leader_id_number_hash" text GENERATED ALWAYS AS (nullif(split_part(leader_id_number, ':', 3), '')) STORED;--> statement-breakpoint
CREATE UNIQUE INDEX "registry_members_id_number_unique" ON "registry_members" USING btree ("id_number_hash","organization_id");--> statement-breakpoint
CREATE INDEX "registry_org_leader_id_hash_idx" ON "registry_organizations" USING btree ("leader_id_number_hash");
ALTER TABLE "registry_organizations" ADD COLUMN "name_grams" text[] GENERATED ALWAYS AS (shuniu_name_grams(name)) STORED;--> statement-breakpoint
CREATE INDEX "registry_org_name_grams_idx" ON "registry_organizations" USING gin ("name_grams");--> statement-breakpoint
CREATE INDEX "registry_org_updated_idx" ON "registry_organizations" USING btree ("updated_at","id");
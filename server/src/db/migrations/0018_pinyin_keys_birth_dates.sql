CREATE TABLE "registry_grade_awards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"grade" text NOT NULL,
	"awarded_on" date NOT NULL,
	"valid_until" date GENERATED ALWAYS AS ((awarded_on + interval '5 years')::date) STORED NOT NULL,
	"document_number" text,
	"reason" text NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registry_grade_awards_grade" CHECK (grade in ('1A', '2A', '3A', '4A', '5A'))
);
--> statement-breakpoint
CREATE TABLE "registry_stage_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"from_stage" text,
	"to_stage" text NOT NULL,
	"reason" text NOT NULL,
	"changed_by" uuid,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registry_stage_changes_to" CHECK (to_stage in ('sprout', 'growing', 'supporting'))
);
--> statement-breakpoint
CREATE TABLE "registry_star_ratings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"stars" integer NOT NULL,
	"scores" jsonb,
	"comment" text,
	"rated_by" uuid,
	"rated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registry_star_ratings_stars" CHECK (stars between 1 and 5)
);
--> statement-breakpoint
ALTER TABLE "registry_organizations" ALTER COLUMN "name_sort" DROP EXPRESSION;--> statement-breakpoint
ALTER TABLE "registry_members" ADD COLUMN "birth_date" date;--> statement-breakpoint
ALTER TABLE "registry_members" ADD COLUMN "age_band_entered_on" date;--> statement-breakpoint
ALTER TABLE "registry_grade_awards" ADD CONSTRAINT "registry_grade_awards_organization_id_registry_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."registry_organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_grade_awards" ADD CONSTRAINT "registry_grade_awards_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_stage_changes" ADD CONSTRAINT "registry_stage_changes_organization_id_registry_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."registry_organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_stage_changes" ADD CONSTRAINT "registry_stage_changes_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_star_ratings" ADD CONSTRAINT "registry_star_ratings_organization_id_registry_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."registry_organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_star_ratings" ADD CONSTRAINT "registry_star_ratings_rated_by_users_id_fk" FOREIGN KEY ("rated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "registry_grade_awards_org_idx" ON "registry_grade_awards" USING btree ("organization_id","awarded_on");--> statement-breakpoint
CREATE INDEX "registry_stage_changes_org_idx" ON "registry_stage_changes" USING btree ("organization_id","changed_at");--> statement-breakpoint
CREATE INDEX "registry_star_ratings_org_idx" ON "registry_star_ratings" USING btree ("organization_id","year");--> statement-breakpoint
-- Hand-written (issue 8, rules 9 and 12). The pinyin sort key is now the app's (core/pinyin-key.ts,
-- read by words): the keys the SQL function made are cleared so that start-up recomputes every one
-- (db/derived-columns.ts runs before the app serves), and the function and its character table go.
UPDATE "registry_organizations" SET "name_sort" = NULL;--> statement-breakpoint
DROP FUNCTION IF EXISTS shuniu_pinyin_key(text);--> statement-breakpoint
DROP TABLE IF EXISTS "shuniu_pinyin";--> statement-breakpoint
-- Bands stored so far were current year − birth year at entry. Those with an ID number get a birth
-- date at start-up (the numbers are sealed: the app reads them) and lose the band; the others keep
-- their band as entered, dated by the row's creation in China.
UPDATE "registry_members" SET "age_band_entered_on" = (("created_at" AT TIME ZONE 'UTC') + interval '8 hours')::date
  WHERE "age_band" IS NOT NULL;
--> statement-breakpoint
-- The key is compared byte by byte (the tone digit and the space between syllables order it, see
-- core/pinyin-key.ts), whatever the database's own collation: on a server created with a
-- language collation, spaces and digits would otherwise weigh differently.
ALTER TABLE "registry_organizations" ALTER COLUMN "name_sort" TYPE text COLLATE "C";

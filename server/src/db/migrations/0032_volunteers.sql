CREATE TABLE "volunteer_active_months" (
	"volunteer_id" uuid NOT NULL,
	"month" date NOT NULL,
	"region_code" text NOT NULL,
	"minutes" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "volunteer_active_months_volunteer_id_month_pk" PRIMARY KEY("volunteer_id","month")
);
--> statement-breakpoint
CREATE TABLE "volunteer_activities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"owner_organization_id" uuid,
	"team_id" uuid,
	"title" text NOT NULL,
	"type" text NOT NULL,
	"description" text,
	"place" text NOT NULL,
	"skills_wanted" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_activities_type" CHECK (type in ('elderly', 'children', 'disability', 'charity_supermarket', 'community_affairs', 'environment', 'culture', 'safety', 'health', 'emergency', 'other')),
	CONSTRAINT "volunteer_activities_status" CHECK (status in ('draft', 'published', 'closed', 'cancelled')),
	CONSTRAINT "volunteer_activities_title_len" CHECK (char_length(title) between 1 and 100)
);
--> statement-breakpoint
CREATE TABLE "volunteer_honours" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"awarded_on" date NOT NULL,
	"awarded_by" text,
	"details" jsonb,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_honours_kind" CHECK (kind in ('star_award', 'honour', 'incentive'))
);
--> statement-breakpoint
CREATE TABLE "volunteer_hour_claims" (
	"entry_id" uuid PRIMARY KEY NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"released_at" timestamp with time zone,
	CONSTRAINT "volunteer_hour_claims_period" CHECK (ends_at > starts_at)
);
--> statement-breakpoint
CREATE TABLE "volunteer_hour_decisions" (
	"entry_id" uuid PRIMARY KEY NOT NULL,
	"decision" text NOT NULL,
	"reason" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_hour_decisions_decision" CHECK (decision in ('approved', 'rejected'))
);
--> statement-breakpoint
CREATE TABLE "volunteer_hour_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"kind" text NOT NULL,
	"activity_id" uuid,
	"shift_id" uuid,
	"signup_id" uuid,
	"activity_type" text NOT NULL,
	"organization_id" uuid,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"minutes" integer NOT NULL,
	"reason" text,
	"reverses_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_hour_entries_kind" CHECK (kind in ('shift', 'manual', 'reversal')),
	CONSTRAINT "volunteer_hour_entries_type" CHECK (activity_type in ('elderly', 'children', 'disability', 'charity_supermarket', 'community_affairs', 'environment', 'culture', 'safety', 'health', 'emergency', 'other')),
	CONSTRAINT "volunteer_hour_entries_period" CHECK (ends_at > starts_at),
	CONSTRAINT "volunteer_hour_entries_minutes" CHECK ((kind = 'reversal' and minutes < 0 and reverses_id is not null) or (kind <> 'reversal' and minutes > 0 and minutes <= 1440 and reverses_id is null)),
	CONSTRAINT "volunteer_hour_entries_manual_reason" CHECK (kind <> 'manual' or (reason is not null and char_length(reason) > 0))
);
--> statement-breakpoint
CREATE TABLE "volunteer_hours_rollup" (
	"region_code" text NOT NULL,
	"month" date NOT NULL,
	"activity_type" text NOT NULL,
	"minutes" bigint DEFAULT 0 NOT NULL,
	"person_times" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "volunteer_hours_rollup_region_code_month_activity_type_pk" PRIMARY KEY("region_code","month","activity_type")
);
--> statement-breakpoint
CREATE TABLE "volunteer_number_counters" (
	"region_code" text PRIMARY KEY NOT NULL,
	"last" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteer_shifts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"activity_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"quota" integer NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"qr_secret" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_shifts_time" CHECK (ends_at > starts_at and ends_at - starts_at <= interval '24 hours'),
	CONSTRAINT "volunteer_shifts_quota" CHECK (quota between 1 and 10000),
	CONSTRAINT "volunteer_shifts_status" CHECK (status in ('open', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "volunteer_signups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shift_id" uuid NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"status" text NOT NULL,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"checked_in_at" timestamp with time zone,
	"checked_in_by" uuid,
	"check_in_method" text,
	"checked_out_at" timestamp with time zone,
	"checked_out_by" uuid,
	"check_out_method" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_signups_status" CHECK (status in ('confirmed', 'waiting', 'cancelled', 'checked_in', 'checked_out', 'no_show')),
	CONSTRAINT "volunteer_signups_in_method" CHECK (check_in_method is null or check_in_method in ('staff', 'qr')),
	CONSTRAINT "volunteer_signups_out_method" CHECK (check_out_method is null or check_out_method in ('staff', 'qr')),
	CONSTRAINT "volunteer_signups_out_after_in" CHECK (checked_out_at is null or (checked_in_at is not null and checked_out_at > checked_in_at))
);
--> statement-breakpoint
CREATE TABLE "volunteer_star_settings" (
	"region_code" text PRIMARY KEY NOT NULL,
	"threshold_hours" integer[] NOT NULL,
	"source" text NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_star_settings_five" CHECK (cardinality(threshold_hours) = 5)
);
--> statement-breakpoint
CREATE TABLE "volunteer_team_members" (
	"team_id" uuid NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"role" text DEFAULT 'member' NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_team_members_team_id_volunteer_id_pk" PRIMARY KEY("team_id","volunteer_id"),
	CONSTRAINT "volunteer_team_members_role" CHECK (role in ('leader', 'member'))
);
--> statement-breakpoint
CREATE TABLE "volunteer_teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"organization_id" uuid,
	"social_worker_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteer_totals" (
	"volunteer_id" uuid PRIMARY KEY NOT NULL,
	"region_code" text NOT NULL,
	"approved_minutes" bigint DEFAULT 0 NOT NULL,
	"approved_entries" integer DEFAULT 0 NOT NULL,
	"stars" integer DEFAULT 0 NOT NULL,
	"last_served_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_totals_nonnegative" CHECK (approved_minutes >= 0 and approved_entries >= 0),
	CONSTRAINT "volunteer_totals_stars" CHECK (stars between 0 and 5)
);
--> statement-breakpoint
CREATE TABLE "volunteers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"user_id" uuid,
	"region_code" text NOT NULL,
	"name" text NOT NULL,
	"name_sort" text DEFAULT '' NOT NULL,
	"id_number" text NOT NULL,
	"id_number_hash" text GENERATED ALWAYS AS (nullif(split_part(id_number, ':', 3), '')) STORED,
	"birth_date" date,
	"gender" text,
	"phone" text,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"availability" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"source" text NOT NULL,
	"confirmed_by" uuid,
	"confirmed_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteers_status" CHECK (status in ('pending', 'active', 'suspended', 'left')),
	CONSTRAINT "volunteers_source" CHECK (source in ('self', 'staff', 'import')),
	CONSTRAINT "volunteers_name_len" CHECK (char_length(name) between 1 and 50)
);
--> statement-breakpoint
ALTER TABLE "volunteer_activities" ADD CONSTRAINT "volunteer_activities_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_activities" ADD CONSTRAINT "volunteer_activities_team_id_volunteer_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."volunteer_teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_activities" ADD CONSTRAINT "volunteer_activities_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_honours" ADD CONSTRAINT "volunteer_honours_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_honours" ADD CONSTRAINT "volunteer_honours_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_hour_claims" ADD CONSTRAINT "volunteer_hour_claims_entry_id_volunteer_hour_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."volunteer_hour_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_hour_decisions" ADD CONSTRAINT "volunteer_hour_decisions_entry_id_volunteer_hour_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."volunteer_hour_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_hour_decisions" ADD CONSTRAINT "volunteer_hour_decisions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_hour_entries" ADD CONSTRAINT "volunteer_hour_entries_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_hour_entries" ADD CONSTRAINT "volunteer_hour_entries_activity_id_volunteer_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."volunteer_activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_hour_entries" ADD CONSTRAINT "volunteer_hour_entries_shift_id_volunteer_shifts_id_fk" FOREIGN KEY ("shift_id") REFERENCES "public"."volunteer_shifts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_hour_entries" ADD CONSTRAINT "volunteer_hour_entries_signup_id_volunteer_signups_id_fk" FOREIGN KEY ("signup_id") REFERENCES "public"."volunteer_signups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_hour_entries" ADD CONSTRAINT "volunteer_hour_entries_reverses_id_volunteer_hour_entries_id_fk" FOREIGN KEY ("reverses_id") REFERENCES "public"."volunteer_hour_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_hour_entries" ADD CONSTRAINT "volunteer_hour_entries_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_number_counters" ADD CONSTRAINT "volunteer_number_counters_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_shifts" ADD CONSTRAINT "volunteer_shifts_activity_id_volunteer_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."volunteer_activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_shifts" ADD CONSTRAINT "volunteer_shifts_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_shifts" ADD CONSTRAINT "volunteer_shifts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_signups" ADD CONSTRAINT "volunteer_signups_shift_id_volunteer_shifts_id_fk" FOREIGN KEY ("shift_id") REFERENCES "public"."volunteer_shifts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_signups" ADD CONSTRAINT "volunteer_signups_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_signups" ADD CONSTRAINT "volunteer_signups_checked_in_by_users_id_fk" FOREIGN KEY ("checked_in_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_signups" ADD CONSTRAINT "volunteer_signups_checked_out_by_users_id_fk" FOREIGN KEY ("checked_out_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_star_settings" ADD CONSTRAINT "volunteer_star_settings_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_star_settings" ADD CONSTRAINT "volunteer_star_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_team_members" ADD CONSTRAINT "volunteer_team_members_team_id_volunteer_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."volunteer_teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_team_members" ADD CONSTRAINT "volunteer_team_members_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_teams" ADD CONSTRAINT "volunteer_teams_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_teams" ADD CONSTRAINT "volunteer_teams_social_worker_id_users_id_fk" FOREIGN KEY ("social_worker_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_teams" ADD CONSTRAINT "volunteer_teams_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_totals" ADD CONSTRAINT "volunteer_totals_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "volunteer_active_months_region_idx" ON "volunteer_active_months" USING btree ("month","region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "volunteer_activities_region_idx" ON "volunteer_activities" USING btree ("region_code" text_pattern_ops,"status");--> statement-breakpoint
CREATE INDEX "volunteer_activities_owner_idx" ON "volunteer_activities" USING btree ("owner_organization_id");--> statement-breakpoint
CREATE INDEX "volunteer_activities_team_idx" ON "volunteer_activities" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "volunteer_honours_volunteer_idx" ON "volunteer_honours" USING btree ("volunteer_id");--> statement-breakpoint
CREATE INDEX "volunteer_hour_entries_volunteer_idx" ON "volunteer_hour_entries" USING btree ("volunteer_id","starts_at");--> statement-breakpoint
CREATE INDEX "volunteer_hour_entries_region_idx" ON "volunteer_hour_entries" USING btree ("region_code" text_pattern_ops,"starts_at");--> statement-breakpoint
CREATE INDEX "volunteer_hour_entries_activity_idx" ON "volunteer_hour_entries" USING btree ("activity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_hour_entries_reverses_unique" ON "volunteer_hour_entries" USING btree ("reverses_id");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_hour_entries_signup_unique" ON "volunteer_hour_entries" USING btree ("signup_id") WHERE kind = 'shift';--> statement-breakpoint
CREATE INDEX "volunteer_shifts_activity_idx" ON "volunteer_shifts" USING btree ("activity_id","starts_at");--> statement-breakpoint
CREATE INDEX "volunteer_shifts_region_starts_idx" ON "volunteer_shifts" USING btree ("region_code" text_pattern_ops,"starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_signups_live_unique" ON "volunteer_signups" USING btree ("shift_id","volunteer_id") WHERE status <> 'cancelled';--> statement-breakpoint
CREATE INDEX "volunteer_signups_shift_idx" ON "volunteer_signups" USING btree ("shift_id","status","queued_at");--> statement-breakpoint
CREATE INDEX "volunteer_signups_volunteer_idx" ON "volunteer_signups" USING btree ("volunteer_id","status");--> statement-breakpoint
CREATE INDEX "volunteer_team_members_volunteer_idx" ON "volunteer_team_members" USING btree ("volunteer_id");--> statement-breakpoint
CREATE INDEX "volunteer_teams_region_idx" ON "volunteer_teams" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_teams_region_name_unique" ON "volunteer_teams" USING btree ("region_code","name");--> statement-breakpoint
CREATE INDEX "volunteer_totals_region_minutes_idx" ON "volunteer_totals" USING btree ("region_code" text_pattern_ops,"approved_minutes");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteers_number_unique" ON "volunteers" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteers_id_number_unique" ON "volunteers" USING btree ("id_number_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteers_user_unique" ON "volunteers" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "volunteers_region_idx" ON "volunteers" USING btree ("region_code" text_pattern_ops,"status");--> statement-breakpoint
CREATE INDEX "volunteers_name_sort_idx" ON "volunteers" USING btree ("name_sort","id");--> statement-breakpoint
-- The hours ledger is append-only: a correction is a reversing entry, a decision is made once.
CREATE TRIGGER volunteer_hour_entries_append_only BEFORE UPDATE OR DELETE ON volunteer_hour_entries
  FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only();
--> statement-breakpoint
CREATE TRIGGER volunteer_hour_decisions_append_only BEFORE UPDATE OR DELETE ON volunteer_hour_decisions
  FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only();
--> statement-breakpoint
-- No volunteer ever has two live claims on the same minutes: hours cannot be counted twice, whatever races.
ALTER TABLE volunteer_hour_claims ADD CONSTRAINT volunteer_hour_claims_no_overlap
  EXCLUDE USING gist (volunteer_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) WHERE (released_at IS NULL);
--> statement-breakpoint
-- A claim is never deleted and changes only to be released, once.
CREATE FUNCTION volunteer_hour_claims_release_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'volunteer_hour_claims is append-only' USING ERRCODE = 'P0001';
  END IF;
  IF OLD.released_at IS NOT NULL OR NEW.released_at IS NULL
     OR NEW.entry_id <> OLD.entry_id OR NEW.volunteer_id <> OLD.volunteer_id
     OR NEW.starts_at <> OLD.starts_at OR NEW.ends_at <> OLD.ends_at THEN
    RAISE EXCEPTION 'a volunteer_hour_claims row changes only to be released, once' USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER volunteer_hour_claims_release_only BEFORE UPDATE OR DELETE ON volunteer_hour_claims
  FOR EACH ROW EXECUTE FUNCTION volunteer_hour_claims_release_only();

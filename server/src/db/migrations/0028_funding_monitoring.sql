CREATE TABLE "funding_evaluation_settings" (
	"call_id" uuid PRIMARY KEY NOT NULL,
	"pass_line" integer NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funding_evaluation_settings_pass_line" CHECK (pass_line between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "funding_evaluations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"organization_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"version" integer NOT NULL,
	"evaluator_id" uuid NOT NULL,
	"indicators" jsonb NOT NULL,
	"overall_score" integer NOT NULL,
	"pass_line" integer NOT NULL,
	"passed" boolean NOT NULL,
	"summary" text NOT NULL,
	"correction_reason" text,
	"superseded_at" timestamp with time zone,
	"released" jsonb DEFAULT '{"paid":[],"withheld":[]}'::jsonb NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funding_evaluations_version_uq" UNIQUE("contract_id","kind","version"),
	CONSTRAINT "funding_evaluations_kind" CHECK (kind in ('mid', 'final')),
	CONSTRAINT "funding_evaluations_score" CHECK (overall_score between 0 and 100 and pass_line between 0 and 100),
	CONSTRAINT "funding_evaluations_passed" CHECK (passed = (overall_score >= pass_line)),
	CONSTRAINT "funding_evaluations_correction" CHECK ((version = 1) = (correction_reason is null))
);
--> statement-breakpoint
CREATE TABLE "funding_progress_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"organization_id" uuid NOT NULL,
	"period_no" integer NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"due_on" date NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"activities" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"beneficiary_count" integer,
	"narrative" text,
	"photo_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"return_reason" text,
	"overdue_flagged_at" timestamp with time zone,
	CONSTRAINT "funding_progress_reports_period_uq" UNIQUE("contract_id","period_no"),
	CONSTRAINT "funding_progress_reports_status" CHECK (status in ('pending', 'submitted', 'accepted', 'returned')),
	CONSTRAINT "funding_progress_reports_beneficiaries" CHECK (beneficiary_count is null or beneficiary_count >= 0),
	CONSTRAINT "funding_progress_reports_period" CHECK (ends_on >= starts_on and due_on > ends_on),
	CONSTRAINT "funding_progress_reports_sent" CHECK (status = 'pending' or (submitted_at is not null and beneficiary_count is not null and narrative is not null)),
	CONSTRAINT "funding_progress_reports_returned" CHECK (status <> 'returned' or return_reason is not null)
);
--> statement-breakpoint
CREATE TABLE "funding_report_schedules" (
	"contract_id" uuid PRIMARY KEY NOT NULL,
	"frequency" text NOT NULL,
	"set_by" uuid,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funding_report_schedules_frequency" CHECK (frequency in ('monthly', 'quarterly'))
);
--> statement-breakpoint
CREATE TABLE "funding_site_visits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"organization_id" uuid NOT NULL,
	"monitor_id" uuid NOT NULL,
	"visited_on" date NOT NULL,
	"findings" text NOT NULL,
	"rating" text NOT NULL,
	"photo_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funding_site_visits_rating" CHECK (rating in ('excellent', 'good', 'fair', 'poor'))
);
--> statement-breakpoint
ALTER TABLE "funding_evaluation_settings" ADD CONSTRAINT "funding_evaluation_settings_call_id_funding_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."funding_calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_evaluation_settings" ADD CONSTRAINT "funding_evaluation_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_evaluations" ADD CONSTRAINT "funding_evaluations_contract_id_funding_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."funding_contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_evaluations" ADD CONSTRAINT "funding_evaluations_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_evaluations" ADD CONSTRAINT "funding_evaluations_evaluator_id_users_id_fk" FOREIGN KEY ("evaluator_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_progress_reports" ADD CONSTRAINT "funding_progress_reports_contract_id_funding_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."funding_contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_progress_reports" ADD CONSTRAINT "funding_progress_reports_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_progress_reports" ADD CONSTRAINT "funding_progress_reports_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_progress_reports" ADD CONSTRAINT "funding_progress_reports_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_report_schedules" ADD CONSTRAINT "funding_report_schedules_contract_id_funding_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."funding_contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_report_schedules" ADD CONSTRAINT "funding_report_schedules_set_by_users_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_site_visits" ADD CONSTRAINT "funding_site_visits_contract_id_funding_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."funding_contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_site_visits" ADD CONSTRAINT "funding_site_visits_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_site_visits" ADD CONSTRAINT "funding_site_visits_monitor_id_users_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "funding_evaluations_current_uq" ON "funding_evaluations" USING btree ("contract_id","kind") WHERE superseded_at is null;--> statement-breakpoint
CREATE INDEX "funding_evaluations_org_idx" ON "funding_evaluations" USING btree ("organization_id","submitted_at");--> statement-breakpoint
CREATE INDEX "funding_progress_reports_due_idx" ON "funding_progress_reports" USING btree ("status","due_on");--> statement-breakpoint
CREATE INDEX "funding_progress_reports_region_idx" ON "funding_progress_reports" USING btree ("region_code" text_pattern_ops,"due_on");--> statement-breakpoint
CREATE INDEX "funding_progress_reports_org_idx" ON "funding_progress_reports" USING btree ("organization_id","due_on");--> statement-breakpoint
CREATE INDEX "funding_site_visits_contract_idx" ON "funding_site_visits" USING btree ("contract_id","visited_on");--> statement-breakpoint
ALTER TABLE "funding_progress_reports" ADD CONSTRAINT "funding_progress_reports_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "registry_organizations"("id");--> statement-breakpoint
ALTER TABLE "funding_site_visits" ADD CONSTRAINT "funding_site_visits_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "registry_organizations"("id");--> statement-breakpoint
ALTER TABLE "funding_evaluations" ADD CONSTRAINT "funding_evaluations_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "registry_organizations"("id");--> statement-breakpoint
-- An evaluation is submitted once: a correction is a new version, and the old row may change only to be superseded, once.
CREATE FUNCTION funding_evaluations_submitted_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.superseded_at IS NOT NULL OR NEW.superseded_at IS NULL
     OR (to_jsonb(NEW) - 'superseded_at') IS DISTINCT FROM (to_jsonb(OLD) - 'superseded_at') THEN
    RAISE EXCEPTION 'funding_evaluations: a submitted evaluation is not changed; correct it with a new version' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER funding_evaluations_submitted_once BEFORE UPDATE ON "funding_evaluations" FOR EACH ROW EXECUTE FUNCTION funding_evaluations_submitted_once();

CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"actor_name" text,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"region_code" text,
	"before" jsonb,
	"after" jsonb,
	"request_id" text
);
--> statement-breakpoint
CREATE TABLE "files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"storage_key" text NOT NULL,
	"original_name" text NOT NULL,
	"mime_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"region_code" text NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "login_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ip" text NOT NULL,
	"username" text NOT NULL,
	"success" boolean NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"code" text PRIMARY KEY NOT NULL,
	"parent_code" text,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "regions_code_12_digits" CHECK ("regions"."code" ~ '^[0-9]{12}$')
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	"region_code" text NOT NULL,
	"organization_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"locale" text,
	"phone" text,
	"active" boolean DEFAULT true NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"home_region_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "workflow_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workflow" text NOT NULL,
	"entity_id" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"action" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text,
	"comment" text,
	"attachment_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"region_code" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry_categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"name_zh_tw" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registry_categories_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "registry_filing_counters" (
	"street_code" text NOT NULL,
	"year" integer NOT NULL,
	"last_seq" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "registry_filing_counters_pk" UNIQUE("street_code","year")
);
--> statement-breakpoint
CREATE TABLE "registry_filings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"kind" text NOT NULL,
	"state" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"submitted_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registry_filings_kind" CHECK (kind in ('initial', 'change', 'deregistration')),
	CONSTRAINT "registry_filings_state" CHECK (state in ('draft', 'submitted', 'returned', 'approved', 'withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "registry_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"name" text NOT NULL,
	"phone" text,
	"id_number" text,
	"gender" text,
	"role" text DEFAULT 'member' NOT NULL,
	"age_band" text,
	"is_party_member" boolean DEFAULT false NOT NULL,
	"joined_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registry_members_role" CHECK (role in ('leader', 'deputy', 'contact', 'member'))
);
--> statement-breakpoint
CREATE TABLE "registry_monthly_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"month" date NOT NULL,
	"responsible_person" boolean NOT NULL,
	"flag" boolean NOT NULL,
	"venue_permit" boolean NOT NULL,
	"meeting_held" boolean NOT NULL,
	"training_held" boolean NOT NULL,
	"report_form" boolean DEFAULT true NOT NULL,
	"meeting_date" date,
	"training_topic" text,
	"notes" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registry_monthly_reports_org_month" UNIQUE("organization_id","month"),
	CONSTRAINT "registry_monthly_reports_first_of_month" CHECK (extract(day from month) = 1)
);
--> statement-breakpoint
CREATE TABLE "registry_organizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"legal_form" text NOT NULL,
	"name" text NOT NULL,
	"uscc" text,
	"uscc_override_reason" text,
	"uscc_override_by" uuid,
	"registration_level" text,
	"category_id" uuid,
	"founded_on" date,
	"status" text NOT NULL,
	"stage" text,
	"grade" text,
	"grade_valid_until" date,
	"star_rating" integer,
	"parent_id" uuid,
	"leader_name" text,
	"leader_phone" text,
	"leader_id_number" text,
	"address" text,
	"activity_content" text,
	"venue" text,
	"business_scope" text,
	"filing_number" text,
	"filed_at" timestamp with time zone,
	"member_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registry_organizations_filing_number_unique" UNIQUE("filing_number"),
	CONSTRAINT "registry_org_uscc_unique" UNIQUE("uscc"),
	CONSTRAINT "registry_org_legal_form" CHECK (legal_form in ('social_group', 'social_service_agency', 'foundation', 'community_org', 'grassroots_team')),
	CONSTRAINT "registry_org_status" CHECK (status in ('draft', 'submitted', 'returned', 'filed', 'registered', 'suspended', 'dissolved')),
	CONSTRAINT "registry_org_star" CHECK (star_rating is null or star_rating between 1 and 5),
	CONSTRAINT "registry_org_uscc_len" CHECK (uscc is null or length(uscc) = 18)
);
--> statement-breakpoint
ALTER TABLE "files" ADD CONSTRAINT "files_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "files" ADD CONSTRAINT "files_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "regions" ADD CONSTRAINT "regions_parent_code_regions_code_fk" FOREIGN KEY ("parent_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_grants" ADD CONSTRAINT "user_grants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_grants" ADD CONSTRAINT "user_grants_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_home_region_code_regions_code_fk" FOREIGN KEY ("home_region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_filings" ADD CONSTRAINT "registry_filings_organization_id_registry_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."registry_organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_filings" ADD CONSTRAINT "registry_filings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_members" ADD CONSTRAINT "registry_members_organization_id_registry_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."registry_organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_monthly_reports" ADD CONSTRAINT "registry_monthly_reports_organization_id_registry_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."registry_organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_monthly_reports" ADD CONSTRAINT "registry_monthly_reports_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_organizations" ADD CONSTRAINT "registry_organizations_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_organizations" ADD CONSTRAINT "registry_organizations_uscc_override_by_users_id_fk" FOREIGN KEY ("uscc_override_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_organizations" ADD CONSTRAINT "registry_organizations_category_id_registry_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."registry_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_organizations" ADD CONSTRAINT "registry_organizations_parent_id_registry_organizations_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."registry_organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_region_idx" ON "audit_log" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "files_region_idx" ON "files" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "login_attempts_ip_at_idx" ON "login_attempts" USING btree ("ip","at");--> statement-breakpoint
CREATE INDEX "regions_parent_idx" ON "regions" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "user_grants_user_idx" ON "user_grants" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "users_home_region_idx" ON "users" USING btree ("home_region_code");--> statement-breakpoint
CREATE INDEX "workflow_history_entity_idx" ON "workflow_history" USING btree ("workflow","entity_id");--> statement-breakpoint
CREATE INDEX "registry_filings_region_state_idx" ON "registry_filings" USING btree ("region_code" text_pattern_ops,"state");--> statement-breakpoint
CREATE INDEX "registry_filings_org_idx" ON "registry_filings" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "registry_members_org_idx" ON "registry_members" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "registry_members_region_idx" ON "registry_members" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "registry_monthly_reports_region_month_idx" ON "registry_monthly_reports" USING btree ("region_code" text_pattern_ops,"month");--> statement-breakpoint
CREATE INDEX "registry_org_region_idx" ON "registry_organizations" USING btree ("region_code" text_pattern_ops,"id");--> statement-breakpoint
CREATE INDEX "registry_org_region_updated_idx" ON "registry_organizations" USING btree ("region_code" text_pattern_ops,"updated_at");--> statement-breakpoint
CREATE INDEX "registry_org_name_trgm_idx" ON "registry_organizations" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "registry_org_category_idx" ON "registry_organizations" USING btree ("category_id");--> statement-breakpoint
CREATE INDEX "registry_org_parent_idx" ON "registry_organizations" USING btree ("parent_id");
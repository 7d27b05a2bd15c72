CREATE TABLE "registry_monthly_report_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"month" date NOT NULL,
	"version" integer NOT NULL,
	"responsible_person" boolean NOT NULL,
	"flag" boolean NOT NULL,
	"venue_permit" boolean NOT NULL,
	"meeting_held" boolean NOT NULL,
	"training_held" boolean NOT NULL,
	"report_form" boolean NOT NULL,
	"meeting_date" date,
	"training_topic" text,
	"notes" text,
	"responsible_person_name" text,
	"venue" text,
	"correction_reason" text,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "registry_monthly_report_versions_report_version" UNIQUE("report_id","version")
);
--> statement-breakpoint
ALTER TABLE "registry_monthly_reports" ADD COLUMN "responsible_person_name" text;--> statement-breakpoint
ALTER TABLE "registry_monthly_reports" ADD COLUMN "venue" text;--> statement-breakpoint
ALTER TABLE "registry_monthly_reports" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "registry_monthly_reports" ADD COLUMN "correction_reason" text;--> statement-breakpoint
ALTER TABLE "registry_monthly_report_versions" ADD CONSTRAINT "registry_monthly_report_versions_report_id_registry_monthly_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."registry_monthly_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_monthly_report_versions" ADD CONSTRAINT "registry_monthly_report_versions_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_monthly_reports" ADD CONSTRAINT "registry_monthly_reports_meeting_in_month" CHECK (meeting_date is null or (meeting_date >= month and meeting_date < month + interval '1 month')) NOT VALID;--> statement-breakpoint
-- NOT VALID above: reports stored before the rule keep their dates (a record is not rewritten by a migration); new and corrected ones obey it.
-- A report's history is append-only, like the audit log: a correction adds a version, never rewrites one.
CREATE TRIGGER registry_monthly_report_versions_append_only BEFORE UPDATE OR DELETE ON registry_monthly_report_versions
  FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only();

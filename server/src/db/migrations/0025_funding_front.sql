CREATE TABLE "funding_contracts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"call_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"purchaser_name" text NOT NULL,
	"provider_name" text NOT NULL,
	"title" text NOT NULL,
	"content" jsonb NOT NULL,
	"amount_fen" bigint NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"recurring_service" boolean DEFAULT false NOT NULL,
	"recurring_reason" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"previous_contract_id" uuid,
	"contract_number" text,
	"signed_at" timestamp with time zone,
	"signed_by" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funding_contracts_contract_number_unique" UNIQUE("contract_number"),
	CONSTRAINT "funding_contracts_application_uq" UNIQUE("application_id"),
	CONSTRAINT "funding_contracts_previous_uq" UNIQUE("previous_contract_id"),
	CONSTRAINT "funding_contracts_status" CHECK (status in ('draft', 'signed', 'completed', 'terminated')),
	CONSTRAINT "funding_contracts_amount" CHECK (amount_fen > 0),
	CONSTRAINT "funding_contracts_term" CHECK (ends_on >= starts_on),
	CONSTRAINT "funding_contracts_term_length" CHECK (ends_on < starts_on + (case when recurring_service then interval '3 years' else interval '1 year' end)),
	CONSTRAINT "funding_contracts_recurring_reason" CHECK (not recurring_service or recurring_reason is not null),
	CONSTRAINT "funding_contracts_signed" CHECK (status = 'draft' or signed_at is not null)
);
--> statement-breakpoint
CREATE TABLE "funding_milestones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"due_on" date NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"accepted_by" uuid,
	"accepted_at" timestamp with time zone,
	CONSTRAINT "funding_milestones_position_uq" UNIQUE("contract_id","position"),
	CONSTRAINT "funding_milestones_status" CHECK (status in ('pending', 'submitted', 'accepted', 'rejected'))
);
--> statement-breakpoint
CREATE TABLE "funding_tranches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"amount_fen" bigint NOT NULL,
	"released_by" text NOT NULL,
	"milestone_id" uuid,
	"status" text DEFAULT 'pending' NOT NULL,
	"journal_id" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"reason" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "funding_tranches_position_uq" UNIQUE("contract_id","position"),
	CONSTRAINT "funding_tranches_amount" CHECK (amount_fen > 0),
	CONSTRAINT "funding_tranches_released_by" CHECK (released_by in ('signing', 'milestone', 'mid_evaluation', 'final_evaluation')),
	CONSTRAINT "funding_tranches_milestone" CHECK ((released_by = 'milestone') = (milestone_id is not null)),
	CONSTRAINT "funding_tranches_status" CHECK (status in ('pending', 'paid', 'withheld')),
	CONSTRAINT "funding_tranches_decided" CHECK (status = 'pending' or (journal_id is not null and decided_at is not null))
);
--> statement-breakpoint
ALTER TABLE "funding_calls" ADD COLUMN "cancel_reason" text;--> statement-breakpoint
ALTER TABLE "funding_contracts" ADD CONSTRAINT "funding_contracts_application_id_funding_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."funding_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_contracts" ADD CONSTRAINT "funding_contracts_call_id_funding_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."funding_calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_contracts" ADD CONSTRAINT "funding_contracts_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_contracts" ADD CONSTRAINT "funding_contracts_previous_contract_id_funding_contracts_id_fk" FOREIGN KEY ("previous_contract_id") REFERENCES "public"."funding_contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_contracts" ADD CONSTRAINT "funding_contracts_signed_by_users_id_fk" FOREIGN KEY ("signed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_contracts" ADD CONSTRAINT "funding_contracts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_milestones" ADD CONSTRAINT "funding_milestones_contract_id_funding_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."funding_contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_milestones" ADD CONSTRAINT "funding_milestones_accepted_by_users_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_tranches" ADD CONSTRAINT "funding_tranches_contract_id_funding_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."funding_contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_tranches" ADD CONSTRAINT "funding_tranches_milestone_id_funding_milestones_id_fk" FOREIGN KEY ("milestone_id") REFERENCES "public"."funding_milestones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_tranches" ADD CONSTRAINT "funding_tranches_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "funding_contracts_region_idx" ON "funding_contracts" USING btree ("region_code" text_pattern_ops,"starts_on");--> statement-breakpoint
CREATE INDEX "funding_contracts_org_idx" ON "funding_contracts" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "funding_contracts_call_idx" ON "funding_contracts" USING btree ("call_id");--> statement-breakpoint
CREATE INDEX "funding_tranches_contract_idx" ON "funding_tranches" USING btree ("contract_id");--> statement-breakpoint
-- An application belongs to an organisation of the register (the tables file names no other module's table).
ALTER TABLE "funding_applications" ADD CONSTRAINT "funding_applications_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "registry_organizations"("id");
--> statement-breakpoint
-- A merged need points at the need kept, which is never itself merged: no chains, whatever writes the rows.
CREATE FUNCTION funding_needs_no_merge_chain() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.merged_into_id IS NOT NULL AND EXISTS (
    SELECT 1 FROM funding_needs WHERE id = NEW.merged_into_id AND merged_into_id IS NOT NULL
  ) THEN
    RAISE EXCEPTION 'funding need % would be merged into a merged need', NEW.id USING ERRCODE = '23514';
  END IF;
  IF NEW.merged_into_id IS NOT NULL AND EXISTS (
    SELECT 1 FROM funding_needs WHERE merged_into_id = NEW.id
  ) THEN
    RAISE EXCEPTION 'funding need % has needs merged into it', NEW.id USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER funding_needs_no_merge_chain BEFORE INSERT OR UPDATE OF merged_into_id ON funding_needs
  FOR EACH ROW EXECUTE FUNCTION funding_needs_no_merge_chain();

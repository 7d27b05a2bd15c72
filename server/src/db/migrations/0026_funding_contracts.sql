CREATE TABLE "funding_contract_counters" (
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"last_seq" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "funding_contract_counters_region_code_year_pk" PRIMARY KEY("region_code","year")
);
--> statement-breakpoint
CREATE TABLE "funding_expert_conflicts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"panel_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"tie" text NOT NULL,
	"declared_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funding_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"call_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"entries" jsonb NOT NULL,
	"objection_days" integer NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"published_by" uuid,
	"fixed_at" timestamp with time zone,
	"fixed_by" uuid,
	CONSTRAINT "funding_notices_days" CHECK (objection_days between 1 and 30),
	CONSTRAINT "funding_notices_ends" CHECK (ends_on > published_on)
);
--> statement-breakpoint
CREATE TABLE "funding_objections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"notice_id" uuid NOT NULL,
	"application_id" uuid,
	"name" text NOT NULL,
	"contact" text NOT NULL,
	"text" text NOT NULL,
	"lodged_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decision" text,
	"answer" text,
	"withdrew_approval" boolean DEFAULT false NOT NULL,
	"answered_by" uuid,
	"answered_at" timestamp with time zone,
	CONSTRAINT "funding_objections_decision" CHECK (decision is null or decision in ('upheld', 'dismissed')),
	CONSTRAINT "funding_objections_answered" CHECK ((decision is null) = (answered_at is null) and (decision is null) = (answer is null))
);
--> statement-breakpoint
CREATE TABLE "funding_panel_experts" (
	"panel_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"declared_at" timestamp with time zone,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funding_panel_experts_panel_id_user_id_pk" PRIMARY KEY("panel_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "funding_panels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"call_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"aggregation" text NOT NULL,
	"criteria" jsonb NOT NULL,
	"review_deadline" timestamp with time zone NOT NULL,
	"chair_id" uuid NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" uuid,
	"close_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funding_panels_aggregation" CHECK (aggregation in ('mean', 'trimmed_mean')),
	CONSTRAINT "funding_panels_status" CHECK (status in ('open', 'closed')),
	CONSTRAINT "funding_panels_closed" CHECK ((status = 'closed') = (closed_at is not null))
);
--> statement-breakpoint
CREATE TABLE "funding_proposal_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"changed_fields" text[] NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_by" uuid,
	CONSTRAINT "funding_proposal_versions_version" CHECK (version >= 1)
);
--> statement-breakpoint
CREATE TABLE "funding_review_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"panel_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"expert_id" uuid NOT NULL,
	"assigned_by" uuid,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	"removed_reason" text
);
--> statement-breakpoint
CREATE TABLE "funding_review_results" (
	"application_id" uuid PRIMARY KEY NOT NULL,
	"panel_id" uuid NOT NULL,
	"score_count" integer NOT NULL,
	"aggregate_hundredths" integer,
	"rank" integer,
	"decision" text NOT NULL,
	"line_decision" text NOT NULL,
	"adjust_reason" text,
	"conditions" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funding_review_results_decision" CHECK (decision in ('approved', 'not_funded')),
	CONSTRAINT "funding_review_results_line" CHECK (line_decision in ('approved', 'not_funded'))
);
--> statement-breakpoint
CREATE TABLE "funding_review_scores" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assignment_id" uuid NOT NULL,
	"scores" jsonb NOT NULL,
	"total_hundredths" integer NOT NULL,
	"comment" text NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"returned_at" timestamp with time zone,
	"returned_by" uuid,
	"return_reason" text,
	CONSTRAINT "funding_review_scores_total" CHECK (total_hundredths between 0 and 10000)
);
--> statement-breakpoint
ALTER TABLE "funding_contracts" DROP CONSTRAINT "funding_contracts_application_uq";--> statement-breakpoint
ALTER TABLE "funding_contracts" ADD COLUMN "fund_id" uuid;--> statement-breakpoint
ALTER TABLE "funding_contracts" ADD COLUMN "completed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "funding_contracts" ADD COLUMN "terminated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "funding_contracts" ADD COLUMN "termination_reason" text;--> statement-breakpoint
ALTER TABLE "funding_expert_conflicts" ADD CONSTRAINT "funding_expert_conflicts_panel_id_funding_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."funding_panels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_expert_conflicts" ADD CONSTRAINT "funding_expert_conflicts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_notices" ADD CONSTRAINT "funding_notices_call_id_funding_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."funding_calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_notices" ADD CONSTRAINT "funding_notices_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_notices" ADD CONSTRAINT "funding_notices_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_notices" ADD CONSTRAINT "funding_notices_fixed_by_users_id_fk" FOREIGN KEY ("fixed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_objections" ADD CONSTRAINT "funding_objections_notice_id_funding_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."funding_notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_objections" ADD CONSTRAINT "funding_objections_application_id_funding_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."funding_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_objections" ADD CONSTRAINT "funding_objections_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_panel_experts" ADD CONSTRAINT "funding_panel_experts_panel_id_funding_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."funding_panels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_panel_experts" ADD CONSTRAINT "funding_panel_experts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_panels" ADD CONSTRAINT "funding_panels_call_id_funding_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."funding_calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_panels" ADD CONSTRAINT "funding_panels_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_panels" ADD CONSTRAINT "funding_panels_chair_id_users_id_fk" FOREIGN KEY ("chair_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_panels" ADD CONSTRAINT "funding_panels_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_panels" ADD CONSTRAINT "funding_panels_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_proposal_versions" ADD CONSTRAINT "funding_proposal_versions_application_id_funding_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."funding_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_proposal_versions" ADD CONSTRAINT "funding_proposal_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_proposal_versions" ADD CONSTRAINT "funding_proposal_versions_accepted_by_users_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_review_assignments" ADD CONSTRAINT "funding_review_assignments_panel_id_funding_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."funding_panels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_review_assignments" ADD CONSTRAINT "funding_review_assignments_application_id_funding_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."funding_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_review_assignments" ADD CONSTRAINT "funding_review_assignments_expert_id_users_id_fk" FOREIGN KEY ("expert_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_review_assignments" ADD CONSTRAINT "funding_review_assignments_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_review_results" ADD CONSTRAINT "funding_review_results_application_id_funding_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."funding_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_review_results" ADD CONSTRAINT "funding_review_results_panel_id_funding_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."funding_panels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_review_scores" ADD CONSTRAINT "funding_review_scores_assignment_id_funding_review_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."funding_review_assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_review_scores" ADD CONSTRAINT "funding_review_scores_returned_by_users_id_fk" FOREIGN KEY ("returned_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "funding_expert_conflicts_uq" ON "funding_expert_conflicts" USING btree ("panel_id","user_id","organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "funding_notices_call_uq" ON "funding_notices" USING btree ("call_id");--> statement-breakpoint
CREATE INDEX "funding_notices_region_idx" ON "funding_notices" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "funding_objections_notice_idx" ON "funding_objections" USING btree ("notice_id","lodged_at");--> statement-breakpoint
CREATE INDEX "funding_panel_experts_user_idx" ON "funding_panel_experts" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "funding_panels_call_uq" ON "funding_panels" USING btree ("call_id");--> statement-breakpoint
CREATE INDEX "funding_panels_region_idx" ON "funding_panels" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "funding_proposal_versions_uq" ON "funding_proposal_versions" USING btree ("application_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "funding_proposal_versions_accepted_uq" ON "funding_proposal_versions" USING btree ("application_id") WHERE accepted_at is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "funding_review_assignments_live_uq" ON "funding_review_assignments" USING btree ("application_id","expert_id") WHERE removed_at is null;--> statement-breakpoint
CREATE INDEX "funding_review_assignments_panel_idx" ON "funding_review_assignments" USING btree ("panel_id");--> statement-breakpoint
CREATE INDEX "funding_review_assignments_expert_idx" ON "funding_review_assignments" USING btree ("expert_id");--> statement-breakpoint
CREATE INDEX "funding_review_results_panel_idx" ON "funding_review_results" USING btree ("panel_id","rank");--> statement-breakpoint
CREATE UNIQUE INDEX "funding_review_scores_live_uq" ON "funding_review_scores" USING btree ("assignment_id") WHERE returned_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "funding_contracts_application_uq" ON "funding_contracts" USING btree ("application_id") WHERE previous_contract_id is null;--> statement-breakpoint
ALTER TABLE "funding_contracts" ADD CONSTRAINT "funding_contracts_terminated" CHECK ((status = 'terminated') = (terminated_at is not null and termination_reason is not null));--> statement-breakpoint
-- Contracts (F8) by hand: the foreign keys into other modules' tables, and the rules that must hold whatever code writes.
ALTER TABLE "funding_contracts" ADD CONSTRAINT "funding_contracts_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "registry_organizations"("id");--> statement-breakpoint
ALTER TABLE "funding_contracts" ADD CONSTRAINT "funding_contracts_fund_id_fk" FOREIGN KEY ("fund_id") REFERENCES "ledger_funds"("id");--> statement-breakpoint
ALTER TABLE "funding_tranches" ADD CONSTRAINT "funding_tranches_journal_id_fk" FOREIGN KEY ("journal_id") REFERENCES "ledger_journals"("id");--> statement-breakpoint
CREATE INDEX "funding_contracts_fund_idx" ON "funding_contracts" USING btree ("fund_id");--> statement-breakpoint
-- A tranche is decided once: paid or withheld, it never changes again (nor is it deleted), so the journal it names
-- stays the one that paid or released it. While the contract is a draft its tranches are freely rewritten; after
-- signing, what a tranche pays and what releases it are the contract's terms and stay as signed.
CREATE OR REPLACE FUNCTION funding_tranche_guard() RETURNS trigger AS $$
DECLARE
  contract_status text;
BEGIN
  IF OLD.status <> 'pending' THEN
    RAISE EXCEPTION 'funding tranche % was decided (%) and cannot change', OLD.id, OLD.status
      USING ERRCODE = 'check_violation', CONSTRAINT = 'funding_tranches_decided_once';
  END IF;
  SELECT status INTO contract_status FROM funding_contracts WHERE id = OLD.contract_id;
  IF contract_status IS DISTINCT FROM 'draft' AND contract_status IS NOT NULL AND (TG_OP = 'DELETE'
      OR NEW.amount_fen <> OLD.amount_fen OR NEW.released_by <> OLD.released_by
      OR NEW.milestone_id IS DISTINCT FROM OLD.milestone_id OR NEW.position <> OLD.position OR NEW.contract_id <> OLD.contract_id) THEN
    RAISE EXCEPTION 'funding tranche % belongs to a signed contract: its terms cannot change', OLD.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'funding_tranches_signed_terms';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER funding_tranches_guard BEFORE UPDATE OR DELETE ON funding_tranches
  FOR EACH ROW EXECUTE FUNCTION funding_tranche_guard();
--> statement-breakpoint
-- A signed contract's terms are what was signed: amount, term, content, parties, fund and number stay; it never
-- returns to draft.
CREATE OR REPLACE FUNCTION funding_contract_guard() RETURNS trigger AS $$
BEGIN
  IF OLD.status <> 'draft' AND (NEW.status = 'draft' OR NEW.amount_fen <> OLD.amount_fen OR NEW.starts_on <> OLD.starts_on
      OR NEW.ends_on <> OLD.ends_on OR NEW.content <> OLD.content OR NEW.organization_id <> OLD.organization_id
      OR NEW.fund_id IS DISTINCT FROM OLD.fund_id OR NEW.contract_number IS DISTINCT FROM OLD.contract_number
      OR NEW.application_id <> OLD.application_id OR NEW.call_id <> OLD.call_id) THEN
    RAISE EXCEPTION 'funding contract % is signed: its terms cannot change', OLD.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'funding_contracts_signed_terms';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER funding_contracts_guard BEFORE UPDATE ON funding_contracts
  FOR EACH ROW EXECUTE FUNCTION funding_contract_guard();
--> statement-breakpoint
-- The tranches of a contract past draft add up to its amount, to the fen: checked at COMMIT, when the contract and all
-- its tranches are written.
CREATE OR REPLACE FUNCTION funding_check_tranche_sum() RETURNS trigger AS $$
DECLARE
  contract uuid;
  amount bigint;
  contract_status text;
  total numeric;
BEGIN
  IF TG_TABLE_NAME = 'funding_contracts' THEN
    contract := NEW.id;
  ELSIF TG_OP = 'DELETE' THEN
    contract := OLD.contract_id;
  ELSE
    contract := NEW.contract_id;
  END IF;
  SELECT c.amount_fen, c.status INTO amount, contract_status FROM funding_contracts c WHERE c.id = contract;
  IF contract_status IS NULL OR contract_status = 'draft' THEN
    RETURN NULL;
  END IF;
  SELECT coalesce(sum(amount_fen), 0) INTO total FROM funding_tranches WHERE contract_id = contract;
  IF total <> amount THEN
    RAISE EXCEPTION 'funding contract % has tranches summing to % fen, not its amount %', contract, total, amount
      USING ERRCODE = 'check_violation', CONSTRAINT = 'funding_contracts_tranche_sum';
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER funding_contracts_tranche_sum AFTER INSERT OR UPDATE ON funding_contracts
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION funding_check_tranche_sum();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER funding_tranches_sum AFTER INSERT OR UPDATE OR DELETE ON funding_tranches
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION funding_check_tranche_sum();

CREATE TABLE "ledger_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"fund_id" uuid NOT NULL,
	"role" text NOT NULL,
	"owner_type" text,
	"owner_id" text,
	"allow_negative" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_accounts_owner_unique" UNIQUE NULLS NOT DISTINCT("fund_id","role","owner_type","owner_id"),
	CONSTRAINT "ledger_accounts_owner_pair" CHECK (("ledger_accounts"."owner_type" is null) = ("ledger_accounts"."owner_id" is null)),
	CONSTRAINT "ledger_accounts_negative_only_external" CHECK (not "ledger_accounts"."allow_negative" or "ledger_accounts"."role" in ('source', 'donor'))
);
--> statement-breakpoint
CREATE TABLE "ledger_balances" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"fund_id" uuid NOT NULL,
	"balance_fen" bigint DEFAULT 0 NOT NULL,
	"allow_negative" boolean NOT NULL,
	CONSTRAINT "ledger_balances_non_negative" CHECK ("ledger_balances"."allow_negative" or "ledger_balances"."balance_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ledger_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"journal_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"amount_fen" bigint NOT NULL,
	CONSTRAINT "ledger_entries_non_zero" CHECK ("ledger_entries"."amount_fen" <> 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_funds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_funds_name_unique" UNIQUE("region_code","year","name"),
	CONSTRAINT "ledger_funds_year" CHECK ("ledger_funds"."year" between 2000 and 2100)
);
--> statement-breakpoint
CREATE TABLE "ledger_journals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"fund_id" uuid NOT NULL,
	"key" text NOT NULL,
	"reason" text NOT NULL,
	"source_type" text,
	"source_id" text,
	"reverses_journal_id" uuid,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_journals_key_unique" UNIQUE("key"),
	CONSTRAINT "ledger_journals_reverses_unique" UNIQUE("reverses_journal_id")
);
--> statement-breakpoint
CREATE TABLE "work_calendar_days" (
	"date" date PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "work_calendar_days_kind" CHECK ("work_calendar_days"."kind" in ('holiday', 'workday'))
);
--> statement-breakpoint
CREATE TABLE "work_calendar_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"source" text NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "work_calendar_years_status" CHECK ("work_calendar_years"."status" in ('official', 'provisional'))
);
--> statement-breakpoint
CREATE TABLE "funding_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"call_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"topic_id" uuid,
	"status" text DEFAULT 'draft' NOT NULL,
	"title" text NOT NULL,
	"summary" text,
	"goals" text,
	"activities" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"target_beneficiaries" text,
	"beneficiary_count" integer,
	"indicators" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"amount_fen" bigint DEFAULT 0 NOT NULL,
	"screening" jsonb,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funding_applications_status" CHECK (status in ('draft', 'submitted', 'withdrawn', 'screened_out', 'screened_in', 'in_review', 'not_funded', 'approved', 'contracted')),
	CONSTRAINT "funding_applications_amount" CHECK (amount_fen >= 0),
	CONSTRAINT "funding_applications_beneficiaries" CHECK (beneficiary_count is null or beneficiary_count >= 0),
	CONSTRAINT "funding_applications_submitted" CHECK (status in ('draft') or submitted_at is not null)
);
--> statement-breakpoint
CREATE TABLE "funding_budget_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"item" text NOT NULL,
	"category" text,
	"amount_fen" bigint NOT NULL,
	"note" text,
	CONSTRAINT "funding_budget_lines_amount" CHECK (amount_fen > 0)
);
--> statement-breakpoint
CREATE TABLE "funding_call_topics" (
	"call_id" uuid NOT NULL,
	"topic_id" uuid NOT NULL,
	CONSTRAINT "funding_call_topics_call_id_topic_id_pk" PRIMARY KEY("call_id","topic_id")
);
--> statement-breakpoint
CREATE TABLE "funding_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"call_type" text NOT NULL,
	"year" integer NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"steps" text[] NOT NULL,
	"step" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"budget_fen" bigint NOT NULL,
	"cap_fen" bigint,
	"opens_at" timestamp with time zone,
	"deadline" timestamp with time zone NOT NULL,
	"eligibility" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"form" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"fund_id" uuid,
	"created_by" uuid,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funding_calls_type" CHECK (call_type in ('purchase', 'venture', 'micro_venture', 'self_governance', 'seed_fund')),
	CONSTRAINT "funding_calls_status" CHECK (status in ('draft', 'published', 'completed', 'cancelled')),
	CONSTRAINT "funding_calls_budget" CHECK (budget_fen >= 0),
	CONSTRAINT "funding_calls_cap" CHECK (cap_fen is null or (cap_fen > 0 and cap_fen <= budget_fen)),
	CONSTRAINT "funding_calls_year" CHECK (year between 2000 and 2100),
	CONSTRAINT "funding_calls_opens_before_deadline" CHECK (opens_at is null or opens_at < deadline)
);
--> statement-breakpoint
CREATE TABLE "funding_needs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"source" text NOT NULL,
	"source_name" text,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"beneficiaries" text,
	"status" text DEFAULT 'open' NOT NULL,
	"merged_into_id" uuid,
	"topic_id" uuid,
	"close_reason" text,
	"submitted_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funding_needs_source" CHECK (source in ('resident', 'community', 'department', 'organization')),
	CONSTRAINT "funding_needs_status" CHECK (status in ('open', 'merged', 'in_topic', 'closed')),
	CONSTRAINT "funding_needs_merged" CHECK ((status = 'merged') = (merged_into_id is not null)),
	CONSTRAINT "funding_needs_in_topic" CHECK (status <> 'in_topic' or topic_id is not null),
	CONSTRAINT "funding_needs_not_self" CHECK (merged_into_id is null or merged_into_id <> id)
);
--> statement-breakpoint
CREATE TABLE "funding_step_settings" (
	"region_code" text NOT NULL,
	"call_type" text NOT NULL,
	"steps" text[] NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funding_step_settings_region_code_call_type_pk" PRIMARY KEY("region_code","call_type"),
	CONSTRAINT "funding_step_settings_type" CHECK (call_type in ('purchase', 'venture', 'micro_venture', 'self_governance', 'seed_fund'))
);
--> statement-breakpoint
CREATE TABLE "funding_topics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_fund_id_ledger_funds_id_fk" FOREIGN KEY ("fund_id") REFERENCES "public"."ledger_funds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_balances" ADD CONSTRAINT "ledger_balances_account_id_ledger_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."ledger_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_balances" ADD CONSTRAINT "ledger_balances_fund_id_ledger_funds_id_fk" FOREIGN KEY ("fund_id") REFERENCES "public"."ledger_funds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_journal_id_ledger_journals_id_fk" FOREIGN KEY ("journal_id") REFERENCES "public"."ledger_journals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_account_id_ledger_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."ledger_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_funds" ADD CONSTRAINT "ledger_funds_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_funds" ADD CONSTRAINT "ledger_funds_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_journals" ADD CONSTRAINT "ledger_journals_fund_id_ledger_funds_id_fk" FOREIGN KEY ("fund_id") REFERENCES "public"."ledger_funds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_journals" ADD CONSTRAINT "ledger_journals_reverses_journal_id_ledger_journals_id_fk" FOREIGN KEY ("reverses_journal_id") REFERENCES "public"."ledger_journals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_journals" ADD CONSTRAINT "ledger_journals_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_calendar_days" ADD CONSTRAINT "work_calendar_days_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_calendar_years" ADD CONSTRAINT "work_calendar_years_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_applications" ADD CONSTRAINT "funding_applications_call_id_funding_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."funding_calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_applications" ADD CONSTRAINT "funding_applications_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_applications" ADD CONSTRAINT "funding_applications_topic_id_funding_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."funding_topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_applications" ADD CONSTRAINT "funding_applications_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_applications" ADD CONSTRAINT "funding_applications_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_budget_lines" ADD CONSTRAINT "funding_budget_lines_application_id_funding_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."funding_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_call_topics" ADD CONSTRAINT "funding_call_topics_call_id_funding_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."funding_calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_call_topics" ADD CONSTRAINT "funding_call_topics_topic_id_funding_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."funding_topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_calls" ADD CONSTRAINT "funding_calls_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_calls" ADD CONSTRAINT "funding_calls_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_needs" ADD CONSTRAINT "funding_needs_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_needs" ADD CONSTRAINT "funding_needs_merged_into_id_funding_needs_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."funding_needs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_needs" ADD CONSTRAINT "funding_needs_topic_id_funding_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."funding_topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_needs" ADD CONSTRAINT "funding_needs_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_step_settings" ADD CONSTRAINT "funding_step_settings_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_step_settings" ADD CONSTRAINT "funding_step_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_topics" ADD CONSTRAINT "funding_topics_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_topics" ADD CONSTRAINT "funding_topics_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ledger_balances_fund_idx" ON "ledger_balances" USING btree ("fund_id");--> statement-breakpoint
CREATE INDEX "ledger_entries_journal_idx" ON "ledger_entries" USING btree ("journal_id");--> statement-breakpoint
CREATE INDEX "ledger_entries_account_idx" ON "ledger_entries" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "ledger_funds_region_idx" ON "ledger_funds" USING btree ("region_code","year");--> statement-breakpoint
CREATE INDEX "ledger_journals_fund_idx" ON "ledger_journals" USING btree ("fund_id","at");--> statement-breakpoint
CREATE INDEX "ledger_journals_source_idx" ON "ledger_journals" USING btree ("source_type","source_id");--> statement-breakpoint
CREATE INDEX "funding_applications_call_idx" ON "funding_applications" USING btree ("call_id","status");--> statement-breakpoint
CREATE INDEX "funding_applications_org_idx" ON "funding_applications" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "funding_applications_region_idx" ON "funding_applications" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "funding_budget_lines_app_idx" ON "funding_budget_lines" USING btree ("application_id","position");--> statement-breakpoint
CREATE INDEX "funding_call_topics_topic_idx" ON "funding_call_topics" USING btree ("topic_id");--> statement-breakpoint
CREATE INDEX "funding_calls_region_idx" ON "funding_calls" USING btree ("region_code" text_pattern_ops,"year");--> statement-breakpoint
CREATE INDEX "funding_calls_status_idx" ON "funding_calls" USING btree ("status","deadline");--> statement-breakpoint
CREATE INDEX "funding_needs_region_idx" ON "funding_needs" USING btree ("region_code" text_pattern_ops,"created_at");--> statement-breakpoint
CREATE INDEX "funding_needs_topic_idx" ON "funding_needs" USING btree ("topic_id");--> statement-breakpoint
CREATE INDEX "funding_needs_submitter_idx" ON "funding_needs" USING btree ("submitted_by");--> statement-breakpoint
CREATE INDEX "funding_topics_region_idx" ON "funding_topics" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
-- The fund ledger's rules, held by the database so that no code path (a service, a job, SQL by hand) can break them.
-- Every account has its balance row from the start: the entry trigger only ever updates it.
CREATE OR REPLACE FUNCTION ledger_open_balance() RETURNS trigger AS $$
BEGIN
  INSERT INTO ledger_balances (account_id, fund_id, balance_fen, allow_negative) VALUES (NEW.id, NEW.fund_id, 0, NEW.allow_negative);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER ledger_accounts_open_balance AFTER INSERT ON ledger_accounts
  FOR EACH ROW EXECUTE FUNCTION ledger_open_balance();
--> statement-breakpoint
-- An entry moves its account's balance in the writer's transaction: the row lock makes concurrent writers of one
-- account wait for each other, and the balance's CHECK refuses the entry that would take a non-negative account below zero.
-- An entry must stay inside its journal's fund, so that every fund balances on its own.
CREATE OR REPLACE FUNCTION ledger_apply_entry() RETURNS trigger AS $$
DECLARE
  account_fund uuid;
BEGIN
  UPDATE ledger_balances SET balance_fen = balance_fen + NEW.amount_fen WHERE account_id = NEW.account_id
    RETURNING fund_id INTO account_fund;
  IF account_fund IS DISTINCT FROM (SELECT fund_id FROM ledger_journals WHERE id = NEW.journal_id) THEN
    RAISE EXCEPTION 'ledger entry % posts to an account of another fund than its journal''s', NEW.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_entries_same_fund';
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER ledger_entries_apply AFTER INSERT ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_apply_entry();
--> statement-breakpoint
-- Double entry: checked at COMMIT, when every line of the journal is in. A journal with fewer than two lines is refused too.
CREATE OR REPLACE FUNCTION ledger_check_journal_balanced() RETURNS trigger AS $$
DECLARE
  journal uuid;
  lines integer;
  total numeric;
BEGIN
  -- Separate statements: a field of the other table's row is never looked up.
  IF TG_TABLE_NAME = 'ledger_journals' THEN
    journal := NEW.id;
  ELSE
    journal := NEW.journal_id;
  END IF;
  SELECT count(*), coalesce(sum(amount_fen), 0) INTO lines, total FROM ledger_entries WHERE journal_id = journal;
  IF lines < 2 OR total <> 0 THEN
    RAISE EXCEPTION 'ledger journal % does not balance (% lines, sum %)', journal, lines, total
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_journal_balanced';
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER ledger_journals_balanced AFTER INSERT ON ledger_journals
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_journal_balanced();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_journal_balanced();
--> statement-breakpoint
-- Append-only: a correction is a reversing journal. TRUNCATE stays allowed (a statement trigger would be needed to
-- refuse it; only the owner can run it, and test databases are copies made per file, never truncated).
CREATE TRIGGER ledger_journals_append_only BEFORE UPDATE OR DELETE ON ledger_journals
  FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only();
--> statement-breakpoint
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only();
--> statement-breakpoint
-- An account's fund, role and sign rule are what its balance row copied: they never change, and an account is never removed.
CREATE TRIGGER ledger_accounts_append_only BEFORE UPDATE OR DELETE ON ledger_accounts
  FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only();
--> statement-breakpoint
-- A balance changes only through an entry (the trigger above runs one level down); written by hand, it would no longer be its entries' sum.
CREATE OR REPLACE FUNCTION ledger_balance_only_by_entries() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' OR pg_trigger_depth() < 2 THEN
    RAISE EXCEPTION 'ledger_balances changes only through ledger_entries' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER ledger_balances_only_by_entries BEFORE UPDATE OR DELETE ON ledger_balances
  FOR EACH ROW EXECUTE FUNCTION ledger_balance_only_by_entries();
--> statement-breakpoint
-- The working-day calendar. 2026: the State Council's notice 国办发明电〔2025〕7号 (days off, and the weekend days worked).
INSERT INTO work_calendar_years (year, status, source) VALUES
  (2026, 'official', '国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）'),
  (2027, 'provisional', '暂按《全国年节及纪念日放假办法》录入法定节假日（春节为除夕至初三），尚无调休安排；国务院办公厅2027年放假安排通知发布后，须由平台管理员按通知核对、补充并确认')
ON CONFLICT (year) DO NOTHING;
--> statement-breakpoint
INSERT INTO work_calendar_days (date, kind, name)
SELECT d::date, 'holiday', name FROM (VALUES
  ('2026-01-01', '2026-01-03', '元旦'),
  ('2026-02-15', '2026-02-23', '春节'),
  ('2026-04-04', '2026-04-06', '清明节'),
  ('2026-05-01', '2026-05-05', '劳动节'),
  ('2026-06-19', '2026-06-21', '端午节'),
  ('2026-09-25', '2026-09-27', '中秋节'),
  ('2026-10-01', '2026-10-07', '国庆节'),
  -- 2027, provisional: the statutory days only (春节: 除夕 to 初三, the lunar new year's day being 2027-02-06).
  ('2027-01-01', '2027-01-01', '元旦'),
  ('2027-02-05', '2027-02-08', '春节'),
  ('2027-04-05', '2027-04-05', '清明节'),
  ('2027-05-01', '2027-05-02', '劳动节'),
  ('2027-06-09', '2027-06-09', '端午节'),
  ('2027-09-15', '2027-09-15', '中秋节'),
  ('2027-10-01', '2027-10-03', '国庆节')
) AS periods (first_day, last_day, name), generate_series(first_day::date, last_day::date, interval '1 day') AS d
ON CONFLICT (date) DO NOTHING;
--> statement-breakpoint
INSERT INTO work_calendar_days (date, kind, name) VALUES
  ('2026-01-04', 'workday', '元旦调休'),
  ('2026-02-14', 'workday', '春节调休'),
  ('2026-02-28', 'workday', '春节调休'),
  ('2026-05-09', 'workday', '劳动节调休'),
  ('2026-09-20', 'workday', '国庆节调休'),
  ('2026-10-10', 'workday', '国庆节调休')
ON CONFLICT (date) DO NOTHING;

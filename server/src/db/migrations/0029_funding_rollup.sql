CREATE TABLE "funding_rollup" (
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"call_type" text NOT NULL,
	"calls" integer DEFAULT 0 NOT NULL,
	"budget_fen" bigint DEFAULT 0 NOT NULL,
	"applications" integer DEFAULT 0 NOT NULL,
	"approved" integer DEFAULT 0 NOT NULL,
	"contracts" integer DEFAULT 0 NOT NULL,
	"committed_fen" bigint DEFAULT 0 NOT NULL,
	"paid_fen" bigint DEFAULT 0 NOT NULL,
	"beneficiaries" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "funding_rollup_key" UNIQUE("region_code","year","call_type")
);
--> statement-breakpoint
CREATE INDEX "funding_rollup_region_idx" ON "funding_rollup" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
-- The funding roll-up is kept by the database itself, so no writer can forget it (docs/ARCHITECTURE.md,
-- "Roll-up figures"; what each column counts is in funding-rollup.tables.ts). Year and call type come
-- from the call; a change of a call's year or type moves its applications and contracts with it.
CREATE FUNCTION funding_rollup_add(p_region text, p_year integer, p_type text, p_calls integer, p_budget bigint,
  p_applications integer, p_approved integer, p_contracts integer, p_committed bigint, p_paid bigint, p_beneficiaries bigint)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_calls = 0 AND p_budget = 0 AND p_applications = 0 AND p_approved = 0 AND p_contracts = 0
     AND p_committed = 0 AND p_paid = 0 AND p_beneficiaries = 0 THEN
    RETURN;
  END IF;
  INSERT INTO funding_rollup AS r (region_code, year, call_type, calls, budget_fen, applications, approved, contracts, committed_fen, paid_fen, beneficiaries)
  VALUES (p_region, p_year, p_type, p_calls, p_budget, p_applications, p_approved, p_contracts, p_committed, p_paid, p_beneficiaries)
  ON CONFLICT (region_code, year, call_type) DO UPDATE SET
    calls = r.calls + excluded.calls, budget_fen = r.budget_fen + excluded.budget_fen,
    applications = r.applications + excluded.applications, approved = r.approved + excluded.approved,
    contracts = r.contracts + excluded.contracts, committed_fen = r.committed_fen + excluded.committed_fen,
    paid_fen = r.paid_fen + excluded.paid_fen, beneficiaries = r.beneficiaries + excluded.beneficiaries;
END $$;
--> statement-breakpoint
CREATE FUNCTION funding_rollup_application_at(a funding_applications, p_sign integer, p_year integer, p_type text)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF a.status IN ('draft', 'withdrawn') THEN
    RETURN;
  END IF;
  PERFORM funding_rollup_add(a.region_code, p_year, p_type, 0, 0, p_sign,
    CASE WHEN a.status IN ('approved', 'contracted') THEN p_sign ELSE 0 END, 0, 0, 0, 0);
END $$;
--> statement-breakpoint
-- A contract carries its paid tranches and accepted reports: they move with it, and leave with it
-- when it is deleted (counted before the cascade, whose rows then find no contract).
CREATE FUNCTION funding_rollup_contract_at(k funding_contracts, p_sign integer, p_year integer, p_type text)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  paid bigint;
  reached bigint;
BEGIN
  SELECT coalesce(sum(amount_fen), 0) INTO paid FROM funding_tranches WHERE contract_id = k.id AND status = 'paid';
  SELECT coalesce(sum(beneficiary_count), 0) INTO reached FROM funding_progress_reports WHERE contract_id = k.id AND status = 'accepted';
  PERFORM funding_rollup_add(k.region_code, p_year, p_type, 0, 0, 0, 0,
    CASE WHEN k.status <> 'draft' THEN p_sign ELSE 0 END,
    p_sign * CASE WHEN k.status IN ('signed', 'completed') THEN k.amount_fen WHEN k.status = 'terminated' THEN paid ELSE 0 END,
    p_sign * paid, p_sign * reached);
END $$;
--> statement-breakpoint
CREATE FUNCTION funding_rollup_on_call() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  a funding_applications;
  k funding_contracts;
BEGIN
  IF tg_op IN ('UPDATE', 'DELETE') AND old.status IN ('published', 'completed') THEN
    PERFORM funding_rollup_add(old.region_code, old.year, old.call_type, -1, -old.budget_fen, 0, 0, 0, 0, 0, 0);
  END IF;
  IF tg_op IN ('UPDATE', 'INSERT') AND new.status IN ('published', 'completed') THEN
    PERFORM funding_rollup_add(new.region_code, new.year, new.call_type, 1, new.budget_fen, 0, 0, 0, 0, 0, 0);
  END IF;
  IF tg_op = 'UPDATE' AND (old.year IS DISTINCT FROM new.year OR old.call_type IS DISTINCT FROM new.call_type) THEN
    FOR a IN SELECT * FROM funding_applications WHERE call_id = new.id LOOP
      PERFORM funding_rollup_application_at(a, -1, old.year, old.call_type);
      PERFORM funding_rollup_application_at(a, 1, new.year, new.call_type);
    END LOOP;
    FOR k IN SELECT * FROM funding_contracts WHERE call_id = new.id LOOP
      PERFORM funding_rollup_contract_at(k, -1, old.year, old.call_type);
      PERFORM funding_rollup_contract_at(k, 1, new.year, new.call_type);
    END LOOP;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER funding_rollup_call_insert_delete AFTER INSERT OR DELETE ON funding_calls
  FOR EACH ROW EXECUTE FUNCTION funding_rollup_on_call();
--> statement-breakpoint
CREATE TRIGGER funding_rollup_call_update AFTER UPDATE OF status, budget_fen, region_code, year, call_type ON funding_calls
  FOR EACH ROW
  WHEN (old.status IS DISTINCT FROM new.status OR old.budget_fen IS DISTINCT FROM new.budget_fen OR old.region_code IS DISTINCT FROM new.region_code
        OR old.year IS DISTINCT FROM new.year OR old.call_type IS DISTINCT FROM new.call_type)
  EXECUTE FUNCTION funding_rollup_on_call();
--> statement-breakpoint
CREATE FUNCTION funding_rollup_on_application() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c record;
BEGIN
  IF tg_op IN ('UPDATE', 'DELETE') THEN
    SELECT year, call_type INTO c FROM funding_calls WHERE id = old.call_id;
    IF found THEN
      PERFORM funding_rollup_application_at(old, -1, c.year, c.call_type);
    END IF;
  END IF;
  IF tg_op IN ('UPDATE', 'INSERT') THEN
    SELECT year, call_type INTO c FROM funding_calls WHERE id = new.call_id;
    IF found THEN
      PERFORM funding_rollup_application_at(new, 1, c.year, c.call_type);
    END IF;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER funding_rollup_application_insert_delete AFTER INSERT OR DELETE ON funding_applications
  FOR EACH ROW EXECUTE FUNCTION funding_rollup_on_application();
--> statement-breakpoint
CREATE TRIGGER funding_rollup_application_update AFTER UPDATE OF status, region_code, call_id ON funding_applications
  FOR EACH ROW
  WHEN (old.status IS DISTINCT FROM new.status OR old.region_code IS DISTINCT FROM new.region_code OR old.call_id IS DISTINCT FROM new.call_id)
  EXECUTE FUNCTION funding_rollup_on_application();
--> statement-breakpoint
CREATE FUNCTION funding_rollup_on_contract() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c record;
BEGIN
  IF tg_op IN ('UPDATE', 'DELETE') THEN
    SELECT year, call_type INTO c FROM funding_calls WHERE id = old.call_id;
    IF found THEN
      PERFORM funding_rollup_contract_at(old, -1, c.year, c.call_type);
    END IF;
  END IF;
  IF tg_op IN ('UPDATE', 'INSERT') THEN
    SELECT year, call_type INTO c FROM funding_calls WHERE id = new.call_id;
    IF found THEN
      PERFORM funding_rollup_contract_at(new, 1, c.year, c.call_type);
    END IF;
  END IF;
  IF tg_op = 'DELETE' THEN
    RETURN old;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER funding_rollup_contract_insert AFTER INSERT ON funding_contracts
  FOR EACH ROW EXECUTE FUNCTION funding_rollup_on_contract();
--> statement-breakpoint
CREATE TRIGGER funding_rollup_contract_update AFTER UPDATE OF status, amount_fen, region_code, call_id ON funding_contracts
  FOR EACH ROW
  WHEN (old.status IS DISTINCT FROM new.status OR old.amount_fen IS DISTINCT FROM new.amount_fen OR old.region_code IS DISTINCT FROM new.region_code
        OR old.call_id IS DISTINCT FROM new.call_id)
  EXECUTE FUNCTION funding_rollup_on_contract();
--> statement-breakpoint
CREATE TRIGGER funding_rollup_contract_delete BEFORE DELETE ON funding_contracts
  FOR EACH ROW EXECUTE FUNCTION funding_rollup_on_contract();
--> statement-breakpoint
-- A tranche's payment or a report's 受益人次, counted under its contract (none when the contract is
-- being deleted: its own trigger took them away already).
CREATE FUNCTION funding_rollup_contract_delta(p_contract uuid, p_paid bigint, p_reached bigint)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  k record;
BEGIN
  IF p_paid = 0 AND p_reached = 0 THEN
    RETURN;
  END IF;
  SELECT fc.region_code, fc.status, c.year, c.call_type INTO k
    FROM funding_contracts fc JOIN funding_calls c ON c.id = fc.call_id WHERE fc.id = p_contract;
  IF found THEN
    PERFORM funding_rollup_add(k.region_code, k.year, k.call_type, 0, 0, 0, 0, 0,
      CASE WHEN k.status = 'terminated' THEN p_paid ELSE 0 END, p_paid, p_reached);
  END IF;
END $$;
--> statement-breakpoint
CREATE FUNCTION funding_rollup_on_tranche() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF tg_op IN ('UPDATE', 'DELETE') AND old.status = 'paid' THEN
    PERFORM funding_rollup_contract_delta(old.contract_id, -old.amount_fen, 0);
  END IF;
  IF tg_op IN ('UPDATE', 'INSERT') AND new.status = 'paid' THEN
    PERFORM funding_rollup_contract_delta(new.contract_id, new.amount_fen, 0);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER funding_rollup_tranche_insert_delete AFTER INSERT OR DELETE ON funding_tranches
  FOR EACH ROW EXECUTE FUNCTION funding_rollup_on_tranche();
--> statement-breakpoint
CREATE TRIGGER funding_rollup_tranche_update AFTER UPDATE OF status, amount_fen, contract_id ON funding_tranches
  FOR EACH ROW
  WHEN (old.status IS DISTINCT FROM new.status OR old.amount_fen IS DISTINCT FROM new.amount_fen OR old.contract_id IS DISTINCT FROM new.contract_id)
  EXECUTE FUNCTION funding_rollup_on_tranche();
--> statement-breakpoint
CREATE FUNCTION funding_rollup_on_report() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF tg_op IN ('UPDATE', 'DELETE') AND old.status = 'accepted' THEN
    PERFORM funding_rollup_contract_delta(old.contract_id, 0, -coalesce(old.beneficiary_count, 0)::bigint);
  END IF;
  IF tg_op IN ('UPDATE', 'INSERT') AND new.status = 'accepted' THEN
    PERFORM funding_rollup_contract_delta(new.contract_id, 0, coalesce(new.beneficiary_count, 0)::bigint);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER funding_rollup_report_insert_delete AFTER INSERT OR DELETE ON funding_progress_reports
  FOR EACH ROW EXECUTE FUNCTION funding_rollup_on_report();
--> statement-breakpoint
CREATE TRIGGER funding_rollup_report_update AFTER UPDATE OF status, beneficiary_count, contract_id ON funding_progress_reports
  FOR EACH ROW
  WHEN (old.status IS DISTINCT FROM new.status OR old.beneficiary_count IS DISTINCT FROM new.beneficiary_count OR old.contract_id IS DISTINCT FROM new.contract_id)
  EXECUTE FUNCTION funding_rollup_on_report();
--> statement-breakpoint
CREATE FUNCTION funding_rollup_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE funding_rollup;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER funding_rollup_truncate AFTER TRUNCATE ON funding_calls
  FOR EACH STATEMENT EXECUTE FUNCTION funding_rollup_truncate();
--> statement-breakpoint
-- Filled once from the records already there; the triggers keep it from now on.
INSERT INTO funding_rollup (region_code, year, call_type, calls, budget_fen, applications, approved, contracts, committed_fen, paid_fen, beneficiaries)
SELECT region_code, year, call_type, sum(calls), sum(budget), sum(apps), sum(approved), sum(contracts), sum(committed), sum(paid), sum(reached)
  FROM (
    SELECT c.region_code, c.year, c.call_type, 1 AS calls, c.budget_fen AS budget, 0 AS apps, 0 AS approved, 0 AS contracts,
           0::bigint AS committed, 0::bigint AS paid, 0::bigint AS reached
      FROM funding_calls c WHERE c.status IN ('published', 'completed')
    UNION ALL
    SELECT a.region_code, c.year, c.call_type, 0, 0, 1, (a.status IN ('approved', 'contracted'))::int, 0, 0, 0, 0
      FROM funding_applications a JOIN funding_calls c ON c.id = a.call_id WHERE a.status NOT IN ('draft', 'withdrawn')
    UNION ALL
    SELECT k.region_code, c.year, c.call_type, 0, 0, 0, 0, (k.status <> 'draft')::int,
           CASE WHEN k.status IN ('signed', 'completed') THEN k.amount_fen WHEN k.status = 'terminated' THEN p.paid ELSE 0 END,
           p.paid, r.reached
      FROM funding_contracts k JOIN funding_calls c ON c.id = k.call_id
      CROSS JOIN LATERAL (SELECT coalesce(sum(amount_fen), 0)::bigint AS paid FROM funding_tranches WHERE contract_id = k.id AND status = 'paid') p
      CROSS JOIN LATERAL (SELECT coalesce(sum(beneficiary_count), 0)::bigint AS reached FROM funding_progress_reports WHERE contract_id = k.id AND status = 'accepted') r
  ) x
 GROUP BY region_code, year, call_type;

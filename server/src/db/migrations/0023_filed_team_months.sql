CREATE TABLE "registry_filed_team_months" (
	"region_code" text NOT NULL,
	"filed_month" date,
	"teams" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "registry_filed_team_months_key" UNIQUE NULLS NOT DISTINCT("region_code","filed_month")
);
--> statement-breakpoint
CREATE INDEX "registry_filed_team_months_region_idx" ON "registry_filed_team_months" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
-- Kept by the database, like registry_org_rollup (docs/ARCHITECTURE.md, "Roll-up figures"): a team
-- counts while it is a filed grassroots team, under its region and the month (China time) it was filed.
CREATE FUNCTION registry_filed_team_months_add(p_region text, p_filed_at timestamptz, p_teams integer)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO registry_filed_team_months AS t (region_code, filed_month, teams)
  VALUES (p_region, date_trunc('month', p_filed_at AT TIME ZONE 'Asia/Shanghai')::date, p_teams)
  ON CONFLICT (region_code, filed_month) DO UPDATE SET teams = t.teams + excluded.teams;
END $$;
--> statement-breakpoint
CREATE FUNCTION registry_filed_team_months_on_organization() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF tg_op IN ('UPDATE', 'DELETE') AND old.legal_form = 'grassroots_team' AND old.status = 'filed' THEN
    PERFORM registry_filed_team_months_add(old.region_code, old.filed_at, -1);
  END IF;
  IF tg_op IN ('UPDATE', 'INSERT') AND new.legal_form = 'grassroots_team' AND new.status = 'filed' THEN
    PERFORM registry_filed_team_months_add(new.region_code, new.filed_at, 1);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER registry_filed_team_months_insert_delete AFTER INSERT OR DELETE ON registry_organizations
  FOR EACH ROW EXECUTE FUNCTION registry_filed_team_months_on_organization();
--> statement-breakpoint
CREATE TRIGGER registry_filed_team_months_change AFTER UPDATE OF region_code, legal_form, status, filed_at ON registry_organizations
  FOR EACH ROW
  WHEN (old.region_code IS DISTINCT FROM new.region_code OR old.legal_form IS DISTINCT FROM new.legal_form
        OR old.status IS DISTINCT FROM new.status OR old.filed_at IS DISTINCT FROM new.filed_at)
  EXECUTE FUNCTION registry_filed_team_months_on_organization();
--> statement-breakpoint
CREATE FUNCTION registry_filed_team_months_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM registry_filed_team_months;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER registry_filed_team_months_truncate AFTER TRUNCATE ON registry_organizations
  FOR EACH STATEMENT EXECUTE FUNCTION registry_filed_team_months_on_truncate();
--> statement-breakpoint
INSERT INTO registry_filed_team_months (region_code, filed_month, teams)
SELECT region_code, date_trunc('month', filed_at AT TIME ZONE 'Asia/Shanghai')::date, count(*)::int
  FROM registry_organizations
 WHERE legal_form = 'grassroots_team' AND status = 'filed'
 GROUP BY 1, 2;

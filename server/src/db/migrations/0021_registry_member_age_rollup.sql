CREATE TABLE "registry_member_age_rollup" (
	"region_code" text NOT NULL,
	"legal_form" text NOT NULL,
	"status" text NOT NULL,
	"birth_month" date,
	"age_band" text,
	"members" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "registry_member_age_rollup_key" UNIQUE NULLS NOT DISTINCT("region_code","legal_form","status","birth_month","age_band")
);
--> statement-breakpoint
CREATE INDEX "registry_member_age_rollup_region_idx" ON "registry_member_age_rollup" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "registry_members_birth_date_idx" ON "registry_members" USING btree ("birth_date");--> statement-breakpoint
-- The same triggers as 0017 keep the age summary too (docs/ARCHITECTURE.md, "Roll-up figures").
CREATE FUNCTION registry_member_age_add(p_region text, p_form text, p_status text, p_birth_month date, p_band text, p_members integer)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_members = 0 THEN
    RETURN;
  END IF;
  INSERT INTO registry_member_age_rollup AS r (region_code, legal_form, status, birth_month, age_band, members)
  VALUES (p_region, p_form, p_status, p_birth_month, p_band, p_members)
  ON CONFLICT (region_code, legal_form, status, birth_month, age_band)
  DO UPDATE SET members = r.members + excluded.members;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION registry_org_rollup_on_organization() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  roster integer := 0;
  g record;
BEGIN
  IF tg_op = 'INSERT' THEN
    PERFORM registry_org_rollup_add(new.region_code, new.legal_form, new.status, new.category_id, 1, 0);
    RETURN new;
  END IF;
  -- Counted before the row changes: on DELETE the roster is still there (the cascade comes after,
  -- and the members' own trigger then finds no organisation and leaves the summaries be).
  FOR g IN
    SELECT date_trunc('month', m.birth_date)::date AS birth_month,
           CASE WHEN m.birth_date IS NULL THEN m.age_band END AS band, count(*)::int AS n
      FROM registry_members m WHERE m.organization_id = old.id GROUP BY 1, 2
  LOOP
    roster := roster + g.n;
    PERFORM registry_member_age_add(old.region_code, old.legal_form, old.status, g.birth_month, g.band, -g.n);
    IF tg_op = 'UPDATE' THEN
      PERFORM registry_member_age_add(new.region_code, new.legal_form, new.status, g.birth_month, g.band, g.n);
    END IF;
  END LOOP;
  PERFORM registry_org_rollup_add(old.region_code, old.legal_form, old.status, old.category_id, -1, -roster);
  IF tg_op = 'DELETE' THEN
    RETURN old;
  END IF;
  PERFORM registry_org_rollup_add(new.region_code, new.legal_form, new.status, new.category_id, 1, roster);
  RETURN new;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION registry_org_rollup_on_member() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  o record;
BEGIN
  IF tg_op IN ('UPDATE', 'DELETE') THEN
    SELECT region_code, legal_form, status, category_id INTO o FROM registry_organizations WHERE id = old.organization_id;
    IF found THEN
      PERFORM registry_org_rollup_add(o.region_code, o.legal_form, o.status, o.category_id, 0, -1);
      PERFORM registry_member_age_add(o.region_code, o.legal_form, o.status, date_trunc('month', old.birth_date)::date,
                                      CASE WHEN old.birth_date IS NULL THEN old.age_band END, -1);
    END IF;
  END IF;
  IF tg_op IN ('UPDATE', 'INSERT') THEN
    SELECT region_code, legal_form, status, category_id INTO o FROM registry_organizations WHERE id = new.organization_id;
    IF found THEN
      PERFORM registry_org_rollup_add(o.region_code, o.legal_form, o.status, o.category_id, 0, 1);
      PERFORM registry_member_age_add(o.region_code, o.legal_form, o.status, date_trunc('month', new.birth_date)::date,
                                      CASE WHEN new.birth_date IS NULL THEN new.age_band END, 1);
    END IF;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER registry_org_rollup_member_move ON registry_members;
--> statement-breakpoint
CREATE TRIGGER registry_org_rollup_member_move AFTER UPDATE OF organization_id, birth_date, age_band ON registry_members
  FOR EACH ROW
  WHEN (old.organization_id IS DISTINCT FROM new.organization_id OR old.birth_date IS DISTINCT FROM new.birth_date
        OR old.age_band IS DISTINCT FROM new.age_band)
  EXECUTE FUNCTION registry_org_rollup_on_member();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION registry_org_rollup_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM registry_member_age_rollup;
  IF tg_table_name = 'registry_organizations' THEN
    DELETE FROM registry_org_rollup;
  ELSE
    UPDATE registry_org_rollup SET members = 0 WHERE members <> 0;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
INSERT INTO registry_member_age_rollup (region_code, legal_form, status, birth_month, age_band, members)
SELECT o.region_code, o.legal_form, o.status, date_trunc('month', m.birth_date)::date,
       CASE WHEN m.birth_date IS NULL THEN m.age_band END, count(*)::int
  FROM registry_members m JOIN registry_organizations o ON o.id = m.organization_id
 GROUP BY 1, 2, 3, 4, 5;

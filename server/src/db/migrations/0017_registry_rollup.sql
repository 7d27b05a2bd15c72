CREATE TABLE "registry_org_rollup" (
	"region_code" text NOT NULL,
	"legal_form" text NOT NULL,
	"status" text NOT NULL,
	"category_id" uuid,
	"organizations" integer DEFAULT 0 NOT NULL,
	"members" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "registry_org_rollup_key" UNIQUE NULLS NOT DISTINCT("region_code","legal_form","status","category_id")
);
--> statement-breakpoint
DROP INDEX "registry_org_category_idx";--> statement-breakpoint
CREATE INDEX "registry_org_rollup_region_idx" ON "registry_org_rollup" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "registry_org_category_region_idx" ON "registry_organizations" USING btree ("category_id","region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "registry_org_category_updated_idx" ON "registry_organizations" USING btree ("category_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "registry_org_form_region_idx" ON "registry_organizations" USING btree ("legal_form","region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "registry_org_status_region_idx" ON "registry_organizations" USING btree ("status","region_code" text_pattern_ops);--> statement-breakpoint
-- The roll-up is kept by the database itself, so no writer can forget it (docs/ARCHITECTURE.md, "Roll-up figures").
CREATE FUNCTION registry_org_rollup_add(p_region text, p_form text, p_status text, p_category uuid, p_organizations integer, p_members integer)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_organizations = 0 AND p_members = 0 THEN
    RETURN;
  END IF;
  INSERT INTO registry_org_rollup AS r (region_code, legal_form, status, category_id, organizations, members)
  VALUES (p_region, p_form, p_status, p_category, p_organizations, p_members)
  ON CONFLICT (region_code, legal_form, status, category_id)
  DO UPDATE SET organizations = r.organizations + excluded.organizations, members = r.members + excluded.members;
END $$;
--> statement-breakpoint
CREATE FUNCTION registry_org_rollup_on_organization() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  roster integer;
BEGIN
  IF tg_op = 'INSERT' THEN
    PERFORM registry_org_rollup_add(new.region_code, new.legal_form, new.status, new.category_id, 1, 0);
    RETURN new;
  END IF;
  -- Counted before the row changes: on DELETE the roster is still there (the cascade comes after,
  -- and the members' own trigger then finds no organisation and leaves the roll-up be).
  SELECT count(*)::int INTO roster FROM registry_members WHERE organization_id = old.id;
  PERFORM registry_org_rollup_add(old.region_code, old.legal_form, old.status, old.category_id, -1, -roster);
  IF tg_op = 'DELETE' THEN
    RETURN old;
  END IF;
  PERFORM registry_org_rollup_add(new.region_code, new.legal_form, new.status, new.category_id, 1, roster);
  RETURN new;
END $$;
--> statement-breakpoint
CREATE TRIGGER registry_org_rollup_insert AFTER INSERT ON registry_organizations
  FOR EACH ROW EXECUTE FUNCTION registry_org_rollup_on_organization();
--> statement-breakpoint
CREATE TRIGGER registry_org_rollup_move AFTER UPDATE OF region_code, legal_form, status, category_id ON registry_organizations
  FOR EACH ROW
  WHEN (old.region_code IS DISTINCT FROM new.region_code OR old.legal_form IS DISTINCT FROM new.legal_form
        OR old.status IS DISTINCT FROM new.status OR old.category_id IS DISTINCT FROM new.category_id)
  EXECUTE FUNCTION registry_org_rollup_on_organization();
--> statement-breakpoint
CREATE TRIGGER registry_org_rollup_delete BEFORE DELETE ON registry_organizations
  FOR EACH ROW EXECUTE FUNCTION registry_org_rollup_on_organization();
--> statement-breakpoint
CREATE FUNCTION registry_org_rollup_on_member() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  o record;
BEGIN
  IF tg_op IN ('UPDATE', 'DELETE') THEN
    SELECT region_code, legal_form, status, category_id INTO o FROM registry_organizations WHERE id = old.organization_id;
    IF found THEN
      PERFORM registry_org_rollup_add(o.region_code, o.legal_form, o.status, o.category_id, 0, -1);
    END IF;
  END IF;
  IF tg_op IN ('UPDATE', 'INSERT') THEN
    SELECT region_code, legal_form, status, category_id INTO o FROM registry_organizations WHERE id = new.organization_id;
    IF found THEN
      PERFORM registry_org_rollup_add(o.region_code, o.legal_form, o.status, o.category_id, 0, 1);
    END IF;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER registry_org_rollup_member_insert_delete AFTER INSERT OR DELETE ON registry_members
  FOR EACH ROW EXECUTE FUNCTION registry_org_rollup_on_member();
--> statement-breakpoint
CREATE TRIGGER registry_org_rollup_member_move AFTER UPDATE OF organization_id ON registry_members
  FOR EACH ROW WHEN (old.organization_id IS DISTINCT FROM new.organization_id)
  EXECUTE FUNCTION registry_org_rollup_on_member();
--> statement-breakpoint
-- TRUNCATE would leave the roll-up counting rows that are gone.
CREATE FUNCTION registry_org_rollup_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF tg_table_name = 'registry_organizations' THEN
    DELETE FROM registry_org_rollup;
  ELSE
    UPDATE registry_org_rollup SET members = 0 WHERE members <> 0;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER registry_org_rollup_truncate AFTER TRUNCATE ON registry_organizations
  FOR EACH STATEMENT EXECUTE FUNCTION registry_org_rollup_on_truncate();
--> statement-breakpoint
CREATE TRIGGER registry_org_rollup_member_truncate AFTER TRUNCATE ON registry_members
  FOR EACH STATEMENT EXECUTE FUNCTION registry_org_rollup_on_truncate();
--> statement-breakpoint
INSERT INTO registry_org_rollup (region_code, legal_form, status, category_id, organizations, members)
SELECT o.region_code, o.legal_form, o.status, o.category_id, count(*)::int,
       coalesce(sum((SELECT count(*) FROM registry_members m WHERE m.organization_id = o.id)), 0)::int
  FROM registry_organizations o
 GROUP BY o.region_code, o.legal_form, o.status, o.category_id;

CREATE TABLE "volunteer_active_month_counts" (
	"region_code" text NOT NULL,
	"month" date NOT NULL,
	"volunteers" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "volunteer_active_month_counts_region_code_month_pk" PRIMARY KEY("region_code","month")
);
--> statement-breakpoint
CREATE TABLE "volunteer_active_year_counts" (
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"volunteers" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "volunteer_active_year_counts_region_code_year_pk" PRIMARY KEY("region_code","year")
);
--> statement-breakpoint
CREATE TABLE "volunteer_region_counts" (
	"region_code" text NOT NULL,
	"status" text NOT NULL,
	"volunteers" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "volunteer_region_counts_region_code_status_pk" PRIMARY KEY("region_code","status")
);
--> statement-breakpoint
CREATE INDEX "volunteer_active_month_counts_prefix_idx" ON "volunteer_active_month_counts" USING btree ("region_code" text_pattern_ops,"month");--> statement-breakpoint
CREATE INDEX "volunteer_active_year_counts_prefix_idx" ON "volunteer_active_year_counts" USING btree ("year","region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "volunteer_region_counts_prefix_idx" ON "volunteer_region_counts" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
-- Adds n to one head count (a row reaching 0 is removed: the statistics read only rows that count).
CREATE FUNCTION volunteer_count_add(p_table text, p_region text, p_key text, p_n integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_table = 'region' THEN
    INSERT INTO volunteer_region_counts AS c (region_code, status, volunteers) VALUES (p_region, p_key, p_n)
      ON CONFLICT (region_code, status) DO UPDATE SET volunteers = c.volunteers + excluded.volunteers;
    DELETE FROM volunteer_region_counts WHERE region_code = p_region AND status = p_key AND volunteers = 0;
  ELSIF p_table = 'month' THEN
    INSERT INTO volunteer_active_month_counts AS c (region_code, month, volunteers) VALUES (p_region, p_key::date, p_n)
      ON CONFLICT (region_code, month) DO UPDATE SET volunteers = c.volunteers + excluded.volunteers;
    DELETE FROM volunteer_active_month_counts WHERE region_code = p_region AND month = p_key::date AND volunteers = 0;
  ELSE
    INSERT INTO volunteer_active_year_counts AS c (region_code, year, volunteers) VALUES (p_region, p_key::integer, p_n)
      ON CONFLICT (region_code, year) DO UPDATE SET volunteers = c.volunteers + excluded.volunteers;
    DELETE FROM volunteer_active_year_counts WHERE region_code = p_region AND year = p_key::integer AND volunteers = 0;
  END IF;
END $$;
--> statement-breakpoint
CREATE FUNCTION volunteer_region_counts_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM volunteer_count_add('region', OLD.region_code, OLD.status, -1); END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM volunteer_count_add('region', NEW.region_code, NEW.status, 1); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER volunteer_region_counts_insert_delete AFTER INSERT OR DELETE ON volunteers
  FOR EACH ROW EXECUTE FUNCTION volunteer_region_counts_keep();
--> statement-breakpoint
CREATE TRIGGER volunteer_region_counts_update AFTER UPDATE OF region_code, status ON volunteers
  FOR EACH ROW WHEN (OLD.region_code IS DISTINCT FROM NEW.region_code OR OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION volunteer_region_counts_keep();
--> statement-breakpoint
CREATE FUNCTION volunteer_active_month_counts_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM volunteer_count_add('month', OLD.region_code, OLD.month::text, -1); END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM volunteer_count_add('month', NEW.region_code, NEW.month::text, 1); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER volunteer_active_month_counts_insert_delete AFTER INSERT OR DELETE ON volunteer_active_months
  FOR EACH ROW EXECUTE FUNCTION volunteer_active_month_counts_keep();
--> statement-breakpoint
CREATE TRIGGER volunteer_active_month_counts_update AFTER UPDATE OF region_code, month ON volunteer_active_months
  FOR EACH ROW WHEN (OLD.region_code IS DISTINCT FROM NEW.region_code OR OLD.month IS DISTINCT FROM NEW.month)
  EXECUTE FUNCTION volunteer_active_month_counts_keep();
--> statement-breakpoint
CREATE FUNCTION volunteer_active_year_counts_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM volunteer_count_add('year', OLD.region_code, OLD.year::text, -1); END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM volunteer_count_add('year', NEW.region_code, NEW.year::text, 1); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER volunteer_active_year_counts_insert_delete AFTER INSERT OR DELETE ON volunteer_active_years
  FOR EACH ROW EXECUTE FUNCTION volunteer_active_year_counts_keep();
--> statement-breakpoint
CREATE TRIGGER volunteer_active_year_counts_update AFTER UPDATE OF region_code, year ON volunteer_active_years
  FOR EACH ROW WHEN (OLD.region_code IS DISTINCT FROM NEW.region_code OR OLD.year IS DISTINCT FROM NEW.year)
  EXECUTE FUNCTION volunteer_active_year_counts_keep();
--> statement-breakpoint
-- TRUNCATE of a source empties its counts (row triggers do not see it).
CREATE FUNCTION volunteer_counts_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'volunteers' THEN TRUNCATE volunteer_region_counts;
  ELSIF TG_TABLE_NAME = 'volunteer_active_months' THEN TRUNCATE volunteer_active_month_counts;
  ELSE TRUNCATE volunteer_active_year_counts;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER volunteer_region_counts_truncate AFTER TRUNCATE ON volunteers FOR EACH STATEMENT EXECUTE FUNCTION volunteer_counts_truncate();
--> statement-breakpoint
CREATE TRIGGER volunteer_active_month_counts_truncate AFTER TRUNCATE ON volunteer_active_months FOR EACH STATEMENT EXECUTE FUNCTION volunteer_counts_truncate();
--> statement-breakpoint
CREATE TRIGGER volunteer_active_year_counts_truncate AFTER TRUNCATE ON volunteer_active_years FOR EACH STATEMENT EXECUTE FUNCTION volunteer_counts_truncate();
--> statement-breakpoint
INSERT INTO volunteer_region_counts (region_code, status, volunteers)
  SELECT region_code, status, count(*)::int FROM volunteers GROUP BY 1, 2;
--> statement-breakpoint
INSERT INTO volunteer_active_month_counts (region_code, month, volunteers)
  SELECT region_code, month, count(*)::int FROM volunteer_active_months GROUP BY 1, 2;
--> statement-breakpoint
INSERT INTO volunteer_active_year_counts (region_code, year, volunteers)
  SELECT region_code, year, count(*)::int FROM volunteer_active_years GROUP BY 1, 2;
--> statement-breakpoint
-- A volunteer who moves takes its totals along: counted, ranked and starred by its new region's rule at once.
CREATE FUNCTION volunteer_totals_follow_region() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE volunteer_totals SET region_code = NEW.region_code,
         stars = volunteer_star_level(NEW.region_code, approved_minutes), updated_at = now()
   WHERE volunteer_id = NEW.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER volunteer_totals_follow_region AFTER UPDATE OF region_code ON volunteers
  FOR EACH ROW WHEN (OLD.region_code IS DISTINCT FROM NEW.region_code) EXECUTE FUNCTION volunteer_totals_follow_region();

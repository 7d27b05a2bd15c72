CREATE TABLE "volunteer_active_years" (
	"volunteer_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"region_code" text NOT NULL,
	"minutes" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "volunteer_active_years_volunteer_id_year_pk" PRIMARY KEY("volunteer_id","year")
);
--> statement-breakpoint
DROP INDEX "volunteer_active_months_region_idx";--> statement-breakpoint
CREATE INDEX "volunteer_active_years_region_idx" ON "volunteer_active_years" USING btree ("year","region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "volunteer_active_months_region_idx" ON "volunteer_active_months" USING btree ("region_code" text_pattern_ops,"month");
--> statement-breakpoint
-- The years each volunteer served, from the months already kept; from now on kept by the same trigger.
INSERT INTO volunteer_active_years (volunteer_id, year, region_code, minutes)
SELECT volunteer_id, extract(year FROM month)::integer, min(region_code), sum(minutes)
  FROM volunteer_active_months GROUP BY 1, 2 HAVING sum(minutes) <> 0;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION volunteer_hours_apply(p_volunteer uuid, p_entry_region text, p_starts_at timestamptz, p_ends_at timestamptz,
  p_type text, p_minutes integer, p_entries integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_region text;
  v_month date := date_trunc('month', p_starts_at AT TIME ZONE 'Asia/Shanghai')::date;
BEGIN
  SELECT region_code INTO v_region FROM volunteers WHERE id = p_volunteer;
  IF p_entries > 0 THEN
    INSERT INTO volunteer_totals AS t (volunteer_id, region_code, approved_minutes, approved_entries, stars, last_served_at, updated_at)
    VALUES (p_volunteer, v_region, p_minutes, p_entries, volunteer_star_level(v_region, p_minutes), p_ends_at, now())
    ON CONFLICT (volunteer_id) DO UPDATE SET
      region_code = excluded.region_code,
      approved_minutes = t.approved_minutes + excluded.approved_minutes,
      approved_entries = t.approved_entries + excluded.approved_entries,
      stars = volunteer_star_level(excluded.region_code, t.approved_minutes + excluded.approved_minutes),
      last_served_at = greatest(t.last_served_at, excluded.last_served_at),
      updated_at = now();
  ELSE
    -- A reversal: the row exists (the entry was approved); the CHECK would refuse a negative insert.
    UPDATE volunteer_totals t SET
      region_code = v_region,
      approved_minutes = t.approved_minutes + p_minutes,
      approved_entries = t.approved_entries + p_entries,
      stars = volunteer_star_level(v_region, t.approved_minutes + p_minutes),
      last_served_at = (
        SELECT max(e.ends_at) FROM volunteer_hour_entries e
          JOIN volunteer_hour_decisions d ON d.entry_id = e.id AND d.decision = 'approved'
         WHERE e.volunteer_id = p_volunteer
           AND NOT EXISTS (SELECT 1 FROM volunteer_hour_entries r WHERE r.reverses_id = e.id)),
      updated_at = now()
     WHERE t.volunteer_id = p_volunteer;
  END IF;

  INSERT INTO volunteer_hours_rollup AS r (region_code, month, activity_type, minutes, person_times)
  VALUES (p_entry_region, v_month, p_type, p_minutes, p_entries)
  ON CONFLICT (region_code, month, activity_type) DO UPDATE SET
    minutes = r.minutes + excluded.minutes, person_times = r.person_times + excluded.person_times;
  DELETE FROM volunteer_hours_rollup
   WHERE region_code = p_entry_region AND month = v_month AND activity_type = p_type AND minutes = 0 AND person_times = 0;

  INSERT INTO volunteer_active_months AS a (volunteer_id, month, region_code, minutes)
  VALUES (p_volunteer, v_month, v_region, p_minutes)
  ON CONFLICT (volunteer_id, month) DO UPDATE SET minutes = a.minutes + excluded.minutes;
  DELETE FROM volunteer_active_months WHERE volunteer_id = p_volunteer AND month = v_month AND minutes = 0;

  INSERT INTO volunteer_active_years AS y (volunteer_id, year, region_code, minutes)
  VALUES (p_volunteer, extract(year FROM v_month)::integer, v_region, p_minutes)
  ON CONFLICT (volunteer_id, year) DO UPDATE SET minutes = y.minutes + excluded.minutes, region_code = excluded.region_code;
  DELETE FROM volunteer_active_years WHERE volunteer_id = p_volunteer AND year = extract(year FROM v_month)::integer AND minutes = 0;
END $$;

-- Volunteer totals, star levels, the hours roll-up and active months, kept by the database in the
-- writer's transaction (docs/ARCHITECTURE.md, "Roll-up figures"): an approval adds an entry, a
-- reversal takes it away again, so the API, the demo seed and SQL by hand always agree.

-- shared/regions.ts regionPrefix: the code without its trailing all-zero segments (2, 4, 6, 9, 12 digits).
CREATE FUNCTION volunteer_region_prefix(p_code text) RETURNS text IMMUTABLE LANGUAGE plpgsql AS $$
DECLARE
  ends integer[] := ARRAY[2, 4, 6, 9, 12];
  seg_start integer;
BEGIN
  FOR i IN REVERSE 5..1 LOOP
    seg_start := CASE WHEN i = 1 THEN 0 ELSE ends[i - 1] END;
    IF substr(p_code, seg_start + 1, ends[i] - seg_start) !~ '^0+$' THEN
      RETURN substr(p_code, 1, ends[i]);
    END IF;
  END LOOP;
  RETURN '';
END $$;
--> statement-breakpoint
-- The star thresholds (hours) applying to a region: the nearest region's own setting (the longest
-- prefix with a row), else the national 100/300/600/1000/1500 (shared/volunteers/states.ts).
CREATE FUNCTION volunteer_star_thresholds(p_region text) RETURNS integer[] STABLE LANGUAGE sql AS $$
  SELECT coalesce(
    (SELECT s.threshold_hours FROM volunteer_star_settings s
      WHERE p_region LIKE volunteer_region_prefix(s.region_code) || '%'
      ORDER BY length(volunteer_region_prefix(s.region_code)) DESC LIMIT 1),
    ARRAY[100, 300, 600, 1000, 1500])
$$;
--> statement-breakpoint
-- shared/volunteers/states.ts starLevel.
CREATE FUNCTION volunteer_star_level(p_region text, p_minutes bigint) RETURNS integer STABLE LANGUAGE sql AS $$
  SELECT count(*)::integer FROM unnest(volunteer_star_thresholds(p_region)) AS h WHERE p_minutes >= h::bigint * 60
$$;
--> statement-breakpoint
-- Adds (p_entries = 1) or takes away (p_entries = -1, minutes negative) one approved entry.
CREATE FUNCTION volunteer_hours_apply(p_volunteer uuid, p_entry_region text, p_starts_at timestamptz, p_ends_at timestamptz,
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
END $$;
--> statement-breakpoint
CREATE FUNCTION volunteer_hours_on_decision() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  e volunteer_hour_entries;
BEGIN
  SELECT * INTO e FROM volunteer_hour_entries WHERE id = NEW.entry_id;
  IF e.kind = 'reversal' THEN
    RAISE EXCEPTION 'a reversal is not decided' USING ERRCODE = '23514', CONSTRAINT = 'volunteer_hour_decisions_not_reversal';
  END IF;
  IF NEW.decision = 'approved' THEN
    PERFORM volunteer_hours_apply(e.volunteer_id, e.region_code, e.starts_at, e.ends_at, e.activity_type, e.minutes, 1);
  ELSE
    -- A rejected entry gives its period back: the hours may be recorded again, correctly.
    UPDATE volunteer_hour_claims SET released_at = now() WHERE entry_id = e.id AND released_at IS NULL;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER volunteer_hours_on_decision AFTER INSERT ON volunteer_hour_decisions
  FOR EACH ROW EXECUTE FUNCTION volunteer_hours_on_decision();
--> statement-breakpoint
-- A reversal cancels one approved entry, of the same volunteer, for exactly its minutes.
CREATE FUNCTION volunteer_hours_on_reversal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  o volunteer_hour_entries;
BEGIN
  SELECT * INTO o FROM volunteer_hour_entries WHERE id = NEW.reverses_id;
  IF o.kind = 'reversal' OR o.volunteer_id <> NEW.volunteer_id OR NEW.minutes <> -o.minutes
     OR NOT EXISTS (SELECT 1 FROM volunteer_hour_decisions d WHERE d.entry_id = o.id AND d.decision = 'approved') THEN
    RAISE EXCEPTION 'a reversal cancels one approved entry for its minutes'
      USING ERRCODE = '23514', CONSTRAINT = 'volunteer_hour_entries_reversal_of_approved';
  END IF;
  PERFORM volunteer_hours_apply(o.volunteer_id, o.region_code, o.starts_at, o.ends_at, o.activity_type, -o.minutes, -1);
  UPDATE volunteer_hour_claims SET released_at = now() WHERE entry_id = o.id AND released_at IS NULL;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER volunteer_hours_on_reversal AFTER INSERT ON volunteer_hour_entries
  FOR EACH ROW WHEN (NEW.kind = 'reversal') EXECUTE FUNCTION volunteer_hours_on_reversal();
--> statement-breakpoint
-- Reaching a star level is recorded as a 'star_award' honour, once per level (a level lost by a
-- reversal and reached again is not awarded twice); whichever write raised the level.
CREATE FUNCTION volunteer_star_award() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  names text[] := ARRAY['一星级志愿者', '二星级志愿者', '三星级志愿者', '四星级志愿者', '五星级志愿者'];
  from_level integer := CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE OLD.stars + 1 END;
BEGIN
  FOR lvl IN from_level..NEW.stars LOOP
    IF NOT EXISTS (SELECT 1 FROM volunteer_honours h
                    WHERE h.volunteer_id = NEW.volunteer_id AND h.kind = 'star_award' AND (h.details ->> 'stars')::integer = lvl) THEN
      INSERT INTO volunteer_honours (volunteer_id, region_code, kind, title, awarded_on, details)
      VALUES (NEW.volunteer_id, NEW.region_code, 'star_award', names[lvl], (now() AT TIME ZONE 'Asia/Shanghai')::date,
              jsonb_build_object('stars', lvl, 'approvedMinutes', NEW.approved_minutes,
                                 'thresholdHours', to_jsonb(volunteer_star_thresholds(NEW.region_code))));
    END IF;
  END LOOP;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER volunteer_star_award_insert AFTER INSERT ON volunteer_totals
  FOR EACH ROW WHEN (NEW.stars > 0) EXECUTE FUNCTION volunteer_star_award();
--> statement-breakpoint
CREATE TRIGGER volunteer_star_award_update AFTER UPDATE OF stars ON volunteer_totals
  FOR EACH ROW WHEN (NEW.stars > OLD.stars) EXECUTE FUNCTION volunteer_star_award();

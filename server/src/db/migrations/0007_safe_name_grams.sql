-- shuniu_name_grams of 0003 called substr() once per position on a multibyte string, and substr has to walk
-- from the start each time: quadratic, so one 200,000-character name held the database for minutes. Here
-- the characters are split once and each is paired with the next via lead(): linear, same grams, same order
-- (array_agg DISTINCT sorts). Stored name_grams values stay valid because the output does not change.
CREATE OR REPLACE FUNCTION shuniu_name_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT v.g), '{}'::text[]) FROM (
    SELECT c.ch, lead(c.ch) OVER (ORDER BY c.i) AS nxt
    FROM unnest(string_to_array(lower(t), NULL)) WITH ORDINALITY AS c(ch, i)
  ) p
  CROSS JOIN LATERAL (VALUES (p.ch), (p.ch || p.nxt)) AS v(g)
  WHERE v.g IS NOT NULL
$$;
--> statement-breakpoint
-- The API's limits, enforced by the database too so that no other path (import, scripts) can store a name
-- that costs the gram and pinyin functions more than a normal one. The import used to take a name of any
-- length, so a longer one may already be stored: it is cut to the limit first (the API always capped names,
-- so only a broken or hostile file could have put one there), after the linear function above is in place,
-- which keeps recomputing its grams cheap. The constraints are then valid for every row. (NOT VALID would
-- not do: PostgreSQL checks the new version of every updated row, so the start-up sealer's update of such
-- a row, or the member count refreshed when a member is added, would fail on the old name.)
UPDATE "registry_organizations" SET "name" = left("name", 100) WHERE char_length("name") > 100;--> statement-breakpoint
UPDATE "registry_members" SET "name" = left("name", 50) WHERE char_length("name") > 50;--> statement-breakpoint
ALTER TABLE "registry_members" ADD CONSTRAINT "registry_members_name_len" CHECK (char_length(name) <= 50);--> statement-breakpoint
ALTER TABLE "registry_organizations" ADD CONSTRAINT "registry_org_name_len" CHECK (char_length(name) <= 100);

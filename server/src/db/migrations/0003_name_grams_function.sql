-- Every single character and every pair of adjacent characters of a name, lower-cased. A GIN index over
-- them answers one- and two-character Chinese searches, which trigrams cannot serve.
CREATE OR REPLACE FUNCTION shuniu_name_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT g), '{}'::text[]) FROM (
    SELECT substr(lower(t), i, 1) AS g FROM generate_series(1, char_length(t)) AS i
    UNION ALL
    SELECT substr(lower(t), i, 2) FROM generate_series(1, char_length(t) - 1) AS i
  ) grams
$$;

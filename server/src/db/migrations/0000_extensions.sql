-- Substring search over Chinese names uses trigram indexes; bookings (later) use exclusion constraints.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS btree_gist;

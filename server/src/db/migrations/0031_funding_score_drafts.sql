ALTER TABLE "funding_review_assignments" ADD COLUMN "draft_scores" jsonb;--> statement-breakpoint
ALTER TABLE "funding_review_assignments" ADD COLUMN "draft_comment" text;--> statement-breakpoint
ALTER TABLE "funding_review_assignments" ADD COLUMN "draft_saved_at" timestamp with time zone;
ALTER TABLE "volunteers" ADD COLUMN "phone_tail" text;--> statement-breakpoint
CREATE INDEX "volunteers_phone_tail_idx" ON "volunteers" USING btree ("phone_tail");
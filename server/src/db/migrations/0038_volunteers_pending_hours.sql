CREATE TABLE "volunteer_hour_pending" (
	"entry_id" uuid PRIMARY KEY NOT NULL,
	"region_code" text NOT NULL,
	"organization_id" uuid
);
--> statement-breakpoint
ALTER TABLE "volunteer_hour_pending" ADD CONSTRAINT "volunteer_hour_pending_entry_id_volunteer_hour_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."volunteer_hour_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "volunteer_hour_pending_centre_idx" ON "volunteer_hour_pending" USING btree ("region_code" text_pattern_ops) WHERE organization_id is null;--> statement-breakpoint
CREATE INDEX "volunteer_hour_pending_organization_idx" ON "volunteer_hour_pending" USING btree ("organization_id") WHERE organization_id is not null;--> statement-breakpoint
-- Each entry but a reversal waits for a decision from the moment it is recorded.
CREATE FUNCTION volunteer_hour_pending_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.kind <> 'reversal' THEN
    INSERT INTO volunteer_hour_pending (entry_id, region_code, organization_id) VALUES (NEW.id, NEW.region_code, NEW.organization_id);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER volunteer_hour_pending_on_entry AFTER INSERT ON volunteer_hour_entries
  FOR EACH ROW EXECUTE FUNCTION volunteer_hour_pending_add();
--> statement-breakpoint
-- Its decision, whichever it is, ends the wait (decisions are append-only: one per entry).
CREATE FUNCTION volunteer_hour_pending_remove() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM volunteer_hour_pending WHERE entry_id = NEW.entry_id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER volunteer_hour_pending_on_decision AFTER INSERT ON volunteer_hour_decisions
  FOR EACH ROW EXECUTE FUNCTION volunteer_hour_pending_remove();
--> statement-breakpoint
INSERT INTO volunteer_hour_pending (entry_id, region_code, organization_id)
  SELECT e.id, e.region_code, e.organization_id FROM volunteer_hour_entries e
   WHERE e.kind <> 'reversal' AND NOT EXISTS (SELECT 1 FROM volunteer_hour_decisions d WHERE d.entry_id = e.id);

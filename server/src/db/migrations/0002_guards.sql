-- The audit log and workflow history are append-only: rows can be added, never changed or removed.
CREATE OR REPLACE FUNCTION refuse_change_to_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only();
--> statement-breakpoint
CREATE TRIGGER workflow_history_append_only BEFORE UPDATE OR DELETE ON workflow_history
  FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only();
--> statement-breakpoint
-- A region code extends its parent's significant prefix (the application checks it too; this is the last line).
ALTER TABLE regions ADD CONSTRAINT regions_parent_differs CHECK (parent_code IS NULL OR parent_code <> code);

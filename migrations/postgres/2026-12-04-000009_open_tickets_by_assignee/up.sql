-- The open tickets each agent holds, which routing counts up to the agent's capacity; the
-- statuses are routing's open ones (crates/db/src/routing.rs, OPEN).
CREATE INDEX tickets_open_by_assignee ON tickets (org_id, assignee_id)
    WHERE deleted_at IS NULL AND status IN ('new', 'open', 'pending', 'on_hold');

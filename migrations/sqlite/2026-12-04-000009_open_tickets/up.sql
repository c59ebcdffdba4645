-- Open tickets, the ones inboxes and routing read: by assignee (routing counts an agent's up to
-- their capacity; "mine" and "unassigned" views) and by priority (views of urgent work). Both
-- hold only the keys, so counting a view reads the index alone. The statuses are routing's
-- open ones (crates/db/src/routing.rs, OPEN); the ticket list writes its statuses out so the
-- planner sees they lie within these indexes.
CREATE INDEX tickets_open_by_assignee ON tickets (org_id, assignee_id)
    WHERE deleted_at IS NULL AND status IN ('new', 'open', 'pending', 'on_hold');
CREATE INDEX tickets_open_by_priority ON tickets (org_id, priority)
    WHERE deleted_at IS NULL AND status IN ('new', 'open', 'pending', 'on_hold');

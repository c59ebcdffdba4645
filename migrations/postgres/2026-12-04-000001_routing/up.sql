-- Routing: each team is a queue with a mode and a lead; agents have an availability, a
-- capacity (open tickets they may hold; NULL is no limit) and skills.
ALTER TABLE teams ADD COLUMN routing_mode TEXT NOT NULL DEFAULT 'manual';
ALTER TABLE teams ADD COLUMN lead_id BYTEA;
-- Counts the tickets the team has routed; each member remembers the count at their last turn,
-- so round-robin gives the next ticket to whoever waited longest.
ALTER TABLE teams ADD COLUMN route_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN availability TEXT NOT NULL DEFAULT 'offline';
ALTER TABLE users ADD COLUMN capacity BIGINT;

CREATE TABLE user_skills (
    org_id BYTEA NOT NULL,
    user_id BYTEA NOT NULL,
    skill TEXT NOT NULL,
    PRIMARY KEY (org_id, user_id, skill),
    FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id)
);

-- Kept apart from team_members, which is rewritten when a user's teams change.
CREATE TABLE route_turns (
    org_id BYTEA NOT NULL,
    team_id BYTEA NOT NULL,
    user_id BYTEA NOT NULL,
    last_turn BIGINT NOT NULL,
    PRIMARY KEY (org_id, team_id, user_id)
);

-- Tickets waiting in a queue for an agent: few, and read by every routing pass.
CREATE INDEX tickets_waiting ON tickets (org_id, team_id, sla_due_at, id)
    WHERE assignee_id IS NULL AND team_id IS NOT NULL AND deleted_at IS NULL
      AND status IN ('new', 'open', 'pending', 'on_hold');

-- Tickets an agent marked as related, a row for each end so either finds the other at once.
-- Follow-ups and merges are links too, kept on the ticket itself (follow_up_of_id,
-- merged_into_id); the indexes below find them from the other end.
CREATE TABLE ticket_links (
    org_id BLOB NOT NULL,
    ticket_id BLOB NOT NULL,
    linked_id BLOB NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by BLOB NOT NULL,
    PRIMARY KEY (org_id, ticket_id, linked_id),
    FOREIGN KEY (org_id, ticket_id) REFERENCES tickets (org_id, id),
    FOREIGN KEY (org_id, linked_id) REFERENCES tickets (org_id, id),
    FOREIGN KEY (org_id, created_by) REFERENCES users (org_id, id)
);

CREATE INDEX tickets_follow_ups ON tickets (org_id, follow_up_of_id) WHERE follow_up_of_id IS NOT NULL;
CREATE INDEX tickets_merged ON tickets (org_id, merged_into_id) WHERE merged_into_id IS NOT NULL;

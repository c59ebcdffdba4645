-- Who has a ticket open: each viewer's page renews its row while it stays open; a row whose
-- time has passed is someone who left without saying so.
CREATE TABLE ticket_viewers (
    org_id BYTEA NOT NULL,
    ticket_id BYTEA NOT NULL,
    user_id BYTEA NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, ticket_id, user_id),
    FOREIGN KEY (org_id, ticket_id) REFERENCES tickets (org_id, id),
    FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id)
);

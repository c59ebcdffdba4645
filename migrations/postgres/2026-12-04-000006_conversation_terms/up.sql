-- The words of each ticket's conversation, whole (see domain::text::whole_word_terms), so that
-- a search finds a ticket by what was said in it. Written as messages are added and rebuilt
-- when one is redacted or a merge moves them (read by ticket through the second index); the
-- server fills it for older messages when it starts and finds it empty.
CREATE TABLE ticket_conversation_terms (
    org_id BYTEA NOT NULL,
    term TEXT COLLATE "C" NOT NULL,
    ticket_id BYTEA NOT NULL,
    PRIMARY KEY (org_id, term, ticket_id),
    FOREIGN KEY (org_id, ticket_id) REFERENCES tickets (org_id, id) ON DELETE CASCADE
);
ALTER TABLE ticket_conversation_terms ALTER COLUMN term SET STATISTICS 1000;
CREATE INDEX ticket_conversation_terms_by_ticket ON ticket_conversation_terms (org_id, ticket_id, term);

-- The words of each ticket's conversation, whole (see domain::text::whole_word_terms), so that
-- a search finds a ticket by what was said in it. Written as messages are added and rebuilt
-- when one is redacted or a merge moves them (read by ticket through the second index); the
-- server fills it for older messages when it starts and finds it empty.
CREATE TABLE ticket_conversation_terms (
    org_id BLOB NOT NULL,
    term TEXT NOT NULL,
    ticket_id BLOB NOT NULL,
    PRIMARY KEY (org_id, term, ticket_id),
    FOREIGN KEY (org_id, ticket_id) REFERENCES tickets (org_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX ticket_conversation_terms_by_ticket ON ticket_conversation_terms (org_id, ticket_id, term);

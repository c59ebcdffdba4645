-- A record's tags are read with the record: a JSON array in the row, so reading an account or a
-- contact is one indexed row. The tag tables stay as the index the tag filter uses.
ALTER TABLE accounts ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
UPDATE accounts SET tags = (
    SELECT json_group_array(tag) FROM (
        SELECT tag FROM account_tags t
        WHERE t.org_id = accounts.org_id AND t.account_id = accounts.id ORDER BY tag));

ALTER TABLE contacts ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
UPDATE contacts SET tags = (
    SELECT json_group_array(tag) FROM (
        SELECT tag FROM contact_tags t
        WHERE t.org_id = contacts.org_id AND t.contact_id = contacts.id ORDER BY tag));

-- A record's tags are read with the record: a JSON array in the row, so reading an account or a
-- contact is one indexed row. The tag tables stay as the index the tag filter uses.
ALTER TABLE accounts ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
UPDATE accounts a SET tags = t.list
FROM (SELECT org_id, account_id, json_agg(tag ORDER BY tag)::text AS list
      FROM account_tags GROUP BY org_id, account_id) t
WHERE a.org_id = t.org_id AND a.id = t.account_id;

ALTER TABLE contacts ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
UPDATE contacts c SET tags = t.list
FROM (SELECT org_id, contact_id, json_agg(tag ORDER BY tag)::text AS list
      FROM contact_tags GROUP BY org_id, contact_id) t
WHERE c.org_id = t.org_id AND c.id = t.contact_id;

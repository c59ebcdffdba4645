DELETE FROM notifications WHERE lead_id IS NOT NULL;
ALTER TABLE notifications DROP COLUMN lead_id;
-- Lead notes go with the leads.
DROP INDEX notes_by_lead;
DELETE FROM notes WHERE lead_id IS NOT NULL;
ALTER TABLE notes DROP COLUMN lead_id;
DROP TABLE lead_terms;
DROP TABLE lead_tags;
DROP TABLE leads;
DROP TABLE lead_forms;

DROP TABLE ticket_field_answers;
ALTER TABLE partners DROP COLUMN ticket_fields;

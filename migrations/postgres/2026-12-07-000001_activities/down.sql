DROP INDEX notes_by_lead_time;
DROP INDEX notes_by_contact_time;
DROP INDEX notes_by_account_time;
ALTER TABLE users DROP COLUMN calendar_feed_hash;
ALTER TABLE notifications DROP COLUMN activity_id;
DROP TABLE activity_attendees;
DROP TABLE activities;

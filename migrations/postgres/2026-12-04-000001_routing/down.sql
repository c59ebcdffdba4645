DROP INDEX tickets_waiting;
DROP TABLE route_turns;
DROP TABLE user_skills;
ALTER TABLE users DROP COLUMN capacity;
ALTER TABLE users DROP COLUMN availability;
ALTER TABLE teams DROP COLUMN route_seq;
ALTER TABLE teams DROP COLUMN lead_id;
ALTER TABLE teams DROP COLUMN routing_mode;

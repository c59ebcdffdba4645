-- Routing counts turns from its members' last turns (under the queue's advisory lock), no
-- longer on the team's row, which every ticket in the queue references.
ALTER TABLE teams DROP COLUMN route_seq;

DROP INDEX tickets_merged;
DROP INDEX tickets_follow_ups;
DROP TABLE ticket_links;

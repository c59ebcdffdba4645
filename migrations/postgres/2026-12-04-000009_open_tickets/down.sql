DROP INDEX tickets_open_by_priority;
DROP INDEX tickets_open_by_assignee;

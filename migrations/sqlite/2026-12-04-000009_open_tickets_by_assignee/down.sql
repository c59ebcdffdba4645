DROP INDEX tickets_open_by_assignee;

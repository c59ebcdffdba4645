DROP TABLE notifications;
DROP TABLE sla_events;
DROP TABLE jobs;

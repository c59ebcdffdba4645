DROP TABLE sla_policies;
DROP TABLE sla_calendars;

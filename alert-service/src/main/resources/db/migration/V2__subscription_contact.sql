-- Who to tell when a webhook subscription is disabled (410 Gone, or days of failures).
alter table subscription add column contact varchar(320);

-- A record the broker refuses for good (too large, invalid topic) is parked, with the reason, instead of
-- blocking every later record. Versioned after each service's V1 so that databases migrated before exist.
alter table outbox add column parked_at timestamptz;
alter table outbox add column park_reason varchar(1000);
drop index outbox_unpublished;
create index outbox_unpublished on outbox (id) where published_at is null and parked_at is null;
create index outbox_parked on outbox (id) where parked_at is not null and published_at is null;

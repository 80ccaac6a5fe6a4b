-- The relay deletes what it published, in the transaction that settles the batch (the records are on the
-- broker): the table holds the records waiting and those parked, not every record ever sent, and settling a
-- batch is one statement instead of an update per record. Versioned after both services' V3.
delete from outbox where published_at is not null;
drop index outbox_unpublished;
drop index outbox_parked;
alter table outbox drop column published_at;
create index outbox_unpublished on outbox (id) where parked_at is null;
create index outbox_parked on outbox (id) where parked_at is not null;

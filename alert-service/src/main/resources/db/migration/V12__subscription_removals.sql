-- A deleted subscription leaves a row here, written in the deleting transaction: an alert-service instance learns of
-- a deletion as it learns of a write (by the transaction, against its last snapshot), instead of counting the whole
-- subscription table on every refresh (8 ms a count at 37,000 subscriptions, measured). A removal is kept a week
-- (each deletion drops those older); an instance reads every subscription again far more often than that
-- (tariffwatch.subscriptions.full-read-every).
create table subscription_removal (
    subscription_id uuid        not null,
    removed_in      xid8        not null,
    removed_at      timestamptz not null
);
create index subscription_removal_removed_in on subscription_removal (removed_in);
create index subscription_removal_removed_at on subscription_removal (removed_at);

create function subscription_removed() returns trigger language plpgsql as $$
begin
    insert into subscription_removal (subscription_id, removed_in, removed_at)
        values (old.id, pg_current_xact_id(), now());
    delete from subscription_removal where removed_at < now() - interval '7 days';
    return old;
end
$$;

create trigger subscription_removed after delete on subscription
    for each row execute function subscription_removed();

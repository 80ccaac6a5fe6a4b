-- The transaction that last wrote each subscription, set by the database itself: an alert-service instance refreshes
-- its in-memory index with the rows written by transactions that its last snapshot did not see (committed since, or
-- under way then), instead of reloading every subscription whenever one changed.
alter table subscription add column changed_in xid8;
update subscription set changed_in = pg_current_xact_id();
alter table subscription alter column changed_in set not null;

create function subscription_changed_in() returns trigger language plpgsql as $$
begin
    new.changed_in := pg_current_xact_id();
    return new;
end
$$;

create trigger subscription_changed_in before insert or update on subscription
    for each row execute function subscription_changed_in();

-- a refresh reads only transactions from its last snapshot's xmin on
create index subscription_changed_in on subscription (changed_in);

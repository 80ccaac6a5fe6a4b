-- Due alerts are claimed per channel, so that a backlog of webhooks never holds e-mails back (nor the other way):
-- by_email says whether an alert goes by e-mail (its subscription's channel, or a notice to the subscription's
-- contact), and the due indexes lead with it.
alter table alert add column by_email boolean not null default false;
update alert a set by_email = true from subscription s where s.id = a.subscription_id and s.channel = 'EMAIL';
update alert set by_email = true where type in ('subscription.contact-confirmation', 'subscription.disabled');
drop index alert_due;
drop index alert_due_retries;
create index alert_due on alert (by_email, next_attempt_at) where status = 'PENDING';
create index alert_due_retries on alert (by_email, next_attempt_at) where status = 'PENDING' and attempts > 0;

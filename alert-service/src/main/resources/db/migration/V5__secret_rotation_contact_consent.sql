-- Secret rotation: the secret a rotation replaced keeps signing (beside the new one) until previous_secret_until.
alter table subscription add column previous_secret text;
alter table subscription add column previous_secret_until timestamp with time zone;
-- A webhook subscription's contact address gets notices only once it confirmed them.
alter table subscription add column contact_confirm_token text;
alter table subscription add column contact_confirmed_at timestamp with time zone;
-- Confirmation e-mails per address are counted over a window.
create index alert_confirmation_recent on alert (type, created_at) where type in ('subscription.confirmation', 'subscription.contact-confirmation');

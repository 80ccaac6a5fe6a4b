-- A subscription's filters are a JSON column that Hibernate reads back as the Filters record.
alter table subscription alter column filters type jsonb using filters::jsonb;

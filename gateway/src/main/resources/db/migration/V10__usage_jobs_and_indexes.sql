-- Usage ledger (engineer B's migrations are numbered from 10). Portable between PostgreSQL and H2.

-- One row per periodic job that only one replica may run at a time (retention, ...): a lease.
create table job_locks (
    name            varchar(64)  primary key,
    holder          varchar(100),
    locked_until    timestamp with time zone not null
);
insert into job_locks (name, holder, locked_until) values ('usage-retention', null, timestamp with time zone '1970-01-01 00:00:00+00');

-- Analytics filter by key and by model over a time range.
create index usage_hourly_key_idx on usage_hourly (key_id, bucket);
create index usage_daily_key_idx on usage_daily (key_id, bucket);
create index usage_daily_model_idx on usage_daily (model, bucket);

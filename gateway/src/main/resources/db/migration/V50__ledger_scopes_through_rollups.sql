-- The ledger's per-request records keep two indexes (the primary key and the time index); the three
-- scope indexes (user, team, key by time) go. Listings filtered by user, team, key or model now find
-- the hours that hold matching records in the hourly rollup and read only those hours through the
-- time index (UsageQueries). Each of those indexes cost the writer a B-tree insert, an undo-log entry
-- and a commit step per record: about a tenth of the gateway's CPU per request on the embedded
-- database at concurrency 64 (decision 0015).
--
-- For that the rollups must be exact per team: a rollup row was one per bucket x key x model, with
-- the key's team of the last record written, so a user who changed teams within an hour moved that
-- hour's earlier records to the new team. Rows are now per bucket x key x model x team
-- (team_key: the team id, '-' for none). Portable to PostgreSQL and H2: new tables, copy, rename.

create table usage_hourly_by_team (
    bucket              timestamp with time zone not null,
    key_id              varchar(36)  not null,
    model               varchar(200) not null,
    team_key            varchar(36)  not null,
    user_id             varchar(36),
    team_id             varchar(36),
    requests            bigint not null default 0,
    errors              bigint not null default 0,
    input_tokens        bigint not null default 0,
    output_tokens       bigint not null default 0,
    cache_read_tokens   bigint not null default 0,
    cache_write_tokens  bigint not null default 0,
    web_search_requests bigint not null default 0,
    cost_micros         bigint not null default 0,
    primary key (bucket, key_id, model, team_key)
);
insert into usage_hourly_by_team (bucket, key_id, model, team_key, user_id, team_id, requests, errors, input_tokens,
    output_tokens, cache_read_tokens, cache_write_tokens, web_search_requests, cost_micros)
  select bucket, key_id, model, coalesce(team_id, '-'), user_id, team_id, requests, errors, input_tokens,
    output_tokens, cache_read_tokens, cache_write_tokens, web_search_requests, cost_micros
  from usage_hourly;
drop table usage_hourly;
alter table usage_hourly_by_team rename to usage_hourly;
create index usage_hourly_user_idx on usage_hourly (user_id, bucket);
create index usage_hourly_team_idx on usage_hourly (team_id, bucket);
create index usage_hourly_key_idx on usage_hourly (key_id, bucket);

create table usage_daily_by_team (
    bucket              timestamp with time zone not null,
    key_id              varchar(36)  not null,
    model               varchar(200) not null,
    team_key            varchar(36)  not null,
    user_id             varchar(36),
    team_id             varchar(36),
    requests            bigint not null default 0,
    errors              bigint not null default 0,
    input_tokens        bigint not null default 0,
    output_tokens       bigint not null default 0,
    cache_read_tokens   bigint not null default 0,
    cache_write_tokens  bigint not null default 0,
    web_search_requests bigint not null default 0,
    cost_micros         bigint not null default 0,
    primary key (bucket, key_id, model, team_key)
);
insert into usage_daily_by_team (bucket, key_id, model, team_key, user_id, team_id, requests, errors, input_tokens,
    output_tokens, cache_read_tokens, cache_write_tokens, web_search_requests, cost_micros)
  select bucket, key_id, model, coalesce(team_id, '-'), user_id, team_id, requests, errors, input_tokens,
    output_tokens, cache_read_tokens, cache_write_tokens, web_search_requests, cost_micros
  from usage_daily;
drop table usage_daily;
alter table usage_daily_by_team rename to usage_daily;
create index usage_daily_user_idx on usage_daily (user_id, bucket);
create index usage_daily_team_idx on usage_daily (team_id, bucket);
create index usage_daily_key_idx on usage_daily (key_id, bucket);
create index usage_daily_model_idx on usage_daily (model, bucket);

drop index usage_records_user_time_idx;
drop index usage_records_team_time_idx;
drop index usage_records_key_time_idx;

-- Spend budgets (issue 4). Spend itself is not stored here: it is summed from the usage rollups
-- (usage_hourly) and the raw ledger for partial hours, so a budget can never disagree with the ledger.
create table budgets (
    id           varchar(36)  primary key,
    name         varchar(200) not null,
    scope        varchar(16)  not null,          -- key | user | team | deployment
    scope_id     varchar(36),                    -- null for deployment
    period       varchar(16)  not null,          -- daily | weekly | monthly | total
    time_zone    varchar(64)  not null,
    limit_micros bigint       not null,
    actions      varchar(2000) not null,         -- JSON list: [{"type":"notify","at":80}, {"type":"throttle","at":90,"rpm":5}, ...]
    enabled      boolean      not null,
    created_at   timestamp with time zone not null,
    updated_at   timestamp with time zone not null
);
create index budgets_scope_idx on budgets (scope, scope_id);

-- Endpoint pool (migrations 40..49). Portable between PostgreSQL and H2 (MODE=PostgreSQL).

-- One row per Bedrock endpoint. Secrets inside credentials_json (secret_access_key, session_token)
-- are AES-256-GCM ciphertexts ("enc:v1:..."), never plaintext.
create table pool_endpoints (
    name              varchar(100) primary key,
    region            varchar(40)  not null,
    endpoint_url      varchar(500),
    credentials_type  varchar(20)  not null,
    credentials_json  varchar(8000) not null,
    weight            integer      not null,
    tier              varchar(20)  not null,
    enabled           boolean      not null,
    profile_prefix    varchar(20),
    model_prefixes    varchar(8000),            -- JSON object: model id -> prefix
    models            varchar(16000),           -- JSON array of {"model":..,"prefix":..}; empty = every model
    source            varchar(20)  not null,    -- config (from the YAML) | admin (owned by the admin API)
    created_at        timestamp with time zone not null,
    updated_at        timestamp with time zone not null,
    constraint pool_endpoints_tier_check check (tier in ('primary', 'fallback')),
    constraint pool_endpoints_source_check check (source in ('config', 'admin')),
    constraint pool_endpoints_weight_check check (weight between 1 and 1000)
);

-- Routing strategy per team or key, over the deployment's ccag.pool.strategy.
create table pool_routing (
    scope             varchar(10)  not null,    -- team | key
    scope_id          varchar(36)  not null,
    strategy          varchar(40)  not null,
    updated_at        timestamp with time zone not null,
    primary key (scope, scope_id),
    constraint pool_routing_scope_check check (scope in ('team', 'key'))
);

-- One row. Every change to the two tables above increments generation in the same transaction;
-- each replica polls it (about once a second) and reloads the pool when it moved. Changing it also
-- serialises writers: they lock this row first.
create table pool_state (
    id                integer primary key,
    generation        bigint not null
);
insert into pool_state (id, generation) values (1, 0);

-- The participant registry: who takes part, which modules they use, their public encryption keys and which
-- API clients (OIDC client ids) may act for them.

create table participant (
    id            uuid         primary key,
    oin           varchar(20)  not null unique check (oin ~ '^[0-9]{20}$'),
    kvk           varchar(8)   not null check (kvk ~ '^[0-9]{8}$'),
    kvk_branch    varchar(12)  null,
    name          varchar(200) not null,
    kind          varchar(32)  not null check (kind in ('counsellor-phase-1', 'counsellor-phase-2', 'other-counsellor',
                                                        'administrator', 'creditor', 'guarantee-fund')),
    sector        varchar(40)  null,
    status        varchar(16)  not null default 'onboarding'
                               check (status in ('onboarding', 'active', 'suspended', 'left')),
    contact_email varchar(254) null,
    created_at    timestamptz  not null default now()
);

create index participant_name_lower_idx on participant (lower(name));
create index participant_kvk_idx on participant (kvk);

create table participant_module (
    participant_id uuid        not null references participant (id) on delete cascade,
    module         varchar(64) not null,
    enabled_by     varchar(100) not null,
    enabled_at     timestamptz not null default now(),
    primary key (participant_id, module)
);

create table participant_key (
    participant_id uuid         not null references participant (id) on delete cascade,
    kid            varchar(200) not null unique,
    jwk            text         not null,
    key_use        varchar(8)   not null default 'enc',
    created_at     timestamptz  not null default now(),
    not_after      timestamptz  null,
    primary key (participant_id, kid)
);

create index participant_key_newest_idx on participant_key (participant_id, created_at desc);

create table api_client (
    client_id      varchar(200) not null,
    participant_id uuid         not null references participant (id) on delete cascade,
    primary key (client_id, participant_id)
);

create index api_client_participant_idx on api_client (participant_id);

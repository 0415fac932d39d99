-- Operator changes: delivery preference, a version per participant, the audit trail, the snapshot outbox and
-- indexes for the directory search (ADR 0011).

alter table participant
    add column delivery_mode varchar(8)    not null default 'mailbox' check (delivery_mode in ('mailbox', 'webhook')),
    add column webhook_url   varchar(2000) null,
    add column version       bigint        not null default 1,
    add column updated_at    timestamptz   not null default now(),
    add constraint participant_webhook_url_chk check ((delivery_mode = 'webhook') = (webhook_url is not null));

-- name search: every word of the query is a prefix of a word of the name (full-text, 'simple': no stemming)
alter table participant add column name_search tsvector generated always as (to_tsvector('simple', name)) stored;
create index participant_name_search_idx on participant using gin (name_search);
create index participant_kind_name_idx on participant (kind, lower(name), id);
create index participant_name_order_idx on participant (lower(name), id);
drop index participant_name_lower_idx;
create index participant_module_module_idx on participant_module (module, participant_id);

-- a key whose end of validity has been published in a snapshot (it left the snapshot's key list)
alter table participant_key add column expiry_published boolean not null default false;
create index participant_key_expiry_idx on participant_key (not_after) where not expiry_published and not_after is not null;

-- every change to the registry: who (operator subject, or the calling service), what, when
create table audit_event (
    id             bigserial    primary key,
    participant_id uuid         null,
    client_id      varchar(200) null,
    actor          varchar(200) not null,
    via            varchar(100) not null,
    action         varchar(64)  not null,
    detail         jsonb        not null default '{}'::jsonb,
    at             timestamptz  not null default clock_timestamp()
);

create index audit_event_participant_idx on audit_event (participant_id, id);

-- participants whose snapshot must be (re)published on knooppunt.participants; no foreign key, so a removed
-- participant stays here until its tombstone is published (ADR 0010)
create table participant_outbox (
    participant_id uuid        primary key,
    enqueued_at    timestamptz not null default clock_timestamp()
);

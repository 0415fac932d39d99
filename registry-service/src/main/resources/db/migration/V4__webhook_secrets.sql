-- Standard Webhooks signing secrets of push subscribers (ADR 0037). A secret is never stored in clear: it is sealed
-- with AES-256-GCM under a key of the secrets directory's webhook-secret-keys.jwks (sealed_with names it), with the
-- participant id and the secret id as associated data, so a sealed row cannot be moved to another participant.
-- A secret signs pushes until not_after (set when a newer one is issued: the rotation overlap), or for as long as no
-- newer one exists.
create table webhook_secret (
    id             uuid         primary key,
    participant_id uuid         not null references participant (id) on delete cascade,
    sealed_with    varchar(200) not null,
    nonce          bytea        not null,
    sealed         bytea        not null,
    created_at     timestamptz  not null default clock_timestamp(),
    not_after      timestamptz  null
);

create index webhook_secret_participant_idx on webhook_secret (participant_id, created_at desc);

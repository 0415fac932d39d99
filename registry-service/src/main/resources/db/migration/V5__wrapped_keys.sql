-- Private keys of portal participants, wrapped in their users' browsers under a passphrase the hub never sees
-- (JWE PBES2-HS512+A256KW, ADR 0042). The hub stores only the compact JWE and cannot open it; the matching public
-- key is registered in participant_key under the same kid. Re-wrapping under a new passphrase replaces the row.
create table wrapped_key (
    participant_id uuid         not null references participant (id) on delete cascade,
    kid            varchar(200) not null unique,
    jwe            text         not null,
    created_at     timestamptz  not null default clock_timestamp(),
    updated_at     timestamptz  not null default clock_timestamp(),
    primary key (participant_id, kid)
);

create index wrapped_key_participant_idx on wrapped_key (participant_id, created_at desc);

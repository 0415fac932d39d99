-- A simulated participant is an ordinary participant whose own system is the sandbox counterpart (ADR 0048): it
-- answers per the protocol with generated data. Only test environments (knooppunt.sandbox.enabled) may mark one;
-- the directory shows the flag so vendors know a counterpart is a sandbox.
alter table participant add column simulated boolean not null default false;

-- directory search (ADR 0011, amended): a stored sort key and name-ordered indexes that cover every column a word
-- search filters on, so the guarded walk in name order reads only the index (index-only scan), never the table.
alter table participant add column sort_name text generated always as (lower(name)) stored;
drop index participant_kind_name_idx;
drop index participant_name_order_idx;
create index participant_kind_name_idx on participant (kind, sort_name, id) include (name_search, oin, kvk, status);
create index participant_name_order_idx on participant (sort_name, id) include (name_search, oin, kvk, status, kind);

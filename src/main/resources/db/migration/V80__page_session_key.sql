-- The secret that signs the session cookies of the pages. One row, created by the first instance that starts,
-- read by every other instance on the same database so that a session signed by one is valid on all.
create table page_session_key (
    id         integer primary key,
    secret     varchar(128) not null,
    created_at timestamp with time zone not null
);

-- Each replica asks every refresh interval for keys whose owner changed (disabled, grant changed):
-- that lookup by users.updated_at must not scan the users table.
create index users_updated_idx on users (updated_at);

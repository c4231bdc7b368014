-- The job lock under which one replica at a time resumes deliveries another replica did not make.
insert into job_locks (name, holder, locked_until) values ('notification-sweep', null, timestamp with time zone '1970-01-01 00:00:00+00');

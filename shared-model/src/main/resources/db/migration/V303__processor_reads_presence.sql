-- Ride-along refreshes fill a batch call's spare slots with the pairs viewers are looking at first (the
-- processor's riders): the processor reads who views what. It never writes presence.
update freshet_table_grants set processor = 'select' where table_name = 'active_subscriptions';

select freshet_apply_grants();

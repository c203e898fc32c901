-- The grant decisions of the tables added beside the service roles: the negative cache of symbols a
-- provider does not know (V140; written by the processor's finish, read by every gate), the tracker's
-- fair-share counts (V150) and the operators' provider pauses (V180; read by the claim and explain).
-- symbol_universe is a registry target (the universe data types write it), granted by that rule.
insert into freshet_table_grants (table_name, tracker, processor, checker, admin) values
--   table               tracker                           processor                          checker   admin
    ('symbol_not_found', 'select',                         'select, insert, update, delete',  'select', 'select'),
    ('on_demand_calls',  'select, insert, update, delete', '',                                '',       'select'),
    ('provider_pauses',  '',                               'select',                          '',       'select, insert, update, delete');

-- A data type in shadow is judged from its newest shadow records (V160): the tracker and the checker's
-- presence scan read them, and the checker's shadow-retention task prunes them.
update freshet_table_grants
   set tracker = 'select', processor = 'select, insert', checker = 'select, delete', admin = 'select'
 where table_name = 'shadow_writes';

select freshet_apply_grants();

-- The regulator's role (issue 5, decision 0030) (PostgreSQL): portal accounts may be REGULATOR (the
-- authority's staff: audits, investigations, the complaints dashboard; no operator), and the audit
-- log names REGULATOR actors. The constraints are the ones V3 declared inline (default names).

ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('ADMIN', 'OPERATOR', 'REGULATOR'));

ALTER TABLE audit_log DROP CONSTRAINT audit_log_actor_type_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_actor_type_check
    CHECK (actor_type IN ('OPERATOR', 'ADMIN', 'CITIZEN', 'SYSTEM', 'REGULATOR'));

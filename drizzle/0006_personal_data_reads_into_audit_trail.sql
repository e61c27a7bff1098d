-- Personal-data reads recorded before the audit trail existed join the chain, oldest first.
DO $$
DECLARE
	r record;
	seq bigint;
	prev text;
	t timestamptz;
	kind text;
BEGIN
	SELECT "sequence", "hash", "at" INTO seq, prev, t FROM "audit_head" WHERE "id" = 1 FOR UPDATE;
	FOR r IN SELECT * FROM "personal_data_reads" ORDER BY "at", "id" LOOP
		seq := seq + 1;
		t := greatest(date_trunc('milliseconds', r."at"), t);
		kind := CASE r."entity" WHEN 'security_registration' THEN 'securityRegistration' WHEN 'consult_booking' THEN 'consultBooking' ELSE r."entity" END;
		INSERT INTO "audit_entries" VALUES (
			seq, t, r."actor_subject", string_to_array(r."actor_role", ','), NULL, 'personalData.read', kind, r."entity_id"::text,
			r."request_id", 'OK', prev,
			audit_entry_hash(prev, seq, t, r."actor_subject", string_to_array(r."actor_role", ','), NULL, 'personalData.read', kind, r."entity_id"::text, r."request_id", 'OK')
		);
		SELECT "hash" INTO prev FROM "audit_entries" WHERE "sequence" = seq;
	END LOOP;
	UPDATE "audit_head" SET "sequence" = seq, "hash" = prev, "at" = t WHERE "id" = 1;
END $$;
--> statement-breakpoint
DROP TABLE "personal_data_reads" CASCADE;

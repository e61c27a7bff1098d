CREATE TABLE "audit_entries" (
	"sequence" bigint PRIMARY KEY NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"actor_subject" text,
	"actor_roles" text[] NOT NULL,
	"organization_code" text,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text,
	"request_id" text,
	"outcome" text NOT NULL,
	"previous_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_head" (
	"id" integer PRIMARY KEY NOT NULL,
	"sequence" bigint NOT NULL,
	"hash" text NOT NULL,
	"at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "audit_entries_entity_idx" ON "audit_entries" USING btree ("entity","entity_id","sequence");--> statement-breakpoint
-- The chain's hash: SHA-256 (hex) over the previous entry's hash followed by the entry's canonical
-- content, the JSON array json_build_array renders (elements separated by ", "):
-- [sequence, at as ISO 8601 UTC with milliseconds, actor_subject, actor_roles joined by ",",
--  organization_code, action, entity, entity_id, request_id, outcome]. src/services/audit/chain.ts
-- computes the same in Node to verify the chain independently of this function.
CREATE FUNCTION audit_entry_hash(
	p_previous_hash text, p_sequence bigint, p_at timestamptz, p_actor_subject text, p_actor_roles text[],
	p_organization_code text, p_action text, p_entity text, p_entity_id text, p_request_id text, p_outcome text
) RETURNS text LANGUAGE sql STABLE AS $$
	SELECT encode(sha256(convert_to(p_previous_hash || json_build_array(
		p_sequence, to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), p_actor_subject,
		array_to_string(p_actor_roles, ','), p_organization_code, p_action, p_entity, p_entity_id, p_request_id, p_outcome
	)::text, 'UTF8')), 'hex')
$$;
--> statement-breakpoint
INSERT INTO "audit_head" ("id", "sequence", "hash", "at") VALUES (1, 0, repeat('0', 64), 'epoch');

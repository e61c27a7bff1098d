CREATE TYPE "public"."registration_outbox_status" AS ENUM('PENDING', 'POLLING', 'DONE', 'FAILED');--> statement-breakpoint
CREATE TYPE "public"."registration_status" AS ENUM('SUBMITTED', 'FORWARDED', 'REGISTERED', 'SUPPLEMENT_REQUESTED', 'REJECTED', 'DEREGISTERED');--> statement-breakpoint
CREATE TYPE "public"."security_registration_kind" AS ENUM('INITIAL', 'AMENDMENT', 'DEREGISTRATION', 'ERROR_CORRECTION', 'ENFORCEMENT_NOTICE');--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"org_id" uuid NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"registration_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_org_id_key_pk" PRIMARY KEY("org_id","key")
);
--> statement-breakpoint
CREATE TABLE "registration_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"registration_id" uuid NOT NULL,
	"sequence" integer NOT NULL,
	"status" "registration_status" NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "registration_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"registration_id" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"request" jsonb NOT NULL,
	"status" "registration_outbox_status" DEFAULT 'PENDING' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"registry_reference" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registration_outbox_registration_id_unique" UNIQUE("registration_id")
);
--> statement-breakpoint
CREATE TABLE "security_registrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "security_registration_kind" NOT NULL,
	"status" "registration_status" DEFAULT 'SUBMITTED' NOT NULL,
	"dossier_id" uuid NOT NULL,
	"mortgagee_org_id" uuid NOT NULL,
	"subject_id" uuid,
	"mortgagors" jsonb NOT NULL,
	"parcels" jsonb NOT NULL,
	"certificate_serials" text[] NOT NULL,
	"attached_assets" jsonb NOT NULL,
	"obligation_contract_number" text NOT NULL,
	"obligation_contract_date" date NOT NULL,
	"obligation_amount" numeric NOT NULL,
	"obligation_currency" text NOT NULL,
	"security_contract_number" text NOT NULL,
	"security_contract_date" date NOT NULL,
	"note" text,
	"registration_number" text,
	"registered_at" timestamp with time zone,
	"registry_reference" text,
	"rejection_reason" text,
	"last_sequence" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "security_registrations_dossier_id_unique" UNIQUE("dossier_id"),
	CONSTRAINT "security_registrations_amount_positive" CHECK ("security_registrations"."obligation_amount" > 0)
);
--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_registration_id_security_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."security_registrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_events" ADD CONSTRAINT "registration_events_registration_id_security_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."security_registrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_outbox" ADD CONSTRAINT "registration_outbox_registration_id_security_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."security_registrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "security_registrations" ADD CONSTRAINT "security_registrations_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "security_registrations" ADD CONSTRAINT "security_registrations_mortgagee_org_id_organizations_id_fk" FOREIGN KEY ("mortgagee_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "security_registrations" ADD CONSTRAINT "security_registrations_subject_id_security_registrations_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."security_registrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "registration_events_sequence_idx" ON "registration_events" USING btree ("registration_id","sequence");--> statement-breakpoint
CREATE INDEX "registration_outbox_due_idx" ON "registration_outbox" USING btree ("next_attempt_at") WHERE "registration_outbox"."status" in ('PENDING', 'POLLING');--> statement-breakpoint
CREATE INDEX "security_registrations_bank_idx" ON "security_registrations" USING btree ("mortgagee_org_id","created_at");--> statement-breakpoint
CREATE INDEX "security_registrations_created_idx" ON "security_registrations" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "security_registrations_subject_idx" ON "security_registrations" USING btree ("subject_id");--> statement-breakpoint
CREATE INDEX "security_registrations_serials_idx" ON "security_registrations" USING gin ("certificate_serials");--> statement-breakpoint
CREATE UNIQUE INDEX "security_registrations_number_idx" ON "security_registrations" USING btree ("registration_number");
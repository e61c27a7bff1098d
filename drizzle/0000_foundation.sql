CREATE TYPE "public"."calendar_day_kind" AS ENUM('HOLIDAY', 'WORKING_DAY');--> statement-breakpoint
CREATE TYPE "public"."organization_kind" AS ENUM('SERVICE_CENTER', 'POST_OFFICE', 'BANK', 'BAR_ASSOCIATION', 'LAW_FIRM', 'LAND_REGISTRY');--> statement-breakpoint
CREATE TYPE "public"."procedure_field" AS ENUM('SECURITY_REGISTRATION', 'CONSTRUCTION_PERMIT', 'JUDICIAL_RECORD', 'OTHER');--> statement-breakpoint
CREATE TYPE "public"."dossier_channel" AS ENUM('ONLINE', 'COUNTER', 'POST');--> statement-breakpoint
CREATE TYPE "public"."dossier_status" AS ENUM('SUBMITTED', 'RECEIVED', 'DIGITIZED', 'IN_PROCESSING', 'SUPPLEMENT_REQUESTED', 'APPROVED', 'REJECTED', 'RESULT_READY', 'RETURNED', 'WITHDRAWN');--> statement-breakpoint
CREATE TYPE "public"."result_delivery_method" AS ENUM('AT_COUNTER', 'BY_POST', 'ELECTRONIC');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('CITIZEN', 'CENTER_STAFF', 'POST_CLERK', 'BANK_OFFICER', 'LAWYER', 'PARTNER_APP', 'ADMIN', 'SYSTEM');--> statement-breakpoint
CREATE SEQUENCE "public"."dossier_code_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "branches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"address" text NOT NULL,
	CONSTRAINT "branches_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "calendar_days" (
	"day" date PRIMARY KEY NOT NULL,
	"kind" "calendar_day_kind" NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" "organization_kind" NOT NULL,
	CONSTRAINT "organizations_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "procedures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"field" "procedure_field" NOT NULL,
	"processing_days" integer NOT NULL,
	"fully_online" boolean NOT NULL,
	"same_day_cutoff" time,
	CONSTRAINT "procedures_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "dossier_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dossier_id" uuid NOT NULL,
	"sequence" integer NOT NULL,
	"status" "dossier_status" NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_subject" text,
	"actor_role" "role",
	"note" text
);
--> statement-breakpoint
CREATE TABLE "dossiers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"procedure_id" uuid NOT NULL,
	"channel" "dossier_channel" NOT NULL,
	"branch_id" uuid,
	"status" "dossier_status" DEFAULT 'SUBMITTED' NOT NULL,
	"applicant_subject" text,
	"applicant_full_name" text NOT NULL,
	"applicant_id_number" text NOT NULL,
	"applicant_phone" text NOT NULL,
	"applicant_address" text NOT NULL,
	"submitted_by_subject" text NOT NULL,
	"submitted_by_role" "role" NOT NULL,
	"submitted_by_org_id" uuid,
	"result_delivery" "result_delivery_method" NOT NULL,
	"delivery_address" text,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"received_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"statutory_due_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"apology" text,
	"version" integer DEFAULT 1 NOT NULL,
	"last_sequence" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dossiers_code_unique" UNIQUE("code"),
	CONSTRAINT "dossiers_version_positive" CHECK ("dossiers"."version" > 0)
);
--> statement-breakpoint
CREATE TABLE "service_ratings" (
	"dossier_id" uuid PRIMARY KEY NOT NULL,
	"score" integer NOT NULL,
	"comment" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_ratings_score_range" CHECK ("service_ratings"."score" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "personal_data_reads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_subject" text NOT NULL,
	"actor_role" text NOT NULL,
	"request_id" text,
	"entity" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"fields" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dossier_events" ADD CONSTRAINT "dossier_events_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_procedure_id_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procedures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_submitted_by_org_id_organizations_id_fk" FOREIGN KEY ("submitted_by_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_ratings" ADD CONSTRAINT "service_ratings_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "dossier_events_sequence_idx" ON "dossier_events" USING btree ("dossier_id","sequence");--> statement-breakpoint
CREATE INDEX "dossiers_applicant_idx" ON "dossiers" USING btree ("applicant_subject","submitted_at");--> statement-breakpoint
CREATE INDEX "dossiers_branch_status_idx" ON "dossiers" USING btree ("branch_id","status","submitted_at");--> statement-breakpoint
CREATE INDEX "dossiers_status_idx" ON "dossiers" USING btree ("status","submitted_at");--> statement-breakpoint
CREATE INDEX "dossiers_received_idx" ON "dossiers" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "dossiers_org_idx" ON "dossiers" USING btree ("submitted_by_org_id","submitted_at");--> statement-breakpoint
CREATE INDEX "personal_data_reads_entity_idx" ON "personal_data_reads" USING btree ("entity","entity_id");
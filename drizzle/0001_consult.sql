CREATE TYPE "public"."booking_status" AS ENUM('REQUESTED', 'CONFIRMED', 'COMPLETED', 'CANCELLED', 'NO_SHOW');--> statement-breakpoint
CREATE TYPE "public"."consult_mode" AS ENUM('IN_PERSON', 'ONLINE', 'PHONE');--> statement-breakpoint
CREATE TYPE "public"."consult_topic" AS ENUM('LAND', 'SECURITY_REGISTRATION', 'CONSTRUCTION', 'BUSINESS', 'FAMILY', 'ADMINISTRATIVE', 'COMPLAINT', 'OTHER');--> statement-breakpoint
CREATE TYPE "public"."lawyer_kind" AS ENUM('LAWYER', 'TRAINEE');--> statement-breakpoint
CREATE TYPE "public"."roster_status" AS ENUM('ACTIVE', 'SUSPENDED', 'DISBARRED');--> statement-breakpoint
CREATE TYPE "public"."consult_slot_origin" AS ENUM('PUBLISHED', 'REQUEST');--> statement-breakpoint
CREATE TABLE "consult_booking_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"booking_id" uuid NOT NULL,
	"status" "booking_status" NOT NULL,
	"topic" "consult_topic" NOT NULL,
	"lawyer_id" uuid,
	"requester_subject" text,
	"booked_by_subject" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consult_bookings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status" "booking_status" NOT NULL,
	"topic" "consult_topic" NOT NULL,
	"mode" "consult_mode" NOT NULL,
	"question" text NOT NULL,
	"lawyer_id" uuid,
	"slot_id" uuid,
	"branch_id" uuid,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"preferred_from" timestamp with time zone,
	"preferred_to" timestamp with time zone,
	"dossier_id" uuid,
	"requester_subject" text,
	"booked_by_subject" text NOT NULL,
	"booked_by_role" "role" NOT NULL,
	"booked_by_org_id" uuid,
	"contact_name" text NOT NULL,
	"contact_phone" text NOT NULL,
	"outcome" text,
	"cancel_reason" text,
	"flagged_at" timestamp with time zone,
	"flag_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consult_bookings_times" CHECK ("consult_bookings"."ends_at" is null or "consult_bookings"."ends_at" > "consult_bookings"."starts_at"),
	CONSTRAINT "consult_bookings_confirmed_has_lawyer" CHECK ("consult_bookings"."status" = 'REQUESTED' or "consult_bookings"."status" = 'CANCELLED' or ("consult_bookings"."lawyer_id" is not null and "consult_bookings"."starts_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "consult_slots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lawyer_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"mode" "consult_mode" NOT NULL,
	"branch_id" uuid,
	"origin" "consult_slot_origin" DEFAULT 'PUBLISHED' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consult_slots_ends_after_start" CHECK ("consult_slots"."ends_at" > "consult_slots"."starts_at"),
	CONSTRAINT "consult_slots_in_person_branch" CHECK ("consult_slots"."mode" <> 'IN_PERSON' or "consult_slots"."branch_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "lawyers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bar_number" text NOT NULL,
	"full_name" text NOT NULL,
	"kind" "lawyer_kind" NOT NULL,
	"law_firm_org_id" uuid,
	"specialties" "consult_topic"[] DEFAULT '{}' NOT NULL,
	"roster_status" "roster_status" NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lawyers_bar_number_unique" UNIQUE("bar_number")
);
--> statement-breakpoint
ALTER TABLE "consult_booking_changes" ADD CONSTRAINT "consult_booking_changes_booking_id_consult_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."consult_bookings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consult_bookings" ADD CONSTRAINT "consult_bookings_lawyer_id_lawyers_id_fk" FOREIGN KEY ("lawyer_id") REFERENCES "public"."lawyers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consult_bookings" ADD CONSTRAINT "consult_bookings_slot_id_consult_slots_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."consult_slots"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consult_bookings" ADD CONSTRAINT "consult_bookings_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consult_bookings" ADD CONSTRAINT "consult_bookings_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consult_bookings" ADD CONSTRAINT "consult_bookings_booked_by_org_id_organizations_id_fk" FOREIGN KEY ("booked_by_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consult_slots" ADD CONSTRAINT "consult_slots_lawyer_id_lawyers_id_fk" FOREIGN KEY ("lawyer_id") REFERENCES "public"."lawyers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consult_slots" ADD CONSTRAINT "consult_slots_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lawyers" ADD CONSTRAINT "lawyers_law_firm_org_id_organizations_id_fk" FOREIGN KEY ("law_firm_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consult_booking_changes_booking_idx" ON "consult_booking_changes" USING btree ("booking_id");--> statement-breakpoint
CREATE UNIQUE INDEX "consult_bookings_one_per_slot" ON "consult_bookings" USING btree ("slot_id") WHERE "consult_bookings"."status" in ('CONFIRMED', 'COMPLETED', 'NO_SHOW');--> statement-breakpoint
CREATE INDEX "consult_bookings_queue_idx" ON "consult_bookings" USING btree ("topic","created_at") WHERE "consult_bookings"."status" = 'REQUESTED';--> statement-breakpoint
CREATE INDEX "consult_bookings_lawyer_idx" ON "consult_bookings" USING btree ("lawyer_id","starts_at");--> statement-breakpoint
CREATE INDEX "consult_bookings_requester_idx" ON "consult_bookings" USING btree ("requester_subject","created_at");--> statement-breakpoint
CREATE INDEX "consult_bookings_booked_by_idx" ON "consult_bookings" USING btree ("booked_by_subject","created_at");--> statement-breakpoint
CREATE INDEX "consult_bookings_dossier_idx" ON "consult_bookings" USING btree ("dossier_id");--> statement-breakpoint
CREATE INDEX "consult_slots_starts_idx" ON "consult_slots" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "consult_slots_lawyer_idx" ON "consult_slots" USING btree ("lawyer_id","starts_at");--> statement-breakpoint
CREATE INDEX "lawyers_specialties_idx" ON "lawyers" USING gin ("specialties");
-- What drizzle cannot model: the exclusion constraints that make the database refuse overlaps.
-- btree_gist lets a GiST index compare uuids and text with `=` beside the time ranges' `&&`.
create extension if not exists btree_gist;--> statement-breakpoint
-- One lawyer's time never overlaps: published slots and the times chosen for taken requests alike.
-- Ranges are half-open, so 09:00-09:30 and 09:30-10:00 may follow each other.
alter table "consult_slots" add constraint "consult_slots_lawyer_no_overlap"
  exclude using gist ("lawyer_id" with =, tstzrange("starts_at", "ends_at", '[)') with &&);--> statement-breakpoint
-- A citizen is never booked into two consults at once.
alter table "consult_bookings" add constraint "consult_bookings_requester_no_overlap"
  exclude using gist ("requester_subject" with =, tstzrange("starts_at", "ends_at", '[)') with &&)
  where ("status" = 'CONFIRMED' and "requester_subject" is not null);

/**
 * Lawyers (the bench roster), a month of published slots for each (the week past and the weeks to
 * come, four one-hour slots per weekday, so a lawyer's slots never overlap), and bookings of
 * `bookings` of those slots chosen at random: COMPLETED when past, CONFIRMED when to come. Booking
 * k is for the applicant of dossier k and linked to it, so every requester holds one booking and
 * the "no citizen booked twice at once" constraint holds.
 */
import type postgres from "postgres";
import type { RosterMember } from "../../src/integrations/bar-roster/types.js";

export async function seedConsults(sql: postgres.Sql, roster: RosterMember[], bookings: number): Promise<void> {
  await sql.unsafe(
    `insert into lawyers (bar_number, full_name, kind, law_firm_org_id, specialties, roster_status, checked_at)
     select m->>'barNumber', m->>'fullName', (m->>'kind')::lawyer_kind, o.id,
            array(select jsonb_array_elements_text(m->'practiceAreas'))::consult_topic[], (m->>'status')::roster_status, now()
     from jsonb_array_elements($1::text::jsonb) m left join organizations o on o.code = m->>'lawFirmCode'`,
    [JSON.stringify(roster)],
  );
  await sql.unsafe(
    `with l as (select id, row_number() over (order by bar_number) as i from lawyers),
          b as (select array_agg(id order by code) ids from branches),
          days as (select d::date as day from generate_series(current_date - 7, current_date + 22, interval '1 day') d
                   where extract(isodow from d) < 6),
          times as (select s, t::time as t from unnest(array['08:30','09:30','14:00','15:00']) with ordinality as x(t, s))
     insert into consult_slots (lawyer_id, starts_at, ends_at, mode, branch_id, origin, created_at)
     select l.id, (day + t) at time zone 'Asia/Ho_Chi_Minh', (day + t + interval '1 hour') at time zone 'Asia/Ho_Chi_Minh',
            (array['IN_PERSON','ONLINE','PHONE'])[1 + (l.i + s) % 3]::consult_mode,
            case when (l.i + s) % 3 = 0 then b.ids[1 + l.i % 12] end, 'PUBLISHED', now() - interval '10 days'
     from l, b, days, times`,
  );
  await sql.unsafe(
    `with chosen as (select s.*, row_number() over (order by md5(s.id::text)) as k from consult_slots s),
          booked as (select c.*, d.id as dossier_id, d.applicant_subject, d.applicant_full_name, d.applicant_phone, l.specialties[1] as topic
                     from chosen c join dossiers d on d.applicant_subject = 'citizen-' || c.k
                     join lawyers l on l.id = c.lawyer_id
                     where c.k <= $1)
     insert into consult_bookings (status, topic, mode, question, lawyer_id, slot_id, branch_id, starts_at, ends_at, dossier_id,
       requester_subject, booked_by_subject, booked_by_role, contact_name, contact_phone, outcome, created_at, updated_at)
     select case when starts_at < now() then 'COMPLETED' else 'CONFIRMED' end::booking_status, topic, mode,
            'A question about ' || lower(topic::text) || ' for my dossier', lawyer_id, id, branch_id, starts_at, ends_at, dossier_id,
            applicant_subject, applicant_subject, 'CITIZEN', applicant_full_name, applicant_phone,
            case when starts_at < now() then 'Advice given; see the notes' end,
            least(now(), starts_at - interval '3 days'), least(now(), starts_at)
     from booked`,
    [bookings],
  );
  await sql.unsafe(
    `insert into consult_booking_changes (booking_id, status, topic, lawyer_id, requester_subject, booked_by_subject, at)
     select id, status, topic, lawyer_id, requester_subject, booked_by_subject, updated_at from consult_bookings order by created_at`,
  );
}

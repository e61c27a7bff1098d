/**
 * General dossiers (construction permits and criminal records) in one INSERT … SELECT each for the
 * rows, their timelines and their scans. Every dossier walks the same valid path of the state
 * machine as far as its length says, so timelines are gap-free (1..last_sequence) and `status`,
 * `version` and the dates agree with the last event. Lengths average ~7.9 events; one in twenty
 * stays SUBMITTED, RECEIVED or IN_PROCESSING each, for the writes of M1, S1 and the soak.
 */
import type postgres from "postgres";

/** The path every seeded dossier follows; a dossier of length L is at PATH[L - 1]. */
export const DOSSIER_PATH = [
  "SUBMITTED",
  "RECEIVED",
  "DIGITIZED",
  "IN_PROCESSING",
  "SUPPLEMENT_REQUESTED",
  "IN_PROCESSING",
  "APPROVED",
  "RESULT_READY",
  "RETURNED",
] as const;

const ACTORS = ["CITIZEN", "POST_CLERK", "POST_CLERK", "CENTER_STAFF", "CENTER_STAFF", "CENTER_STAFF", "CENTER_STAFF", "CENTER_STAFF", "POST_CLERK"];
const NOTES = ["Submitted via ONLINE", "Received at the branch", "Scans stored", "Sent to the agency", "Missing the site plan", "Site plan received", "Approved", "Result ready", "Handed to the applicant"];

/** The length of dossier n's timeline (SQL over `n`): 14/20 returned, 3/20 result ready, 1/20 each open. */
export const LENGTH_OF_N = `case when n % 20 < 14 then 9 when n % 20 < 17 then 8 when n % 20 = 17 then 4 when n % 20 = 18 then 2 else 1 end`;

const sqlArray = (values: readonly string[]) => `array[${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(",")}]`;

/** Receipt codes of general dossiers are numbered 1..count; registrations' dossiers follow. */
export async function seedDossiers(sql: postgres.Sql, count: number): Promise<void> {
  await sql.unsafe(
    `with p as (select array_agg(id order by code) ids from procedures where field <> 'SECURITY_REGISTRATION'),
          b as (select array_agg(id order by code) ids from branches),
          g as (select n, ${LENGTH_OF_N} as len,
                       now() - interval '200 days' + (n::float8 / $1) * interval '190 days' as base
                from generate_series(1, $1::int) n)
     insert into dossiers (code, procedure_id, channel, branch_id, status, applicant_subject, applicant_full_name,
       applicant_id_number, applicant_phone, applicant_address, submitted_by_subject, submitted_by_role,
       result_delivery, delivery_address, submitted_at, received_at, due_at, statutory_due_at, finished_at,
       version, last_sequence, updated_at)
     select 'HN-' || to_char(base at time zone 'Asia/Ho_Chi_Minh', 'YYYY') || '-' || lpad(n::text, 6, '0'),
            p.ids[1 + n % array_length(p.ids, 1)], 'ONLINE', b.ids[1 + n % 12],
            (${sqlArray(DOSSIER_PATH)})[len]::dossier_status,
            'citizen-' || n,
            (array['Nguyen','Tran','Le','Pham','Hoang','Vu','Dang','Bui'])[1 + n % 8] || ' ' ||
              (array['Van An','Thi Binh','Minh Chau','Quoc Dung','Thu Ha','Duc Huy','Thi Lan','Van Nam'])[1 + (n / 8) % 8],
            '079' || lpad(n::text, 9, '0'), '09' || lpad((n % 100000000)::text, 8, '0'),
            (1 + n % 200) || ' Kim Ma street, Ba Dinh district, Ha Noi',
            'citizen-' || n, 'CITIZEN',
            case when n % 4 = 0 then 'BY_POST' else 'AT_COUNTER' end::result_delivery_method,
            case when n % 4 = 0 then (1 + n % 200) || ' Kim Ma street, Ba Dinh district, Ha Noi' end,
            base,
            case when len >= 2 then base + interval '6 hours' end,
            case when len >= 2 then date_trunc('day', base + interval '6 hours') + interval '14 days 10 hours' end,
            case when len >= 2 then date_trunc('day', base + interval '6 hours') + interval '14 days 10 hours' end,
            case when len >= 8 then base + interval '42 hours' end,
            len, len, base + (len - 1) * interval '6 hours'
     from g, p, b`,
    [count],
  );
  await sql.unsafe(
    `insert into dossier_events (dossier_id, sequence, status, at, actor_subject, actor_role, note)
     select d.id, k, (${sqlArray(DOSSIER_PATH)})[k]::dossier_status, d.submitted_at + (k - 1) * interval '6 hours',
            case when k = 1 then d.submitted_by_subject else lower((${sqlArray(ACTORS)})[k]) || '-bench' end,
            (${sqlArray(ACTORS)})[k]::role, (${sqlArray(NOTES)})[k]
     from dossiers d cross join lateral generate_series(1, d.last_sequence) k`,
  );
  // Three stored scans for every dossier that went through DIGITIZED (the move needs one).
  await sql.unsafe(
    `insert into documents (dossier_id, kind, file_name, content_type, size_bytes, sha256, status, blob_key,
       created_by_subject, created_at, upload_started_at, stored_at)
     select d.id, (array['APPLICATION_FORM','SITE_PLAN','ID_CARD_SCAN'])[j], 'scan-' || j || '.pdf', 'application/pdf',
            200000 + j * 1000, encode(sha256(convert_to(d.id::text || j, 'UTF8')), 'hex'), 'STORED',
            'bench/' || d.id || '/' || j, 'post_clerk-bench',
            d.submitted_at + interval '7 hours', d.submitted_at + interval '7 hours', d.submitted_at + interval '8 hours'
     from dossiers d cross join generate_series(1, 3) j
     where d.last_sequence >= 3`,
  );
}

/**
 * Security registrations over the bench's land book, as the hub would have left them after the
 * registry decided: each with its SR-01 dossier (5 events, RESULT_READY), its record (SUBMITTED →
 * FORWARDED → REGISTERED, or REJECTED for one in twenty), and its outbox row DONE. All are dated in
 * the previous (Hanoi) calendar year, so their registration numbers (DKTC-<year>-NNNNNN) never meet
 * the ones the registry simulator gives this year's M1 registrations.
 */
import type postgres from "postgres";
import type { LandBook } from "../../src/integrations/land-registry/types.js";

export const BANKS = ["VCB", "BIDV", "AGRIBANK", "TCB"] as const;

/** Registration r (1-based) lies on parcel (r - 1) % parcels, lodged by BANKS[r % 4]. */
export async function seedRegistrations(sql: postgres.Sql, landBook: LandBook, registrations: number, dossierNumberOffset: number) {
  const parcels = landBook.parcels.map(({ landUsers, attachedAssets, status: _status, ...parcel }, idx) => ({
    idx,
    serial: parcel.certificateSerial,
    parcel,
    users: landUsers,
    assets: attachedAssets,
  }));
  await sql.begin(async (tx) => {
    await tx.unsafe(`create temporary table bench_parcels (idx int primary key, serial text, parcel jsonb, users jsonb, assets jsonb) on commit drop`);
    await tx.unsafe(`insert into bench_parcels select * from jsonb_to_recordset($1::text::jsonb) as p(idx int, serial text, parcel jsonb, users jsonb, assets jsonb)`, [
      JSON.stringify(parcels),
    ]);
    await tx.unsafe(
      `create temporary table bench_registrations on commit drop as
       select r, p.*, (array['VCB','BIDV','AGRIBANK','TCB'])[1 + r % 4] as bank,
              r % 20 = 0 as rejected,
              make_timestamptz(extract(year from now() at time zone 'Asia/Ho_Chi_Minh')::int - 1, 1, 2, 2, 0, 0, 'UTC')
                + (r::float8 / $1) * interval '350 days' as at,
              'HN-' || (extract(year from now() at time zone 'Asia/Ho_Chi_Minh')::int - 1) || '-' || lpad(($3 + r)::text, 6, '0') as code
       from generate_series(1, $1::int) r join bench_parcels p on p.idx = (r - 1) % $2`,
      [registrations, parcels.length, dossierNumberOffset],
    );
    await tx.unsafe(
      `insert into dossiers (code, procedure_id, channel, status, applicant_full_name, applicant_id_number, applicant_phone,
         applicant_address, submitted_by_subject, submitted_by_role, submitted_by_org_id, result_delivery, submitted_at,
         received_at, due_at, statutory_due_at, finished_at, version, last_sequence, updated_at)
       select g.code, (select id from procedures where code = 'SR-01'), 'ONLINE', 'RESULT_READY',
              g.users->0->>'fullName', g.users->0->>'idNumber', '', g.users->0->>'address',
              'bank_officer-' || lower(g.bank), 'BANK_OFFICER', o.id, 'ELECTRONIC', g.at,
              g.at + interval '1 minute', date_trunc('day', g.at) + interval '10 hours', date_trunc('day', g.at) + interval '10 hours',
              g.at + interval '4 minutes', 5, 5, g.at + interval '4 minutes'
       from bench_registrations g join organizations o on o.code = g.bank`,
    );
    await tx.unsafe(
      `insert into dossier_events (dossier_id, sequence, status, at, actor_subject, actor_role, note)
       select d.id, k,
              (case when g.rejected then array['SUBMITTED','RECEIVED','IN_PROCESSING','REJECTED','RESULT_READY']
                    else array['SUBMITTED','RECEIVED','IN_PROCESSING','APPROVED','RESULT_READY'] end)[k]::dossier_status,
              g.at + (k - 1) * interval '1 minute',
              case when k = 1 then d.submitted_by_subject else 'land-registry' end,
              case when k = 1 then 'BANK_OFFICER' else 'SYSTEM' end::role,
              case when k = 1 then 'Lodged online by ' || g.bank when k = 3 then 'Forwarded to the land registry' end
       from bench_registrations g join dossiers d on d.code = g.code cross join generate_series(1, 5) k`,
    );
    await tx.unsafe(
      `insert into security_registrations (kind, status, dossier_id, mortgagee_org_id, mortgagors, parcels, certificate_serials,
         attached_assets, obligation_contract_number, obligation_contract_date, obligation_amount, obligation_currency,
         security_contract_number, security_contract_date, registration_number, registered_at, registry_reference,
         rejection_reason, last_sequence, created_at, updated_at)
       select 'INITIAL', case when g.rejected then 'REJECTED' else 'REGISTERED' end::registration_status, d.id, o.id,
              g.users, jsonb_build_array(g.parcel), array[g.serial], g.assets,
              'HDTD-' || g.bank || '-' || g.r, (g.at - interval '3 days')::date, (500000000 + g.r * 1000000::numeric), 'VND',
              'HDTC-' || g.bank || '-' || g.r, (g.at - interval '2 days')::date,
              case when not g.rejected then 'DKTC-' || to_char(g.at at time zone 'Asia/Ho_Chi_Minh', 'YYYY') || '-' || lpad(g.r::text, 6, '0') end,
              case when not g.rejected then g.at + interval '2 minutes' end,
              'LRO-' || gen_random_uuid(),
              case when g.rejected then 'A mortgagor is not a registered land user of the parcel' end,
              3, g.at, g.at + interval '2 minutes'
       from bench_registrations g join dossiers d on d.code = g.code join organizations o on o.code = g.bank`,
    );
    await tx.unsafe(
      `insert into registration_events (registration_id, sequence, status, at, note)
       select s.id, k,
              (array['SUBMITTED','FORWARDED', s.status::text])[k]::registration_status,
              s.created_at + (k - 1) * interval '1 minute',
              (array['Lodged with dossier ' || d.code || '; waiting to be forwarded to the land registry',
                     'Received by the land registry as ' || s.registry_reference,
                     coalesce('Registered as ' || s.registration_number, s.rejection_reason)])[k]
       from security_registrations s join dossiers d on d.id = s.dossier_id cross join generate_series(1, 3) k`,
    );
    await tx.unsafe(
      `insert into registration_outbox (registration_id, idempotency_key, request, status, attempts, next_attempt_at,
         registry_reference, created_at, updated_at)
       select s.id, 'hub-registration-' || s.id,
              jsonb_build_object('kind', 'INITIAL', 'mortgagee', jsonb_build_object('code', o.code, 'name', o.name),
                'mortgagors', s.mortgagors, 'parcels', jsonb_build_array(jsonb_build_object('certificateSerial', s.certificate_serials[1])),
                'attachedAssets', s.attached_assets,
                'obligation', jsonb_build_object('contractNumber', s.obligation_contract_number, 'contractDate', s.obligation_contract_date,
                  'amount', s.obligation_amount::text, 'currency', s.obligation_currency),
                'securityContract', jsonb_build_object('number', s.security_contract_number, 'date', s.security_contract_date),
                'hubReference', d.code),
              'DONE', 1, s.created_at, s.registry_reference, s.created_at, s.updated_at
       from security_registrations s join dossiers d on d.id = s.dossier_id join organizations o on o.id = s.mortgagee_org_id`,
    );
  });
}

/**
 * The ceiling's statements: Q1–Q4 each as ONE SQL statement that reads everything the GraphQL
 * operation reads and builds the response JSON (the hub's shape, field for field) in PostgreSQL.
 * Where the hub must audit an unmasked read of personal data (SPEC §1: staff in Q1, the mortgagee
 * bank in Q3), the statement writes the same audit rows in a data-modifying CTE, so the ceiling
 * does the hub's work and no less. INSERT is M1's yardstick: a plain single-row insert.
 */
import { actorRole, globalId, instant, localDate, masked } from "./sql-json.js";

/**
 * The hub's audit append (src/db/queries/audit.ts) as CTEs of the statement: the personal-data
 * reads `input` selects (entity, entity_id), chained onto the locked head of the audit trail.
 * The statement must start `with recursive`.
 */
const auditChain = (subject: string, role: string, input: string) => {
  const hash = (previous: string, sequence: string, at: string) =>
    `audit_entry_hash(${previous}, ${sequence}, ${at}, '${subject}', array['${role}'], null, 'personalData.read', i.entity, i.entity_id, null, 'OK')`;
  return `
     a_input as (select (row_number() over ())::int as n, x.entity, x.entity_id from (${input}) x(entity, entity_id)),
     a_head as (select sequence, hash, greatest(date_trunc('milliseconds', clock_timestamp()), at) as at
                from audit_head where id = 1 and exists (select 1 from a_input) for update),
     a_chain as (
       select h.sequence + 1 as sequence, i.n, h.at, h.hash as previous_hash, ${hash("h.hash", "h.sequence + 1", "h.at")} as hash
       from a_head h join a_input i on i.n = 1
       union all
       select c.sequence + 1, i.n, c.at, c.hash, ${hash("c.hash", "c.sequence + 1", "c.at")}
       from a_chain c join a_input i on i.n = c.n + 1),
     a_inserted as (
       insert into audit_entries (sequence, at, actor_subject, actor_roles, organization_code, action, entity, entity_id, request_id, outcome, previous_hash, hash)
       select c.sequence, c.at, '${subject}', array['${role}'], null, 'personalData.read', i.entity, i.entity_id, null, 'OK', c.previous_hash, c.hash
       from a_chain c join a_input i using (n)),
     a_moved as (
       update audit_head set sequence = last.sequence, hash = last.hash, at = last.at
       from (select sequence, hash, at from a_chain order by sequence desc limit 1) last where audit_head.id = 1)`;
};

const timeline = (dossier: string, fields: "full" | "short") => `coalesce((
  select json_agg(json_build_object('sequence', e.sequence, 'status', e.status, 'at', ${instant("e.at")}${
    fields === "full" ? `, 'actorRole', ${actorRole("e.actor_role")}, 'note', e.note` : ""
  }) order by e.sequence)
  from dossier_events e where e.dossier_id = ${dossier}.id), '[]')`;

/** Q1: a dossier by receipt code, as center staff read it (whole, and audited). */
export const Q1 = `
with recursive d as (select * from dossiers where code = upper($1)),
     r as (select s.* from security_registrations s join d on s.dossier_id = d.id),${auditChain(
       "ceiling-staff",
       "CENTER_STAFF",
       "select 'dossier', d.id::text from d union all select 'securityRegistration', r.id::text from r",
     )}
select json_build_object('data', json_build_object('dossier', (
  select json_build_object(
    'id', ${globalId("Dossier", "d.id")}, 'code', d.code, 'status', d.status, 'channel', d.channel,
    'submittedAt', ${instant("d.submitted_at")}, 'receivedAt', ${instant("d.received_at")}, 'dueAt', ${instant("d.due_at")},
    'version', d.version,
    'procedure', (select json_build_object('code', p.code, 'name', p.name, 'processingDays', p.processing_days) from procedures p where p.id = d.procedure_id),
    'branch', (select json_build_object('code', b.code, 'name', b.name) from branches b where b.id = d.branch_id),
    'applicant', json_build_object('fullName', d.applicant_full_name, 'idNumber', d.applicant_id_number, 'phone', d.applicant_phone),
    'timeline', ${timeline("d", "full")},
    'securityRegistration', (
      select json_build_object('id', ${globalId("SecurityRegistration", "r.id")}, 'kind', r.kind, 'status', r.status,
        'registrationNumber', r.registration_number, 'registeredAt', ${instant("r.registered_at")}, 'mortgagors', r.mortgagors)
      from r),
    'consultations', coalesce((
      select json_agg(json_build_object('id', ${globalId("ConsultBooking", "c.id")}, 'status', c.status, 'topic', c.topic,
        'mode', c.mode, 'startsAt', ${instant("c.starts_at")}, 'endsAt', ${instant("c.ends_at")}) order by c.created_at, c.id)
      from consult_bookings c where c.dossier_id = d.id), '[]'))
  from d)))::text as body`;

/** Q2: a branch's newest dossiers, as a post clerk of that branch reads them (masked, so not audited). */
export const Q2 = `
with b as (select id from branches where code = $1),
     page as (select d.* from dossiers d join b on d.branch_id = b.id order by d.submitted_at desc, d.id desc limit $2)
select json_build_object('data', json_build_object('dossiers', json_build_object(
  'totalCount', (select count(*) from dossiers d join b on d.branch_id = b.id),
  'nodes', coalesce((
    select json_agg(json_build_object(
      'id', ${globalId("Dossier", "page.id")}, 'code', page.code, 'status', page.status,
      'submittedAt', ${instant("page.submitted_at")}, 'dueAt', ${instant("page.due_at")},
      'procedure', (select json_build_object('code', p.code, 'name', p.name) from procedures p where p.id = page.procedure_id),
      'branch', (select json_build_object('code', br.code) from branches br where br.id = page.branch_id),
      'applicant', json_build_object('fullName', page.applicant_full_name,
        'idNumber', ${masked("page.applicant_id_number", 3)}, 'phone', ${masked("page.applicant_phone", 4)}),
      'timeline', ${timeline("page", "short")}) order by page.submitted_at desc, page.id desc)
    from page), '[]'))))::text as body`;

/** Q3: a bank's newest registrations, as its loan officer reads them (parties whole, audited). */
export const Q3 = `
with recursive o as (select id from organizations where code = $1),
     page as (select s.* from security_registrations s join o on s.mortgagee_org_id = o.id order by s.created_at desc, s.id desc limit $2),${auditChain(
       "ceiling-bank",
       "BANK_OFFICER",
       "select 'securityRegistration', page.id::text from page order by page.created_at desc, page.id desc",
     )}
select json_build_object('data', json_build_object('securityRegistrations', json_build_object(
  'totalCount', (select count(*) from security_registrations s join o on s.mortgagee_org_id = o.id),
  'nodes', coalesce((
    select json_agg(json_build_object(
      'id', ${globalId("SecurityRegistration", "page.id")}, 'kind', page.kind, 'status', page.status,
      'registrationNumber', page.registration_number, 'registeredAt', ${instant("page.registered_at")},
      'securityContractNumber', page.security_contract_number,
      'dossier', (select json_build_object('code', d.code, 'status', d.status) from dossiers d where d.id = page.dossier_id),
      'mortgagors', page.mortgagors,
      'obligation', json_build_object('contractNumber', page.obligation_contract_number,
        'contractDate', ${localDate("page.obligation_contract_date")}, 'amount', page.obligation_amount::text, 'currency', page.obligation_currency),
      'history', (select json_agg(json_build_object('sequence', e.sequence, 'status', e.status, 'at', ${instant("e.at")}, 'note', e.note) order by e.sequence)
                  from registration_events e where e.registration_id = page.id)) order by page.created_at desc, page.id desc)
    from page), '[]'))))::text as body`;

/** Q4: published, unbooked LAND slots of active lawyers starting in [from, to), at most 500 (the hub's cap). */
export const Q4 = `
with slots as (
  select s.* from consult_slots s join lawyers l on l.id = s.lawyer_id
  where s.starts_at >= greatest($1::timestamptz, now()) and s.starts_at < $2::timestamptz and s.origin = 'PUBLISHED'
    and l.roster_status = 'ACTIVE' and l.specialties @> array['LAND']::consult_topic[]
    and not exists (select 1 from consult_bookings cb where cb.slot_id = s.id and cb.status in ('CONFIRMED', 'COMPLETED', 'NO_SHOW'))
  order by s.starts_at, s.id limit 500)
select json_build_object('data', json_build_object('availableSlots', coalesce((
  select json_agg(json_build_object(
    'id', ${globalId("ConsultSlot", "s.id")}, 'startsAt', ${instant("s.starts_at")}, 'endsAt', ${instant("s.ends_at")}, 'mode', s.mode,
    'lawyer', json_build_object('fullName', l.full_name, 'barNumber', l.bar_number, 'kind', l.kind),
    'branch', (select json_build_object('code', b.code, 'name', b.name) from branches b where b.id = s.branch_id)) order by s.starts_at, s.id)
  from slots s join lawyers l on l.id = s.lawyer_id), '[]')))::text as body`;

/** M1's yardstick: one row, one statement, over HTTP (a table of the ceiling's own, made at its start). */
export const INSERT_TABLE = `
create table if not exists ceiling_inserts (
  id uuid primary key, actor_subject text not null, actor_role text not null, entity text not null, at timestamptz not null default now())`;

export const INSERT = `
insert into ceiling_inserts (id, actor_subject, actor_role, entity)
values ($1::uuid, 'ceiling-insert', 'BANK_OFFICER', 'bench')
returning json_build_object('data', json_build_object('insert', json_build_object('id', id)))::text as body`;

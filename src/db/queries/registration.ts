import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, gte, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { queryRows, type Executor } from "../client.js";
import { projectionOf, qualified, rowAsJson, rowFromJson, type Projection } from "./json-rows.js";
import { pageWithTotal } from "./page.js";
import { anyId, idList, placeholdersAsSet, prepared, preparedPerShape, type Placeholders } from "./prepared.js";
import { dossiers } from "../schema/dossier.js";
import { idempotencyKeys, registrationEvents, securityRegistrations } from "../schema/registration.js";

export type RegistrationRow = typeof securityRegistrations.$inferSelect;
export type NewRegistration = typeof securityRegistrations.$inferInsert;
export type RegistrationEventRow = typeof registrationEvents.$inferSelect;
export type RegistrationStatusName = RegistrationRow["status"];
export type RegistrationKindName = RegistrationRow["kind"];
export type IdempotencyKeyRow = typeof idempotencyKeys.$inferSelect;
/** A property of a registration row: what a selection's fields read of it. */
export type RegistrationColumn = keyof RegistrationRow & string;

/** Registrations cut to some of their columns and always their id. */
export const registrationProjection = (columns: Iterable<RegistrationColumn>): Projection =>
  projectionOf(securityRegistrations, ["id", ...columns]);

/** Which registrations a caller may read, as a condition the database applies. */
export type RegistrationScope = { kind: "all" } | { kind: "bank"; organizationId: string } | { kind: "none" };

/** Which registrations a caller may read, as a condition the database applies (the bank's id in the `bankId` placeholder). */
function scopeCondition(scope: RegistrationScope): SQL | undefined {
  switch (scope.kind) {
    case "all":
      return undefined;
    case "bank":
      return eq(securityRegistrations.mortgageeOrgId, sql.placeholder("bankId"));
    case "none":
      return sql`false`;
  }
}

const insertRegistrationStatement = preparedPerShape((db, values: Placeholders<NewRegistration>) =>
  db.insert(securityRegistrations).values(values).returning().prepare("insertRegistration"),
);
const insertEventStatement = preparedPerShape((db, values: Placeholders<typeof registrationEvents.$inferInsert>) =>
  db.insert(registrationEvents).values(values).returning().prepare("insertRegistrationEvent"),
);

/** Inserts the registration with its first event (SUBMITTED, sequence 1). */
export async function insertRegistration(
  tx: Executor,
  values: NewRegistration,
  event: { at: Date; note: string | null },
): Promise<{ registration: RegistrationRow; event: RegistrationEventRow }> {
  // The id is made here so that the row and its first event go in one round trip (pipelined).
  const id = values.id ?? randomUUID();
  const [[registration], [inserted]] = await Promise.all([
    insertRegistrationStatement(tx, { ...values, id, status: "SUBMITTED", lastSequence: 1, createdAt: event.at, updatedAt: event.at }),
    insertEventStatement(tx, { registrationId: id, sequence: 1, status: "SUBMITTED", at: event.at, note: event.note }),
  ]);
  return { registration: registration!, event: inserted! };
}

const registrationByIdStatement = prepared((db) =>
  db.select().from(securityRegistrations).where(eq(securityRegistrations.id, sql.placeholder("id"))).prepare("registrationById"),
);
const lockRegistrationStatement = prepared((db) =>
  db.select().from(securityRegistrations).where(eq(securityRegistrations.id, sql.placeholder("id"))).for("update").prepare("lockRegistration"),
);

export async function findRegistration(db: Executor, id: string): Promise<RegistrationRow | undefined> {
  const [row] = await registrationByIdStatement(db).execute({ id });
  return row;
}

/** Reads the registration and locks its row until the transaction ends: its changes queue up. */
export async function lockRegistration(tx: Executor, id: string): Promise<RegistrationRow | undefined> {
  const [row] = await lockRegistrationStatement(tx).execute({ id });
  return row;
}

/**
 * A follow-up of the registration that the land registry has not decided yet. Callers hold the
 * subject's lock (lockRegistration), so two lodgings cannot both miss each other.
 */
export async function findPendingFollowUp(db: Executor, subjectId: string): Promise<RegistrationRow | undefined> {
  const [row] = await db
    .select()
    .from(securityRegistrations)
    .where(and(eq(securityRegistrations.subjectId, subjectId), inArray(securityRegistrations.status, ["SUBMITTED", "FORWARDED"])))
    .limit(1);
  return row;
}

const registrationsByIdsStatement = prepared((db) =>
  db.select().from(securityRegistrations).where(anyId(securityRegistrations.id)).prepare("registrationsByIds"),
);

export async function registrationsByIds(db: Executor, ids: readonly string[]): Promise<RegistrationRow[]> {
  return registrationsByIdsStatement(db).execute({ ids: idList(ids) });
}

/** A bank's registrations (or one of them) changed at or after `since`, oldest change first: a subscriber's catch-up. */
export async function registrationsChangedSince(
  db: Executor,
  filter: { bankId: string; registrationId: string | null; since: Date },
): Promise<RegistrationRow[]> {
  return db
    .select()
    .from(securityRegistrations)
    .where(
      and(
        eq(securityRegistrations.mortgageeOrgId, filter.bankId),
        filter.registrationId ? eq(securityRegistrations.id, filter.registrationId) : undefined,
        gte(securityRegistrations.updatedAt, filter.since),
      ),
    )
    .orderBy(asc(securityRegistrations.updatedAt));
}

/** The histories of a page of registrations, ordered by registration and sequence: one JSON array per registration, parsed natively. */
export async function eventsByRegistrationIds(db: Executor, ids: readonly string[]): Promise<RegistrationEventRow[]> {
  const rows = await queryRows<{ events: Array<Omit<RegistrationEventRow, "at"> & { at: string | Date }> }>(
    db,
    sql`select json_agg(json_build_object('id', e.id, 'registrationId', e.registration_id, 'sequence', e.sequence, 'status', e.status,
          'at', e.at, 'note', e.note) order by e.sequence) as events
        from ${registrationEvents} e where e.registration_id = any(string_to_array(${idList(ids)}, ',')::uuid[])
        group by e.registration_id order by e.registration_id`,
  );
  return rows.flatMap((row) => {
    for (const event of row.events) event.at = new Date(event.at);
    return row.events as RegistrationEventRow[];
  });
}

/** A registration's columns to set, and the id of the row to set them on. */
type RegistrationUpdate = Partial<NewRegistration> & { rowId: string };

const updateRegistrationStatement = preparedPerShape((db, { rowId, ...set }: Placeholders<RegistrationUpdate>) =>
  db
    .update(securityRegistrations)
    .set(placeholdersAsSet(securityRegistrations, set))
    .where(eq(securityRegistrations.id, rowId))
    .returning()
    .prepare("updateRegistration"),
);

/** Applies a change to a locked registration and appends its event, numbered after the last one. */
export async function recordRegistrationChange(
  tx: Executor,
  registration: RegistrationRow,
  patch: Partial<NewRegistration>,
  event: { status: RegistrationStatusName; at: Date; note: string | null },
): Promise<{ registration: RegistrationRow; event: RegistrationEventRow }> {
  const sequence = registration.lastSequence + 1;
  // The row and its event in one round trip (pipelined on the transaction's connection).
  const [[updated], [inserted]] = await Promise.all([
    updateRegistrationStatement(tx, { ...patch, status: event.status, lastSequence: sequence, updatedAt: event.at, rowId: registration.id }),
    insertEventStatement(tx, { registrationId: registration.id, sequence, ...event }),
  ]);
  return { registration: updated!, event: inserted! };
}

export interface RegistrationSearch {
  scope: RegistrationScope;
  statuses?: RegistrationStatusName[];
  kinds?: RegistrationKindName[];
  certificateSerial?: string;
  after?: { at: Date; id: string };
  limit: number;
  /** The rows' columns; every column without. The page's cursor reads `createdAt`. */
  columns?: Projection | undefined;
}

/** What a page of registrations may read ahead for its rows' fields, in the page's own statement. */
export type RegistrationReadAhead = "dossier" | "history";

const readAheadColumns: Record<RegistrationReadAhead, (dossierColumns?: Projection) => SQL> = {
  dossier: (dossierColumns) =>
    sql`(select ${rowAsJson(dossiers, "d", dossierColumns)} from ${dossiers} d where d.id = ${qualified(securityRegistrations.dossierId)})`,
  history: () => sql`(select json_agg(${rowAsJson(registrationEvents, "e")} order by e.sequence) from ${registrationEvents} e
    where e.registration_id = ${qualified(securityRegistrations.id)})`,
};

export interface RegistrationsRead {
  dossier?: typeof dossiers.$inferSelect;
  history?: RegistrationEventRow[];
}

/**
 * Newest first, keyset-paginated on (created_at, id). `readAhead` names what the rows' fields will
 * ask for: each row's dossier (with `dossierColumns`, only those) and history come in the page's
 * statement (`read`, in the rows' order).
 */
export async function searchRegistrations(
  db: Executor,
  search: RegistrationSearch,
  readAhead: ReadonlySet<RegistrationReadAhead> = new Set(),
  dossierColumns?: Projection,
): Promise<{ rows: RegistrationRow[]; totalCount: number; read: RegistrationsRead[] }> {
  // Built with placeholders once per shape of search (see `pageWithTotal`): the shape names every
  // condition present and what the page reads, the values fill them in.
  const { scope, statuses, kinds, certificateSerial, after } = search;
  const has = { statuses: !!statuses?.length, kinds: !!kinds?.length, serial: !!certificateSerial, after: !!after };
  const shape = [
    scope.kind,
    Object.values(has).map(Number).join(""),
    [...readAhead].sort().join("+"),
    dossierColumns?.key ?? "*",
    search.columns?.key ?? "*",
  ].join("|");
  const values = {
    bankId: scope.kind === "bank" ? scope.organizationId : null,
    statuses: statuses?.join(","),
    kinds: kinds?.join(","),
    serial: certificateSerial,
    afterAt: after?.at.toISOString(),
    afterId: after?.id,
    limit: search.limit,
  };
  const build = () => {
    const { createdAt, id } = securityRegistrations;
    const afterAt = sql.placeholder("afterAt");
    const filter = and(
      scopeCondition(scope),
      has.statuses ? sql`${securityRegistrations.status} = any(string_to_array(${sql.placeholder("statuses")}, ',')::registration_status[])` : undefined,
      has.kinds ? sql`${securityRegistrations.kind} = any(string_to_array(${sql.placeholder("kinds")}, ',')::security_registration_kind[])` : undefined,
      has.serial ? sql`${securityRegistrations.certificateSerials} @> array[${sql.placeholder("serial")}::text]` : undefined,
    );
    const cursor = has.after ? or(lt(createdAt, afterAt), and(eq(createdAt, afterAt), lt(id, sql.placeholder("afterId")))) : undefined;
    return {
      page: { filter, cursor, orderBy: [desc(createdAt), desc(id)], limit: sql.placeholder("limit"), columns: search.columns },
      extra: Object.fromEntries([...readAhead].map((part) => [part, readAheadColumns[part](dossierColumns)])),
    };
  };
  const { rows, totalCount, extras } = await pageWithTotal(db, securityRegistrations, build, { shape, values });
  const read = extras.map((each): RegistrationsRead => {
    const { dossier, history } = each as { dossier?: Record<string, unknown>; history?: Array<Record<string, unknown>> | null };
    return {
      dossier: dossier ? rowFromJson(dossiers, dossier) : undefined,
      history: readAhead.has("history") ? (history ?? []).map((event) => rowFromJson(registrationEvents, event)) : undefined,
    };
  });
  return { rows, totalCount, read };
}

/**
 * Claims a bank's idempotency key for this request; false when the key exists. A concurrent
 * transaction holding the same key uncommitted makes this wait until it ends, so a racing repeat
 * sees the first request's outcome, never a half-made one.
 */
export async function claimIdempotencyKey(
  tx: Executor,
  values: { orgId: string; key: string; requestHash: string },
): Promise<boolean> {
  // created_at is the database's clock, the one the purge measures retention by.
  const inserted = await claimKeyStatement(tx).execute(values);
  return inserted.length === 1;
}

const claimKeyStatement = prepared((db) =>
  db
    .insert(idempotencyKeys)
    .values({ orgId: sql.placeholder("orgId"), key: sql.placeholder("key"), requestHash: sql.placeholder("requestHash") })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key })
    .prepare("claimIdempotencyKey"),
);

export async function findIdempotencyKey(tx: Executor, orgId: string, key: string): Promise<IdempotencyKeyRow | undefined> {
  const [row] = await tx
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.orgId, orgId), eq(idempotencyKeys.key, key)));
  return row;
}

const attachKeyStatement = prepared((db) =>
  db
    .update(idempotencyKeys)
    .set(placeholdersAsSet(idempotencyKeys, { registrationId: sql.placeholder("registrationId") }))
    .where(and(eq(idempotencyKeys.orgId, sql.placeholder("orgId")), eq(idempotencyKeys.key, sql.placeholder("key"))))
    .prepare("attachIdempotencyKey"),
);

export async function attachIdempotencyKey(tx: Executor, orgId: string, key: string, registrationId: string): Promise<void> {
  await attachKeyStatement(tx).execute({ orgId, key, registrationId });
}

/** Forgets keys older than `olderThanMs` by the database's clock. */
export async function purgeIdempotencyKeys(db: Executor, olderThanMs: number): Promise<number> {
  const deleted = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, sql`now() - ${olderThanMs} * interval '1 millisecond'`))
    .returning({ key: idempotencyKeys.key });
  return deleted.length;
}

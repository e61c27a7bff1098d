import { randomUUID } from "node:crypto";
import { and, asc, avg, count, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, ne, notInArray, or, sql, type SQL } from "drizzle-orm";
import { instant, type Executor } from "../client.js";
import { pageWithTotal } from "./page.js";
import { projectionOf, qualified, rowAsJson, rowFromJson, type Projection } from "./json-rows.js";
import { anyId, idList, placeholdersAsSet, prepared, preparedPerShape, statementOfShape, type Placeholders } from "./prepared.js";
import type { ConsultBookingRow } from "./consult.js";
import type { RegistrationRow } from "./registration.js";
import { consultBookings } from "../schema/consult.js";
import { deliveries } from "../schema/delivery.js";
import { dossierCodeSequence, dossierEvents, dossiers, serviceRatings } from "../schema/dossier.js";
import { procedures } from "../schema/partner.js";
import { securityRegistrations } from "../schema/registration.js";

export type DossierRow = typeof dossiers.$inferSelect;
export type NewDossier = typeof dossiers.$inferInsert;
export type DossierEventRow = typeof dossierEvents.$inferSelect;
type DossierStatusName = DossierRow["status"];
/** A property of a dossier row: what a selection's fields read of it. */
export type DossierColumn = keyof DossierRow & string;
/** A property of a timeline event: what a selection's fields read of it. */
export type EventColumn = keyof DossierEventRow & string;

/** Which dossiers a caller may read, as a condition the database applies. */
export type DossierScope =
  | { kind: "all" }
  | { kind: "applicant"; subject: string }
  | { kind: "branch"; branchId: string }
  | { kind: "organization"; organizationId: string }
  | { kind: "none" };

/** Which dossiers a caller may read, as a condition the database applies (whom it names in the `scopeId` placeholder). */
function scopeCondition(scope: DossierScope): SQL | undefined {
  const scopeId = sql.placeholder("scopeId");
  switch (scope.kind) {
    case "all":
      return undefined;
    case "applicant":
      return eq(dossiers.applicantSubject, scopeId);
    case "branch":
      return eq(dossiers.branchId, scopeId);
    case "organization":
      return eq(dossiers.submittedByOrgId, scopeId);
    case "none":
      return sql`false`;
  }
}

/** The value of `scopeCondition`'s placeholder. */
function scopeIdOf(scope: DossierScope): string | null {
  switch (scope.kind) {
    case "applicant":
      return scope.subject;
    case "branch":
      return scope.branchId;
    case "organization":
      return scope.organizationId;
    default:
      return null;
  }
}

/** A new dossier: its code is the `codePrefix` placeholder's value and its receipt number, the next of the code sequence, six digits or more. */
const insertDossierStatement = preparedPerShape((db, { codePrefix, ...values }: Placeholders<Omit<NewDossier, "code"> & { codePrefix: string }>) => {
  const number = sql`(select nextval(${dossierCodeSequence.seqName})::text as n)`;
  const code = sql`${codePrefix} || (select lpad(n, greatest(6, length(n)), '0') from ${number} as receipt)`;
  return db
    .insert(dossiers)
    .values({ ...values, code })
    .returning()
    .prepare("insertDossier");
});
const insertEventStatement = preparedPerShape((db, values: Placeholders<typeof dossierEvents.$inferInsert>) =>
  db.insert(dossierEvents).values(values).returning().prepare("insertDossierEvent"),
);

/**
 * A new dossier and its first timeline event, in one round trip (pipelined): the dossier's code is
 * `codePrefix` and its receipt number, the next of the code sequence, six digits or more.
 */
export async function insertDossier(
  tx: Executor,
  values: Omit<NewDossier, "code">,
  codePrefix: string,
  event: Omit<typeof dossierEvents.$inferInsert, "dossierId" | "sequence">,
): Promise<{ dossier: DossierRow; event: DossierEventRow }> {
  const id = values.id ?? randomUUID();
  const [[dossier], [first]] = await Promise.all([
    insertDossierStatement(tx, { ...values, id, codePrefix }),
    insertEventStatement(tx, { ...event, dossierId: id, sequence: 1 }),
  ]);
  return { dossier: dossier!, event: first! };
}

const dossierByIdStatement = prepared((db) =>
  db.select().from(dossiers).where(eq(dossiers.id, sql.placeholder("id"))).prepare("dossierById"),
);
const dossierByCodeStatement = prepared((db) =>
  db.select().from(dossiers).where(eq(dossiers.code, sql.placeholder("code"))).prepare("dossierByCode"),
);

export async function findDossier(db: Executor, by: { id: string } | { code: string }): Promise<DossierRow | undefined> {
  const [row] = "id" in by ? await dossierByIdStatement(db).execute({ id: by.id }) : await dossierByCodeStatement(db).execute({ code: by.code });
  return row;
}

/** What of a dossier's own rows a selection may read beside it, each as a loader asks for it. */
export interface DossierRelations {
  /** The timeline, in sequence order. */
  events: DossierEventRow[];
  registration: RegistrationRow | null;
  /** Its consults, oldest booking first. */
  bookings: ConsultBookingRow[];
}
export type DossierRelation = keyof DossierRelations;
const RELATIONS: readonly DossierRelation[] = ["events", "registration", "bookings"];

/**
 * The relations to read and, for the timeline, which of its events' columns (a selection's
 * `timeline { at status }` needs 2 of 8); every column without `eventColumns`.
 */
export interface RelationsToRead {
  parts: ReadonlySet<DossierRelation>;
  eventColumns?: Projection | undefined;
}

/**
 * Dossiers cut to some of their columns (`DossierRow` property names) and always their id, by which
 * they are cached and their relations read.
 */
export const dossierProjection = (columns: Iterable<DossierColumn>): Projection => projectionOf(dossiers, ["id", ...columns]);

/** The timeline's events cut to some of their columns (`DossierEventRow` property names). */
export const eventProjection = (columns: Iterable<EventColumn>): Projection => projectionOf(dossierEvents, columns);

/** Each relation as a JSON-building subquery of the dossier whose id is `id`. */
const relationQueries: { [P in DossierRelation]: (id: SQL, eventColumns?: Projection) => SQL } = {
  events: (id, eventColumns) =>
    sql`(select json_agg(${rowAsJson(dossierEvents, "e", eventColumns)} order by e.sequence) from ${dossierEvents} e where e.dossier_id = ${id})`,
  registration: (id) => sql`(select ${rowAsJson(securityRegistrations, "r")} from ${securityRegistrations} r where r.dossier_id = ${id})`,
  bookings: (id) =>
    sql`(select json_agg(${rowAsJson(consultBookings, "b")} order by b.created_at, b.id) from ${consultBookings} b where b.dossier_id = ${id})`,
};

/** A statement's columns for the relations `read` names, each the relation's JSON, the others null. */
function relationColumns({ parts, eventColumns }: RelationsToRead, id: SQL) {
  const column = (part: DossierRelation) => (parts.has(part) ? relationQueries[part](id, eventColumns) : sql`null`);
  return {
    events: sql<Array<Record<string, unknown>> | null>`${column("events")}`,
    registration: sql<Record<string, unknown> | null>`${column("registration")}`,
    bookings: sql<Array<Record<string, unknown>> | null>`${column("bookings")}`,
  };
}

const shapeOf = ({ parts, eventColumns }: RelationsToRead) =>
  RELATIONS.map((part) => (parts.has(part) ? "1" : "0")).join("") + (parts.has("events") && eventColumns ? `_${eventColumns.key}` : "");

interface RelationsRead {
  events: Array<Record<string, unknown>> | null;
  registration: Record<string, unknown> | null;
  bookings: Array<Record<string, unknown>> | null;
}

/** What a statement built for `parts` read: those relations, decoded as drizzle decodes them. */
function decodeRelations(row: RelationsRead, parts: ReadonlySet<DossierRelation>): Partial<DossierRelations> {
  const found: Partial<DossierRelations> = {};
  if (parts.has("events")) found.events = (row.events ?? []).map((event) => rowFromJson(dossierEvents, event));
  if (parts.has("registration")) found.registration = row.registration && rowFromJson(securityRegistrations, row.registration);
  if (parts.has("bookings")) found.bookings = (row.bookings ?? []).map((booking) => rowFromJson(consultBookings, booking));
  return found;
}

/** One prepared statement per combination of relations (and timeline columns) asked for together. */
const relationStatements = new Map<string, ReturnType<typeof relationsStatement>>();

function relationsStatement(shape: string, read: RelationsToRead) {
  return prepared((db) =>
    db
      .select({ id: sql<string>`d.id`, ...relationColumns(read, sql`d.id`) })
      .from(sql`unnest(string_to_array(${sql.placeholder("ids")}, ',')::uuid[]) as d(id)`)
      .prepare(`dossierRelations_${shape}`),
  );
}

/**
 * The relations `read` names of each dossier in `ids`, in ONE statement: PostgreSQL builds each
 * dossier's rows as JSON (one row per dossier, parsed natively) instead of a statement per relation
 * and a row per event the driver decodes column by column.
 */
export async function dossierRelations(
  db: Executor,
  ids: readonly string[],
  read: RelationsToRead,
): Promise<Map<string, Partial<DossierRelations>>> {
  const shape = shapeOf(read);
  const statement = statementOfShape(relationStatements, shape, () => relationsStatement(shape, read));
  const rows = await statement(db).execute({ ids: idList(ids) });
  return new Map(rows.map((row) => [row.id, decodeRelations(row, read.parts)]));
}

const withRelationsStatements = new Map<string, ReturnType<typeof withRelationsStatement>>();

function withRelationsStatement(by: "id" | "code", shape: string, read: RelationsToRead) {
  return prepared((db) =>
    db
      .select({ dossier: dossiers, ...relationColumns(read, qualified(dossiers.id)) })
      .from(dossiers)
      .where(eq(dossiers[by], sql.placeholder(by)))
      .prepare(`dossierBy_${by}_${shape}`),
  );
}

/** A dossier and the relations `read` names, in one statement (a selection that reads them: `dossier(code)` with its timeline). */
export async function findDossierWithRelations(
  db: Executor,
  by: { id: string } | { code: string },
  read: RelationsToRead,
): Promise<{ dossier: DossierRow; relations: Partial<DossierRelations> } | undefined> {
  const kind = "id" in by ? "id" : "code";
  const shape = shapeOf(read);
  const statement = statementOfShape(withRelationsStatements, `${kind}_${shape}`, () => withRelationsStatement(kind, shape, read));
  const [row] = await statement(db).execute(by);
  return row && { dossier: row.dossier, relations: decodeRelations(row, read.parts) };
}

export async function anyDossierExists(db: Executor): Promise<boolean> {
  const rows = await db.select({ id: dossiers.id }).from(dossiers).limit(1);
  return rows.length > 0;
}

const lockDossierStatement = prepared((db) =>
  db.select().from(dossiers).where(eq(dossiers.id, sql.placeholder("id"))).for("update").prepare("lockDossier"),
);

/** Reads the dossier and locks its row until the transaction ends: changes to one dossier queue up. */
export async function lockDossier(tx: Executor, id: string): Promise<DossierRow | undefined> {
  const [row] = await lockDossierStatement(tx).execute({ id });
  return row;
}

const dossiersByIdsStatement = prepared((db) => db.select().from(dossiers).where(anyId(dossiers.id)).prepare("dossiersByIds"));

export async function dossiersByIds(db: Executor, ids: readonly string[]): Promise<DossierRow[]> {
  return dossiersByIdsStatement(db).execute({ ids: idList(ids) });
}

const updateDossierStatement = preparedPerShape((db, { rowId, ...set }: Placeholders<Partial<NewDossier> & { rowId: string }>) =>
  db.update(dossiers).set(placeholdersAsSet(dossiers, set)).where(eq(dossiers.id, rowId)).returning().prepare("updateDossier"),
);

/**
 * Applies a change to a locked dossier and appends its timeline event, numbered after the last
 * one: the version and the sequence move together, in the caller's transaction.
 */
export async function recordDossierChange(
  tx: Executor,
  dossier: DossierRow,
  patch: Partial<NewDossier>,
  event: { status: DossierStatusName; at: Date; actorSubject: string | null; actorRole: DossierEventRow["actorRole"]; note: string | null },
): Promise<{ dossier: DossierRow; event: DossierEventRow }> {
  const sequence = dossier.lastSequence + 1;
  // The row and its event in one round trip (pipelined on the transaction's connection).
  const [[updated], [inserted]] = await Promise.all([
    updateDossierStatement(tx, { ...patch, version: dossier.version + 1, lastSequence: sequence, updatedAt: event.at, rowId: dossier.id }),
    insertEventStatement(tx, { dossierId: dossier.id, sequence, ...event }),
  ]);
  return { dossier: updated!, event: inserted! };
}

export async function listEventsAfter(db: Executor, dossierId: string, afterSequence: number): Promise<DossierEventRow[]> {
  return db
    .select()
    .from(dossierEvents)
    .where(and(eq(dossierEvents.dossierId, dossierId), gt(dossierEvents.sequence, afterSequence)))
    .orderBy(asc(dossierEvents.sequence));
}

export interface DossierSearch {
  scope: DossierScope;
  statuses?: DossierStatusName[];
  procedureField?: (typeof procedures.$inferSelect)["field"];
  branchId?: string;
  overdue?: boolean;
  now: Date;
  order: "newest" | "oldest";
  after?: { at: Date; id: string };
  limit: number;
  /** The rows' columns; every column without. The page's cursor reads `submittedAt`. */
  columns?: Projection | undefined;
}

/**
 * `overdue` of the contract as SQL: late if apologised for, or past the statutory time when finished (or
 * `now`: an instant as raw SQL, `instant(date)` or a placeholder's ISO text cast to timestamptz).
 */
function overdueCondition(now: SQL): SQL {
  return sql`(${dossiers.apology} is not null or ${dossiers.statutoryDueAt} < coalesce(${dossiers.finishedAt}, ${now}))`;
}

/**
 * A page of dossiers and the count. `read` names what the rows' fields will read (their
 * timeline, registration, consults): each row's come in the page's statement (`relations`, in the
 * rows' order), as `dossierRelations` would read them.
 */
export async function searchDossiers(
  db: Executor,
  search: DossierSearch,
  read: RelationsToRead = { parts: new Set() },
): Promise<{ rows: DossierRow[]; totalCount: number; relations: Array<Partial<DossierRelations>> }> {
  // Built with placeholders once per shape of search (see `pageWithTotal`): the shape names every
  // condition present, the order and what the page reads, the values fill them in.
  const { scope, statuses, branchId, procedureField, overdue, after } = search;
  const has = { statuses: !!statuses?.length, branch: !!branchId, field: !!procedureField, after: !!after };
  const shape = [
    scope.kind,
    search.order,
    Object.values(has).map(Number).join(""),
    overdue === undefined ? "-" : Number(overdue),
    shapeOf(read),
    search.columns?.key ?? "*",
  ].join("|");
  const values = {
    scopeId: scopeIdOf(scope),
    statuses: statuses?.join(","),
    branchId,
    field: procedureField,
    now: search.now.toISOString(),
    afterAt: after?.at.toISOString(),
    afterId: after?.id,
    limit: search.limit,
  };
  const build = () => {
    const conditions: (SQL | undefined)[] = [scopeCondition(scope)];
    if (has.statuses) conditions.push(sql`${dossiers.status} = any(string_to_array(${sql.placeholder("statuses")}, ',')::dossier_status[])`);
    if (has.branch) conditions.push(eq(dossiers.branchId, sql.placeholder("branchId")));
    if (has.field) {
      conditions.push(
        inArray(dossiers.procedureId, db.select({ id: procedures.id }).from(procedures).where(eq(procedures.field, sql.placeholder("field")))),
      );
    }
    if (overdue !== undefined) {
      const late = overdueCondition(sql`${sql.placeholder("now")}::timestamptz`);
      conditions.push(overdue ? late : sql`not coalesce(${late}, false)`);
    }
    const { submittedAt, id } = dossiers;
    const [afterAt, afterId] = [sql.placeholder("afterAt"), sql.placeholder("afterId")];
    const newest = search.order === "newest";
    const cursor = has.after
      ? newest
        ? or(lt(submittedAt, afterAt), and(eq(submittedAt, afterAt), lt(id, afterId)))
        : or(gt(submittedAt, afterAt), and(eq(submittedAt, afterAt), gt(id, afterId)))
      : undefined;
    return {
      page: {
        filter: and(...conditions),
        cursor,
        orderBy: newest ? [desc(submittedAt), desc(id)] : [asc(submittedAt), asc(id)],
        limit: sql.placeholder("limit"),
        columns: search.columns,
      },
      extra: read.parts.size > 0 ? relationColumns(read, qualified(dossiers.id)) : undefined,
    };
  };
  const { rows, totalCount, extras } = await pageWithTotal(db, dossiers, build, { shape, values });
  return { rows, totalCount, relations: read.parts.size > 0 ? extras.map((row) => decodeRelations(row as RelationsRead, read.parts)) : [] };
}

export async function insertRating(tx: Executor, values: typeof serviceRatings.$inferInsert): Promise<boolean> {
  const inserted = await tx.insert(serviceRatings).values(values).onConflictDoNothing().returning({ id: serviceRatings.dossierId });
  return inserted.length === 1;
}

export interface StatisticsWindow {
  from: Date;
  to: Date;
  branchId?: string;
  now: Date;
}

export async function dossierStatistics(db: Executor, window: StatisticsWindow) {
  const received = and(
    gte(dossiers.receivedAt, window.from),
    lt(dossiers.receivedAt, window.to),
    window.branchId ? eq(dossiers.branchId, window.branchId) : undefined,
  );
  const finished = and(isNotNull(dossiers.finishedAt), ne(dossiers.status, "WITHDRAWN"));
  const [figures] = await db
    .select({
      received: count(),
      finished: sql<number>`count(*) filter (where ${finished})`,
      finishedOnTime: sql<number>`count(*) filter (where ${finished} and ${dossiers.apology} is null and ${lte(dossiers.finishedAt, dossiers.statutoryDueAt)})`,
      // The same lateness as the `overdue` field and filter (an apologised dossier counts as late).
      overdueOpen: sql<number>`count(*) filter (where ${isNull(dossiers.finishedAt)} and ${overdueCondition(instant(window.now))})`,
    })
    .from(dossiers)
    .where(received);
  const [ratings] = await db
    .select({ average: avg(serviceRatings.score), ratings: count() })
    .from(serviceRatings)
    .innerJoin(dossiers, eq(dossiers.id, serviceRatings.dossierId))
    .where(received);
  return {
    received: Number(figures?.received ?? 0),
    finished: Number(figures?.finished ?? 0),
    finishedOnTime: Number(figures?.finishedOnTime ?? 0),
    overdueOpen: Number(figures?.overdueOpen ?? 0),
    satisfactionAverage: ratings?.average === null || ratings?.average === undefined ? null : Number(ratings.average),
    ratings: Number(ratings?.ratings ?? 0),
  };
}

/** Shipments the post has in hand (or has delivered): their results are off the counter's worklist. */
const inTransit = ["CREATED", "PICKED_UP", "IN_TRANSIT", "DELIVERED"] as const;

/**
 * A branch's dossiers waiting for its counter, oldest first: to receive (SUBMITTED for the
 * branch), to digitize (RECEIVED), and results to hand over or dispatch (RESULT_READY) — minus
 * results the post has in hand; a failed or returned shipment brings the dossier back.
 */
export async function searchWorklist(
  db: Executor,
  search: { branchId: string; after?: { at: Date; id: string }; limit: number },
): Promise<{ rows: DossierRow[]; totalCount: number }> {
  const withPost = db
    .select({ dossierId: deliveries.dossierId })
    .from(deliveries)
    .where(and(isNotNull(deliveries.trackingNumber), inArray(deliveries.status, inTransit)));
  const filter: SQL = and(
    eq(dossiers.branchId, search.branchId),
    or(
      inArray(dossiers.status, ["SUBMITTED", "RECEIVED"]),
      and(eq(dossiers.status, "RESULT_READY"), notInArray(dossiers.id, withPost)),
    ),
  )!;
  const cursor = search.after
    ? or(gt(dossiers.submittedAt, search.after.at), and(eq(dossiers.submittedAt, search.after.at), gt(dossiers.id, search.after.id)))
    : undefined;
  return pageWithTotal(db, dossiers, () => ({
    page: { filter, cursor, orderBy: [asc(dossiers.submittedAt), asc(dossiers.id)], limit: search.limit },
  }));
}

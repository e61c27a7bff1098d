/**
 * DataLoaders, made fresh for each operation (so nothing is shared across viewers), for every
 * relation a list can reach: one query per relation per tick, never one per row.
 */
import DataLoader from "dataloader";
import type { Database } from "../db/client.js";
import {
  dossierProjection,
  dossierRelations,
  dossiersByIds,
  eventProjection,
  type DossierColumn,
  type DossierRelation,
  type DossierRelations,
  type DossierRow,
  type EventColumn,
} from "../db/queries/dossier.js";
import type { Projection } from "../db/queries/json-rows.js";
import {
  eventsByRegistrationIds,
  registrationsByIds,
  type RegistrationEventRow,
  type RegistrationRow,
} from "../db/queries/registration.js";
import type { LandRegistryClient } from "../integrations/land-registry/client.js";
import type { RegistryParcel } from "../integrations/land-registry/types.js";
import { loadParcels } from "./registration/land-parcels.js";
import {
  heldSlotIds,
  lawyersByBarNumbers,
  lawyersByIds,
  type LawyerRow,
} from "../db/queries/consult.js";
import {
  deliveriesWithTrackingByDossierIds,
  eventsByDeliveryIds,
  storedDocumentsByDossierIds,
  type DeliveryEventRow,
  type DeliveryRow,
  type DocumentRow,
} from "../db/queries/delivery.js";

/**
 * Projections by the column list a resolver passes (memoized per field of the operation, so the
 * same array for every row of a page): made once per selection, not once per row.
 */
const projectionsByList = new WeakMap<readonly string[], Projection>();

function projectionFor<C extends string>(columns: readonly C[], make: (columns: readonly C[]) => Projection): Projection {
  let projection = projectionsByList.get(columns);
  if (!projection) projectionsByList.set(columns, (projection = make(columns)));
  return projection;
}

interface RelationKey {
  part: DossierRelation;
  id: string;
  /** For the timeline: the columns its events are read with; every column without. */
  eventColumns?: Projection | undefined;
}

function groupBy<T, K>(rows: readonly T[], keys: readonly K[], keyOf: (row: T) => K): T[][] {
  const groups = new Map<K, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key)!);
}

function indexBy<T, K>(rows: readonly T[], keys: readonly K[], keyOf: (row: T) => K): (T | null)[] {
  const byKey = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => byKey.get(key) ?? null);
}

/**
 * Each loader is made when a resolver first asks for it: most operations use two or three of the
 * thirteen, and an operation that reads nothing (`{ __typename }`, a mutation) makes none.
 */
export class Loaders {
  private readonly made: Array<{ clearAll(): unknown }> = [];

  constructor(
    private readonly db: Database,
    private readonly partners?: { landRegistry: LandRegistryClient },
  ) {}

  private make<K, V, C = K>(batch: DataLoader.BatchLoadFn<K, V>, options?: DataLoader.Options<K, V, C>): DataLoader<K, V, C> {
    const loader = new DataLoader<K, V, C>(batch, options);
    this.made.push(loader);
    return loader;
  }

  /** Forgets what every loader made so far has cached. */
  clearAll(): void {
    for (const loader of this.made) loader.clearAll();
    this.#lawyersRead.clear();
  }

  #dossier?: DataLoader<string, DossierRow | null>;
  get dossier() {
    return (this.#dossier ??= this.make(async (ids) => indexBy(await dossiersByIds(this.db, ids), ids, (d) => d.id)));
  }

  #projectedDossier?: DataLoader<{ id: string; columns: Projection }, DossierRow | null, string>;
  /** Dossiers read ahead with some of their columns, cached under those; what was not read ahead comes whole from `dossier`. */
  private get projectedDossier() {
    return (this.#projectedDossier ??= this.make(async (keys) => this.dossier.loadMany(keys.map((key) => key.id)), {
      cacheKeyFn: (key) => `${key.columns.key}:${key.id}`,
    }));
  }

  /**
   * A dossier for a selection that reads only `columns` of it (`dossierColumns` of the resolvers):
   * the row a page read ahead with those columns, or else the whole row. Without `columns`, the whole row.
   */
  dossierFor(id: string, columns: readonly DossierColumn[] | undefined): Promise<DossierRow | null> {
    return columns ? this.projectedDossier.load({ id, columns: projectionFor(columns, dossierProjection) }) : this.dossier.load(id);
  }

  /** A dossier read with other rows (a page's read-ahead), with `columns` if cut to them, for `dossierFor`. */
  primeDossier(row: DossierRow, columns: Projection | undefined): void {
    if (columns) this.projectedDossier.prime({ id: row.id, columns }, row);
    else this.dossier.prime(row.id, row);
  }

  #dossierRelations?: DataLoader<RelationKey, DossierRelations[DossierRelation], string>;
  /**
   * A dossier's timeline, registration and consults, by dossier id: what the fields of one tick ask
   * for, of every dossier they ask it for, comes in ONE statement (a dossier with its timeline,
   * registration and consults reads them in one round trip, not three). A timeline asked for with
   * some of its columns is cached under those columns: a selection that needs more never gets it.
   */
  private get dossierRelations() {
    return (this.#dossierRelations ??= this.make(
      async (keys) => {
        const timelines = keys.filter((key) => key.part === "events");
        // One statement for the tick: the union of the timelines' columns serves every one of them.
        const eventColumns =
          timelines.length > 0 && timelines.every((key) => key.eventColumns)
            ? eventProjection(timelines.flatMap((key) => key.eventColumns!.columns as EventColumn[]))
            : undefined;
        const ids = [...new Set(keys.map((key) => key.id))];
        const found = await dossierRelations(this.db, ids, { parts: new Set(keys.map((key) => key.part)), eventColumns });
        return keys.map((key) => found.get(key.id)?.[key.part] ?? (key.part === "registration" ? null : []));
      },
      { cacheKeyFn: (key) => (key.eventColumns ? `${key.part}.${key.eventColumns.key}:${key.id}` : `${key.part}:${key.id}`) },
    ));
  }

  private dossierRelation<P extends DossierRelation>(part: P, id: string, eventColumns?: Projection): Promise<DossierRelations[P]> {
    return this.dossierRelations.load({ part, id, eventColumns }) as Promise<DossierRelations[P]>;
  }

  /**
   * Relations read with the dossier itself (`findDossierWithRelations`, a page's read-ahead): its
   * fields then read none. `eventColumns`: the columns its timeline was read with.
   */
  primeDossierRelations(id: string, relations: Partial<DossierRelations>, eventColumns?: Projection): void {
    for (const part of Object.keys(relations) as DossierRelation[]) {
      this.dossierRelations.prime({ part, id, eventColumns: part === "events" ? eventColumns : undefined }, relations[part]!);
    }
  }

  /** A dossier's timeline; with `columns`, its events carry only those (what the selection's fields read). */
  readonly dossierEvents = {
    load: (dossierId: string, columns?: readonly EventColumn[]) =>
      this.dossierRelation("events", dossierId, columns && projectionFor(columns, eventProjection)),
  };
  readonly registrationByDossier = { load: (dossierId: string) => this.dossierRelation("registration", dossierId) };
  readonly consultBookingsByDossier = { load: (dossierId: string) => this.dossierRelation("bookings", dossierId) };

  #registration?: DataLoader<string, RegistrationRow | null>;
  get registration() {
    return (this.#registration ??= this.make(async (ids) => indexBy(await registrationsByIds(this.db, ids), ids, (r) => r.id)));
  }

  #registrationEvents?: DataLoader<string, RegistrationEventRow[]>;
  get registrationEvents() {
    return (this.#registrationEvents ??= this.make(async (ids) =>
      groupBy(await eventsByRegistrationIds(this.db, ids), ids, (e) => e.registrationId),
    ));
  }

  #landParcel?: DataLoader<string, RegistryParcel | null>;
  /** The land registry's parcel by certificate serial: one registry call per distinct parcel per operation. */
  get landParcel() {
    return (this.#landParcel ??= this.make<string, RegistryParcel | null>(async (serials) => {
      if (!this.partners) throw new Error("createLoaders: the land registry client is needed to read parcels");
      return loadParcels(this.partners.landRegistry, serials);
    }));
  }

  #lawyer?: DataLoader<string, LawyerRow | null>;
  get lawyer() {
    return (this.#lawyer ??= this.make(async (ids) => indexBy(await lawyersByIds(this.db, ids), ids, (l) => l.id)));
  }

  readonly #lawyersRead = new Map<string, LawyerRow>();
  /** Lawyers read with other rows (a week of slots): in the loader, and at hand without a promise per row. */
  primeLawyers(rows: readonly LawyerRow[]): void {
    for (const row of rows) {
      this.#lawyersRead.set(row.id, row);
      this.lawyer.prime(row.id, row);
    }
  }

  /** A lawyer `primeLawyers` was given, if it was. */
  lawyerRead(id: string): LawyerRow | undefined {
    return this.#lawyersRead.get(id);
  }

  #lawyerByBarNumber?: DataLoader<string, LawyerRow | null>;
  get lawyerByBarNumber() {
    return (this.#lawyerByBarNumber ??= this.make(async (barNumbers) =>
      indexBy(await lawyersByBarNumbers(this.db, barNumbers), barNumbers, (l) => l.barNumber),
    ));
  }

  #consultSlotHeld?: DataLoader<string, boolean>;
  /** Whether a booking holds each slot. */
  get consultSlotHeld() {
    return (this.#consultSlotHeld ??= this.make(async (ids) => {
      const held = await heldSlotIds(this.db, ids);
      return ids.map((id) => held.has(id));
    }));
  }

  #documents?: DataLoader<string, DocumentRow[]>;
  /** Stored documents of each dossier, by dossier id. */
  get documents() {
    return (this.#documents ??= this.make(async (ids) => groupBy(await storedDocumentsByDossierIds(this.db, ids), ids, (d) => d.dossierId)));
  }

  #delivery?: DataLoader<string, DeliveryRow | null>;
  /** Each dossier's delivery once the post has given it a tracking number, by dossier id. */
  get delivery() {
    return (this.#delivery ??= this.make(async (ids) => indexBy(await deliveriesWithTrackingByDossierIds(this.db, ids), ids, (d) => d.dossierId)));
  }

  #deliveryEvents?: DataLoader<string, DeliveryEventRow[]>;
  get deliveryEvents() {
    return (this.#deliveryEvents ??= this.make(async (ids) => groupBy(await eventsByDeliveryIds(this.db, ids), ids, (e) => e.deliveryId)));
  }
}

export function createLoaders(db: Database, partners?: { landRegistry: LandRegistryClient }): Loaders {
  return new Loaders(db, partners);
}

/** A subscription's context lives as long as it does: clear before each event so its fields read fresh data. */
export function clearLoaders(loaders: Loaders): void {
  loaders.clearAll();
}


/**
 * DataLoaders, made fresh for each operation (so nothing is shared across viewers), for every
 * relation a list can reach: one query per relation per tick, never one per row.
 */
import DataLoader from "dataloader";
import type { Database } from "../db/client.js";
import { dossiersByIds, eventsByDossierIds, type DossierEventRow, type DossierRow } from "../db/queries/dossier.js";
import {
  eventsByRegistrationIds,
  registrationsByDossierIds,
  registrationsByIds,
  type RegistrationEventRow,
  type RegistrationRow,
} from "../db/queries/registration.js";
import type { LandRegistryClient } from "../integrations/land-registry/client.js";
import type { RegistryParcel } from "../integrations/land-registry/types.js";
import { loadParcels } from "./registration/land-parcels.js";
import {
  bookingsByDossierIds,
  heldSlotIds,
  lawyersByBarNumbers,
  lawyersByIds,
  type ConsultBookingRow,
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

function groupBy<T, K>(rows: readonly T[], keys: readonly K[], keyOf: (row: T) => K): T[][] {
  const groups = new Map<K, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key)!);
}

function indexBy<T, K>(rows: readonly T[], keys: readonly K[], keyOf: (row: T) => K): (T | null)[] {
  const byKey = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => byKey.get(key) ?? null);
}

export function createLoaders(db: Database, partners?: { landRegistry: LandRegistryClient }) {
  return {
    dossier: new DataLoader<string, DossierRow | null>(async (ids) => indexBy(await dossiersByIds(db, ids), ids, (d) => d.id)),
    dossierEvents: new DataLoader<string, DossierEventRow[]>(async (ids) =>
      groupBy(await eventsByDossierIds(db, ids), ids, (e) => e.dossierId),
    ),
    registration: new DataLoader<string, RegistrationRow | null>(async (ids) =>
      indexBy(await registrationsByIds(db, ids), ids, (r) => r.id),
    ),
    registrationByDossier: new DataLoader<string, RegistrationRow | null>(async (ids) =>
      indexBy(await registrationsByDossierIds(db, ids), ids, (r) => r.dossierId),
    ),
    registrationEvents: new DataLoader<string, RegistrationEventRow[]>(async (ids) =>
      groupBy(await eventsByRegistrationIds(db, ids), ids, (e) => e.registrationId),
    ),
    /** The land registry's parcel by certificate serial: one registry call per distinct parcel per operation. */
    landParcel: new DataLoader<string, RegistryParcel | null>(async (serials) => {
      if (!partners) throw new Error("createLoaders: the land registry client is needed to read parcels");
      return loadParcels(partners.landRegistry, serials);
    }),
    lawyer: new DataLoader<string, LawyerRow | null>(async (ids) => indexBy(await lawyersByIds(db, ids), ids, (l) => l.id)),
    lawyerByBarNumber: new DataLoader<string, LawyerRow | null>(async (barNumbers) =>
      indexBy(await lawyersByBarNumbers(db, barNumbers), barNumbers, (l) => l.barNumber),
    ),
    /** Whether a booking holds each slot. */
    consultSlotHeld: new DataLoader<string, boolean>(async (ids) => {
      const held = await heldSlotIds(db, ids);
      return ids.map((id) => held.has(id));
    }),
    consultBookingsByDossier: new DataLoader<string, ConsultBookingRow[]>(async (ids) =>
      groupBy(await bookingsByDossierIds(db, ids), ids, (b) => b.dossierId!),
    ),
    /** Stored documents of each dossier, by dossier id. */
    documents: new DataLoader<string, DocumentRow[]>(async (ids) =>
      groupBy(await storedDocumentsByDossierIds(db, ids), ids, (d) => d.dossierId),
    ),
    /** Each dossier's delivery once the post has given it a tracking number, by dossier id. */
    delivery: new DataLoader<string, DeliveryRow | null>(async (ids) =>
      indexBy(await deliveriesWithTrackingByDossierIds(db, ids), ids, (d) => d.dossierId),
    ),
    deliveryEvents: new DataLoader<string, DeliveryEventRow[]>(async (ids) =>
      groupBy(await eventsByDeliveryIds(db, ids), ids, (e) => e.deliveryId),
    ),
  };
}

/** A subscription's context lives as long as it does: clear before each event so its fields read fresh data. */
export function clearLoaders(loaders: Loaders): void {
  for (const loader of Object.values(loaders)) loader.clearAll();
}

export type Loaders = ReturnType<typeof createLoaders>;

/**
 * How many of each thing the bench seeds for a `--scale` of N general dossiers. At the default
 * N = 50,000 this is the floor: 10,000 security registrations over 8,000 parcels, 300
 * lawyers with a month of slots, 20,000 bookings and about 127,000 documents.
 */
export interface SeedScale {
  /** General dossiers (construction permits, criminal records), ~8 timeline events each. */
  dossiers: number;
  /** Security registrations, each with its own SR-01 dossier (on top of `dossiers`). */
  registrations: number;
  /** Parcels in the land book; the first ones carry a second registration. */
  parcels: number;
  lawyers: number;
  /** Bookings of published slots: past ones COMPLETED, coming ones CONFIRMED. */
  bookings: number;
  /** Stored scans per digitized dossier. */
  documentsPerDossier: number;
}

export function seedScale(dossiers: number): SeedScale {
  const factor = dossiers / 50_000;
  return {
    dossiers,
    registrations: Math.round(dossiers / 5),
    parcels: Math.round((dossiers / 5) * 0.8),
    lawyers: Math.max(20, Math.round(300 * factor)),
    bookings: Math.round(dossiers * 0.4),
    documentsPerDossier: 3,
  };
}

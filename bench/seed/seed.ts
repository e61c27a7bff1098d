/**
 * Seeds a migrated bench database at `--scale` with bulk INSERT … SELECT statements (no API, no
 * per-row round trips), then ANALYZE, and reports what it made and how long it took.
 */
import type postgres from "postgres";
import { seedConsults } from "./consults.js";
import { seedDossiers } from "./dossiers.js";
import { benchLandBook } from "./land-book.js";
import { seedRegistrations } from "./registrations.js";
import { benchRoster } from "./roster.js";
import { seedScale, type SeedScale } from "./scale.js";

export interface SeedReport {
  scale: SeedScale;
  seconds: number;
  rows: Record<string, number>;
}

const COUNTED = [
  "dossiers",
  "dossier_events",
  "documents",
  "security_registrations",
  "registration_events",
  "lawyers",
  "consult_slots",
  "consult_bookings",
] as const;

export async function seedBenchDatabase(sql: postgres.Sql, dossiers: number): Promise<SeedReport> {
  const scale = seedScale(dossiers);
  const started = performance.now();
  await seedDossiers(sql, scale.dossiers);
  await seedRegistrations(sql, benchLandBook(scale.parcels), scale.registrations, scale.dossiers);
  await seedConsults(sql, benchRoster(scale.lawyers), scale.bookings);
  // New receipt codes continue after the seeded ones (the hub numbers them from this sequence).
  await sql.unsafe(`select setval('dossier_code_seq', $1)`, [scale.dossiers + scale.registrations]);
  // As autovacuum leaves a table some time after a bulk load: statistics, and the visibility map that
  // lets a count be answered from an index alone.
  await sql.unsafe(`vacuum analyze`);
  const seconds = (performance.now() - started) / 1000;

  const rows: Record<string, number> = {};
  for (const table of COUNTED) {
    const [row] = await sql.unsafe<{ n: string }[]>(`select count(*) as n from ${table}`);
    rows[table] = Number(row!.n);
  }
  return { scale, seconds: Math.round(seconds * 10) / 10, rows };
}

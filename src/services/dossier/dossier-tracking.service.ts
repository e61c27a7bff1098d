/**
 * The public side of a dossier (SPEC §2): anyone with the receipt code and the last four digits of
 * the applicant's phone may follow it and rate the service once it is returned. Both answers are
 * the same for "no such code" and "wrong phone", and repeated misses on one code are slowed down so
 * the four digits cannot be guessed.
 */
import { timingSafeEqual } from "node:crypto";
import type { Database } from "../../db/client.js";
import { findDossier, insertRating, listEventsAfter, type DossierRow } from "../../db/queries/dossier.js";
import type { AuditLog } from "../audit/audit-log.js";
import { badInput, conflict, notFound, rateLimited } from "../errors.js";
import type { Catalog } from "../partner/catalog.js";
import * as v from "../validation.js";
import { isOverdue } from "./overdue.js";

const MAX_MISSES = 10;
const MISS_WINDOW_MS = 15 * 60_000;

export class DossierTrackingService {
  private readonly misses = new Map<string, { count: number; since: number }>();

  constructor(private readonly deps: { db: Database; audit: AuditLog; catalog: Catalog; now: () => Date }) {}

  async track(code: string, phoneLast4: string) {
    const dossier = await this.match(code, phoneLast4);
    if (!dossier) return null;
    const catalog = await this.deps.catalog.get();
    return {
      dossierId: dossier.id,
      code: dossier.code,
      procedureName: catalog.proceduresById.get(dossier.procedureId)!.name,
      status: dossier.status,
      dueAt: dossier.dueAt,
      overdue: isOverdue(dossier, this.deps.now()),
      timeline: await listEventsAfter(this.deps.db, dossier.id, 0),
    };
  }

  async rate(code: string, phoneLast4: string, score: number, comment: string | null | undefined): Promise<boolean> {
    if (!Number.isInteger(score) || score < 1 || score > 5) throw badInput("score", "score must be a whole number from 1 to 5");
    const text = v.optionalText("comment", comment, { max: 2000 });
    const dossier = await this.match(code, phoneLast4);
    if (!dossier) throw notFound("Dossier");
    if (dossier.status !== "RETURNED") throw conflict("A dossier can be rated once its result has been returned");
    return this.deps.db.transaction(async (tx) => {
      const inserted = await insertRating(tx, { dossierId: dossier.id, score, comment: text, at: this.deps.now() });
      if (!inserted) throw conflict("This dossier has already been rated");
      await this.deps.audit.record(tx, { action: "rateService", entity: "dossier", entityId: dossier.id });
      return true;
    });
  }

  private async match(code: string, phoneLast4: string): Promise<DossierRow | null> {
    v.lastFourDigits("phoneLast4", phoneLast4);
    const key = code.trim().toUpperCase().slice(0, 40);
    this.checkMisses(key);
    const dossier = key ? await findDossier(this.deps.db, { code: key }) : undefined;
    const expected = Buffer.from(dossier ? dossier.applicantPhone.slice(-4) : "----");
    if (dossier && timingSafeEqual(expected, Buffer.from(phoneLast4))) return dossier;
    this.recordMiss(key);
    return null;
  }

  private checkMisses(key: string) {
    const entry = this.misses.get(key);
    if (!entry) return;
    const age = Date.now() - entry.since;
    if (age > MISS_WINDOW_MS) this.misses.delete(key);
    else if (entry.count >= MAX_MISSES) throw rateLimited(Math.ceil((MISS_WINDOW_MS - age) / 1000));
  }

  private recordMiss(key: string) {
    const entry = this.misses.get(key);
    if (entry) entry.count += 1;
    else this.misses.set(key, { count: 1, since: Date.now() });
    if (this.misses.size > 100_000) this.misses.clear(); // bounded memory under a flood of random codes
  }
}

/**
 * The public side of a dossier (SPEC §2): anyone with the receipt code and the last four digits of
 * the applicant's phone may follow it and rate the service once it is returned. Both answers are
 * the same for "no such code" and "wrong phone", and repeated misses (per client IP and per code)
 * are refused for a while, so the four digits cannot be guessed.
 */
import { timingSafeEqual } from "node:crypto";
import type { Database } from "../../db/client.js";
import { findDossier, insertRating, listEventsAfter, type DossierRow } from "../../db/queries/dossier.js";
import type { AuditLog } from "../audit/audit-log.js";
import { currentRequestScope } from "../../request-scope.js";
import { badInput, conflict, notFound } from "../../errors.js";
import type { RateLimiter } from "../limits/rate-limiter.js";
import type { Catalog } from "../partner/catalog.js";
import * as v from "../validation.js";
import { isOverdue } from "./overdue.js";

export class DossierTrackingService {
  constructor(private readonly deps: { db: Database; audit: AuditLog; catalog: Catalog; limiter: RateLimiter; now: () => Date }) {}

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

  /**
   * The dossier when code and phone match, null otherwise. Wrong guesses are counted in PostgreSQL
   * per client IP and per code (src/services/limits/rate-limiter.ts), so every instance refuses a
   * guesser at once — right guesses included — until the window ends.
   */
  private async match(code: string, phoneLast4: string): Promise<DossierRow | null> {
    v.lastFourDigits("phoneLast4", phoneLast4);
    const key = v.receiptCode("code", code);
    const clientIp = currentRequestScope()?.clientIp ?? "unknown";
    await this.deps.limiter.assertMayGuess(clientIp, key);
    const dossier = await findDossier(this.deps.db, { code: key });
    const expected = Buffer.from(dossier ? dossier.applicantPhone.slice(-4) : "----");
    if (dossier && timingSafeEqual(expected, Buffer.from(phoneLast4))) return dossier;
    await this.deps.limiter.recordWrongGuess(clientIp, key);
    return null;
  }
}

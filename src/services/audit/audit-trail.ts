/**
 * SPEC §1: each unmasked read of personal data is written to the audit log. Reads are collected
 * during an operation (a field resolver must not write per row) and written in one insert when the
 * operation's response is ready.
 */
import type { Viewer } from "../../auth/viewer.js";
import type { Database } from "../../db/client.js";
import { insertPersonalDataReads } from "../../db/queries/audit.js";
import { describeInternalError, type Logger } from "../../logger.js";

export interface PersonalDataRead {
  entity: string;
  entityId: string;
  fields: string;
}

export class AuditTrail {
  private readonly reads = new Map<string, PersonalDataRead>();

  constructor(
    private readonly viewer: Viewer | null,
    private readonly requestId: string,
  ) {}

  personalDataRead(read: PersonalDataRead): void {
    this.reads.set(`${read.entity}:${read.entityId}:${read.fields}`, read);
  }

  async flush(db: Database, logger: Logger): Promise<void> {
    if (this.reads.size === 0 || !this.viewer) return;
    const rows = [...this.reads.values()].map((read) => ({
      ...read,
      actorSubject: this.viewer!.subject,
      actorRole: this.viewer!.roles.join(","),
      requestId: this.requestId,
    }));
    this.reads.clear();
    try {
      await insertPersonalDataReads(db, rows);
    } catch (error) {
      logger.error({ error: describeInternalError(error) }, "audit: could not record personal data reads");
    }
  }
}

/**
 * SPEC §1: each unmasked read of personal data is audited. Reads are collected during an
 * operation (a field resolver must not write per row) and appended to the audit trail in one
 * statement when the operation's response is ready: a page of 50 rows costs one round trip.
 */
import type { AuditEntity, AuditEvent } from "./audit-log.js";

export interface PersonalDataRead {
  entity: AuditEntity;
  entityId: string;
}

export class PersonalDataReads {
  private readonly reads = new Map<string, PersonalDataRead>();

  personalDataRead(read: PersonalDataRead): void {
    this.reads.set(`${read.entity}:${read.entityId}`, read);
  }

  /** The reads collected since the last call, as audit events. */
  take(): AuditEvent[] {
    const events = [...this.reads.values()].map((read) => ({ action: "personalData.read", ...read }));
    this.reads.clear();
    return events;
  }
}

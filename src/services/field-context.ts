/**
 * What a service needs of an operation to answer one field of one row: who asks, the operation's
 * loaders (one query per relation per tick), where whole reads of personal data are collected for
 * the audit trail, and the clock. The resolvers' context has all four.
 */
import type { Caller } from "../auth/caller.js";
import type { PersonalDataReads } from "./audit/audit-trail.js";
import type { Loaders } from "./loaders.js";

export interface FieldContext {
  caller: Caller | null;
  loaders: Loaders;
  audit: PersonalDataReads;
  now: () => Date;
}

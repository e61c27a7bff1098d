/**
 * A dossier's fields as one caller may read them: its procedure and branch from the catalog, the
 * applicant masked or whole (the policy decides, and audits a whole read), whether it is overdue,
 * and its timeline through the operation's loaders.
 */
import type { DossierRow, EventColumn } from "../../db/queries/dossier.js";
import type { ProcedureRow } from "../../db/queries/partner.js";
import type { FieldContext } from "../field-context.js";
import type { Catalog } from "../partner/catalog.js";
import { applicantAsSeenBy } from "./dossier.policy.js";
import { isOverdue } from "./overdue.js";

export class DossierFields {
  constructor(private readonly deps: { catalog: Catalog }) {}

  /** Every dossier has its procedure (a foreign key). */
  procedure(dossier: DossierRow) {
    return this.deps.catalog.procedure(dossier.procedureId) as ProcedureRow | Promise<ProcedureRow>;
  }

  branch(dossier: DossierRow) {
    return this.deps.catalog.branch(dossier.branchId);
  }

  applicant(dossier: DossierRow, context: FieldContext) {
    return applicantAsSeenBy(context.caller, dossier, context.audit);
  }

  overdue(dossier: DossierRow, context: FieldContext) {
    return isOverdue(dossier, context.now());
  }

  /** `columns`: those the selection's fields read of each event (every column without). */
  timeline(dossier: DossierRow, context: FieldContext, columns?: readonly EventColumn[]) {
    return context.loaders.dossierEvents.load(dossier.id, columns);
  }
}

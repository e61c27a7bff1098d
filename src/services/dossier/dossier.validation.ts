import { hasRole, type Caller } from "../../auth/caller.js";
import type { NewDossier } from "../../db/queries/dossier.js";
import { badInput, forbidden } from "../../errors.js";
import type { CatalogSnapshot } from "../partner/catalog.js";
import * as v from "../validation.js";

export interface SubmissionInput {
  procedureCode: string;
  channel: "ONLINE" | "COUNTER" | "POST";
  applicant: { fullName: string; idNumber: string; phone: string; address: string };
  branchCode?: string | null;
  resultDelivery: "AT_COUNTER" | "BY_POST" | "ELECTRONIC";
  deliveryAddress?: string | null;
}

/**
 * What `submitDossier` accepts. A citizen lodges their own dossier (online or by post); a clerk or
 * staff member lodges one at their own counter for the citizen in front of them. Security
 * registrations are lodged by banks through registerSecurity and its siblings.
 */
export function validateSubmission(
  caller: Caller,
  input: SubmissionInput,
  catalog: CatalogSnapshot,
): Omit<NewDossier, "code" | "status" | "submittedAt"> {
  const procedure = catalog.proceduresByCode.get(input.procedureCode);
  if (!procedure) throw badInput("input.procedureCode", `Unknown procedure ${input.procedureCode}`);
  if (procedure.field === "SECURITY_REGISTRATION") {
    throw badInput("input.procedureCode", "Security registrations are lodged by banks with registerSecurity and the related mutations");
  }

  const atCounter = hasRole(caller, "POST_CLERK", "CENTER_STAFF");
  const citizen = hasRole(caller, "CITIZEN");
  if (!atCounter && !citizen) throw forbidden("Only citizens, post clerks and center staff submit dossiers");
  if (!atCounter && input.channel === "COUNTER") {
    throw badInput("input.channel", "COUNTER dossiers are lodged by a clerk or staff member at a branch");
  }

  let branchId: string | null = null;
  if (input.branchCode) {
    const branch = catalog.branchesByCode.get(input.branchCode);
    if (!branch) throw badInput("input.branchCode", `Unknown branch ${input.branchCode}`);
    branchId = branch.id;
  }
  if (atCounter && !citizen) {
    if (!caller.branch) throw forbidden("Your token names no branch to lodge the dossier at");
    if (branchId && branchId !== caller.branch.id) throw forbidden("You can lodge dossiers only at your own branch");
    branchId = caller.branch.id;
  }

  const deliveryAddress = v.optionalText("input.deliveryAddress", input.deliveryAddress, { max: 500 });
  if (input.resultDelivery === "BY_POST" && !deliveryAddress) {
    throw badInput("input.deliveryAddress", "deliveryAddress is required when the result is delivered by post");
  }

  return {
    procedureId: procedure.id,
    channel: input.channel,
    branchId,
    applicantSubject: citizen ? caller.subject : null,
    applicantFullName: v.text("input.applicant.fullName", input.applicant.fullName, { max: 200 }),
    applicantIdNumber: v.citizenIdNumber("input.applicant.idNumber", input.applicant.idNumber),
    applicantPhone: v.phoneNumber("input.applicant.phone", input.applicant.phone),
    applicantAddress: v.text("input.applicant.address", input.applicant.address, { max: 500 }),
    submittedBySubject: caller.subject,
    submittedByRole: citizen ? "CITIZEN" : caller.roles.includes("POST_CLERK") ? "POST_CLERK" : "CENTER_STAFF",
    submittedByOrgId: citizen ? null : (caller.organization?.id ?? null),
    resultDelivery: input.resultDelivery,
    deliveryAddress: deliveryAddress ?? null,
  };
}

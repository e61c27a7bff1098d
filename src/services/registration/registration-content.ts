/**
 * A registration's content (parties, parcels, assets, obligation, contract) between its three
 * forms: the validated input, the table's columns, and the land registry's request body.
 */
import type { OrganizationRow } from "../../db/queries/partner.js";
import type { NewRegistration, RegistrationColumn, RegistrationKindName, RegistrationRow } from "../../db/queries/registration.js";
import type { RegistrationRequest } from "../../integrations/land-registry/types.js";
import type { RegistrationContent } from "./registration.validation.js";

export const procedureCodeFor: Record<RegistrationKindName, string> = {
  INITIAL: "SR-01",
  AMENDMENT: "SR-02",
  DEREGISTRATION: "SR-03",
  ERROR_CORRECTION: "SR-04",
  ENFORCEMENT_NOTICE: "SR-05",
};

/** The columns of the secured obligation (`obligationOf`). */
export const OBLIGATION_COLUMNS = [
  "obligationContractNumber",
  "obligationContractDate",
  "obligationAmount",
  "obligationCurrency",
] as const satisfies readonly RegistrationColumn[];

export function obligationOf(row: Pick<RegistrationRow, (typeof OBLIGATION_COLUMNS)[number]>): RegistrationContent["obligation"] {
  return {
    contractNumber: row.obligationContractNumber,
    contractDate: row.obligationContractDate,
    amount: row.obligationAmount,
    currency: row.obligationCurrency,
  };
}

export function contentOf(row: RegistrationRow): RegistrationContent {
  return {
    mortgagors: row.mortgagors,
    parcels: row.parcels,
    attachedAssets: row.attachedAssets,
    obligation: obligationOf(row),
    securityContractNumber: row.securityContractNumber,
    securityContractDate: row.securityContractDate,
  };
}

export function contentColumns(content: RegistrationContent) {
  return {
    mortgagors: content.mortgagors,
    parcels: content.parcels,
    certificateSerials: content.parcels.map((parcel) => parcel.certificateSerial),
    attachedAssets: content.attachedAssets,
    obligationContractNumber: content.obligation.contractNumber,
    obligationContractDate: content.obligation.contractDate,
    obligationAmount: content.obligation.amount,
    obligationCurrency: content.obligation.currency,
    securityContractNumber: content.securityContractNumber,
    securityContractDate: content.securityContractDate,
  } satisfies Partial<NewRegistration>;
}

/** The body POSTed to the registry, stored in the outbox so every retry sends exactly the same. */
export function registryRequest(options: {
  kind: RegistrationKindName;
  bank: OrganizationRow;
  subjectRegistrationNumber: string | null;
  content: RegistrationContent;
  hubReference: string;
  note: string | null;
}): RegistrationRequest {
  const { content } = options;
  return {
    kind: options.kind,
    ...(options.subjectRegistrationNumber ? { subjectRegistrationNumber: options.subjectRegistrationNumber } : {}),
    mortgagee: { code: options.bank.code, name: options.bank.name },
    mortgagors: content.mortgagors.map(({ kind, fullName, idNumber, address }) => ({ kind, fullName, idNumber, address })),
    parcels: content.parcels.map(({ certificateSerial }) => ({ certificateSerial })),
    attachedAssets: content.attachedAssets.map(({ kind, description, certificateSerial }) => ({
      kind,
      description,
      ...(certificateSerial ? { certificateSerial } : {}),
    })),
    obligation: { ...content.obligation },
    securityContract: { number: content.securityContractNumber, date: content.securityContractDate },
    hubReference: options.hubReference,
    ...(options.note ? { note: options.note } : {}),
  };
}

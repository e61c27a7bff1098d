/**
 * Demo data for `npm start` on a new database: a handful of dossiers in different states, so the
 * API has something to show. Runs once (it does nothing when any dossier exists).
 */
import type { Caller } from "../../auth/caller.js";
import type { HubServices } from "../../services/index.js";
import type { Database } from "../../db/client.js";
import { anyDossierExists } from "../../db/queries/dossier.js";
import { seedConsultDemo } from "./consult-demo.js";

const DEMO_CITIZEN = { subject: "citizen-demo", phone: "0912345678" };

export async function seedDemoData(db: Database, services: HubServices): Promise<void> {
  await seedConsultDemo(db, services);
  if (await anyDossierExists(db)) return;
  const catalog = await services.partner.catalog.get();

  const citizen: Caller = caller(DEMO_CITIZEN.subject, ["CITIZEN"], null, null);
  const b01 = catalog.branchesByCode.get("HN-PASC-B01")!;
  const clerk = caller("clerk-demo-b01", ["POST_CLERK"], catalog.organizationsByCode.get("VNPOST-HN")!, b01);
  const staff = caller("staff-demo-b01", ["CENTER_STAFF"], catalog.organizationsByCode.get("HN-PASC")!, b01);

  const applicant = { fullName: "Nguyen Van An", idNumber: "001088012345", phone: DEMO_CITIZEN.phone, address: "12 Hang Bai, Hoan Kiem, Ha Noi" };
  await services.dossier.dossiers.submit(citizen, {
    procedureCode: "CP-01",
    channel: "ONLINE",
    applicant,
    branchCode: "HN-PASC-B01",
    resultDelivery: "BY_POST",
    deliveryAddress: applicant.address,
  });
  const received = await services.dossier.dossiers.submit(citizen, {
    procedureCode: "JR-01",
    channel: "ONLINE",
    applicant,
    branchCode: "HN-PASC-B01",
    resultDelivery: "AT_COUNTER",
  });
  await services.dossier.dossiers.receive(clerk, received.id, "HN-PASC-B01");
  const processing = await services.dossier.dossiers.submit(clerk, {
    procedureCode: "CP-05",
    channel: "COUNTER",
    applicant: { ...applicant, fullName: "Tran Thi Binh", idNumber: "001190054321", phone: "0987654321" },
    resultDelivery: "AT_COUNTER",
  });
  await services.dossier.dossiers.receive(clerk, processing.id, "HN-PASC-B01");
  await services.dossier.dossiers.transition(staff, processing.id, "IN_PROCESSING", "Forwarded to the construction department");
}

function caller(subject: string, roles: Caller["roles"], organization: Caller["organization"], branch: Caller["branch"]): Caller {
  return { subject, roles, name: null, organization, branch, barNumber: null, expiresAt: new Date(Date.now() + 60_000), fits: true };
}

/**
 * Plausible values for the contract's leaves, by the name of the argument or input field that
 * holds them (`branchCode`, `idNumber`, `startsAt` …) and, failing that, by their type. A call
 * built only of these is usually valid, so the hostile value the fuzzer puts in one place is
 * judged by the service's own rules, not only by graphql-js's coercion.
 */
import fc from "fast-check";
import { GraphQLEnumType, type GraphQLScalarType } from "graphql";
import { hanoi } from "../../consult/consult-factory.js";
import { landBook } from "../../registration/registration-factory.js";
import type { FuzzWorld, IdKind } from "./fuzz-world.js";

const sentence = fc.constantFrom("Missing the site plan", "Submitted twice", "We are sorry for the delay.", "Can my neighbour build on the shared boundary?", "Handed over at the counter");
const parcel = landBook.parcels[0]!;

/** Which kind of record an ID argument names, from the root field and argument names. */
function idKindOf(fieldName: string, argumentName: string): IdKind | undefined {
  if (argumentName === "dossierId") return "Dossier";
  if (argumentName === "slotId") return "ConsultSlot";
  if (argumentName !== "id") return undefined;
  if (/dossier/i.test(fieldName)) return "Dossier";
  if (/consult/i.test(fieldName)) return "ConsultBooking";
  if (/secur|enforcement/i.test(fieldName)) return "SecurityRegistration";
  return undefined;
}

function strings(world: FuzzWorld, day: () => fc.Arbitrary<string>): Record<string, fc.Arbitrary<unknown>> {
  return {
    procedureCode: fc.constantFrom("CP-01", "CP-05", "JR-01", "SR-01"),
    branchCode: fc.constantFrom("HN-PASC-B01", "HN-PASC-B02", "HN-PASC-B12"),
    code: fc.constantFrom(...world.dossierCodes),
    dossierCode: fc.constantFrom(...world.dossierCodes),
    phoneLast4: fc.constantFrom(...world.phoneLast4),
    fullName: fc.constantFrom("Nguyen Van An", "Tran Thi Binh", "Le Thi Hoa"),
    contactName: fc.constantFrom("Nguyen Van An", "Tran Van Nam"),
    idNumber: fc.stringMatching(/^00[0-9]{10}$/),
    phone: fc.stringMatching(/^09[0-9]{8}$/),
    contactPhone: fc.stringMatching(/^09[0-9]{8}$/),
    address: fc.constantFrom("12 Hang Bai, Hoan Kiem, Ha Noi", "5 Kim Ma, Ba Dinh, Ha Noi"),
    deliveryAddress: fc.constantFrom("12 Hang Bai, Hoan Kiem, Ha Noi"),
    certificateSerial: fc.constantFrom(...world.certificateSerials),
    sha256: fc.stringMatching(/^[0-9a-f]{64}$/),
    kind: fc.constantFrom("APPLICATION_FORM", "SITE_PLAN"),
    fileName: fc.constantFrom("scan.pdf", "site-plan.jpg"),
    contentType: fc.constantFrom("application/pdf", "image/jpeg"),
    question: sentence,
    reason: sentence,
    note: sentence,
    apology: sentence,
    outcome: sentence,
    comment: sentence,
    description: fc.constantFrom("Three-storey house", "Apartment 1203"),
    idempotencyKey: fc.uuid(),
    contractNumber: fc.constantFrom("HDTD-2025-001"),
    securityContractNumber: fc.constantFrom("HDTC-2025-001"),
    currency: fc.constantFrom("VND"),
    parcelNumber: fc.constant(parcel.parcelNumber),
    mapSheetNumber: fc.constant(parcel.mapSheetNumber),
    province: fc.constant(parcel.province),
    district: fc.constant(parcel.district),
    ward: fc.constant(parcel.ward),
    landUsePurpose: fc.constant(parcel.landUsePurpose),
    entity: fc.constantFrom("dossier", "securityRegistration", "consultBooking"),
    after: fc.constantFrom(...world.cursors),
    // Instants: on the days the lawyer works, at hours that often (not always) make a valid window.
    from: day().map((d) => hanoi(d, "08:00")),
    preferredFrom: day().map((d) => hanoi(d, "08:00")),
    startsAt: fc.tuple(day(), fc.constantFrom("09:00", "10:00", "14:00")).map(([d, t]) => hanoi(d, t)),
    to: day().map((d) => hanoi(d, "17:00")),
    preferredTo: day().map((d) => hanoi(d, "17:00")),
    endsAt: fc.tuple(day(), fc.constantFrom("10:00", "11:00", "15:00")).map(([d, t]) => hanoi(d, t)),
    newDueAt: fc.integer({ min: 30, max: 400 }).map((days) => new Date(Date.now() + days * 86_400_000).toISOString()),
    contractDate: fc.constantFrom("2025-05-30", "2024-12-31"),
    securityContractDate: fc.constantFrom("2025-05-30"),
    amount: fc.constantFrom("1500000000", "250000000.50"),
  };
}

const numbers: Record<string, fc.Arbitrary<number>> = {
  first: fc.integer({ min: 0, max: 100 }),
  score: fc.integer({ min: 1, max: 5 }),
  sizeBytes: fc.integer({ min: 1, max: 20_971_520 }),
  expectedVersion: fc.integer({ min: 1, max: 8 }),
  afterSequence: fc.integer({ min: 0, max: 6 }),
  areaM2: fc.double({ min: 20, max: 500, noNaN: true }),
};

export class PlausibleValues {
  private readonly byName: Record<string, fc.Arbitrary<unknown>>;

  constructor(private readonly world: FuzzWorld) {
    this.byName = { ...strings(world, () => fc.constantFrom(...world.slotDays)), ...numbers };
  }

  /** A plausible value for a leaf named `name` of `type`, in an argument of root field `fieldName`. */
  leaf(type: GraphQLScalarType | GraphQLEnumType, name: string, fieldName: string): fc.Arbitrary<unknown> {
    if (type instanceof GraphQLEnumType) return fc.constantFrom(...type.getValues().map((v) => v.name));
    if (type.name === "ID") return this.id(idKindOf(fieldName, name));
    const named = this.byName[name];
    if (named) return named;
    switch (type.name) {
      case "Int":
        return fc.integer({ min: 0, max: 10 });
      case "Float":
        return fc.double({ min: 0, max: 1000, noNaN: true });
      case "Boolean":
        return fc.boolean();
      case "DateTime":
        return fc.constantFrom(...this.world.slotDays).map((d) => hanoi(d, "09:00"));
      case "LocalDate":
        return fc.constant("2025-05-30");
      case "Decimal":
        return fc.constant("1500000000");
      default:
        return fc.string({ maxLength: 20 });
    }
  }

  /** A real id of the kind named, mostly; sometimes a real id of another kind. */
  id(kind: IdKind | undefined): fc.Arbitrary<string> {
    const all = Object.values(this.world.ids).flat();
    const own = kind ? this.world.ids[kind] : all;
    return fc.oneof({ arbitrary: fc.constantFrom(...own), weight: 5 }, { arbitrary: fc.constantFrom(...all), weight: 1 });
  }
}

import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, ID, Info, Int, Mutation, Query, Resolver } from "type-graphql";
import { Allow, Public } from "../../auth/access.js";
import type { DossierRelation } from "../../services/dossier/index.js";
import type { DossierStatus } from "../../services/dossier/dossier.transitions.js";
import { DossierStatusEnum } from "../../schema/dossier/dossier.enums.js";
import { DossierFilter, SubmitDossierInput } from "../../schema/dossier/dossier.input.js";
import { Dossier, DossierConnection, DossierTracking, ServiceStatistics } from "../../schema/dossier/dossier.type.js";
import { idOf } from "../../schema/node.js";
import { DateTimeScalar } from "../../schema/scalars.js";
import type { HubContext } from "../context.js";
import { selectedFields } from "../selection.js";
import { dossierColumns, timelineColumns } from "./dossier-fields.resolver.js";

/** Dossier fields whose rows `dossier(id, code)` and `dossiers` read with the dossiers, in one statement, when they are selected. */
const RELATION_FIELDS: ReadonlyArray<[string, DossierRelation]> = [
  ["timeline", "events"],
  ["securityRegistration", "registration"],
  ["consultations", "bookings"],
];

const relationsSelected = (info: GraphQLResolveInfo, path?: readonly string[]) => {
  const selected = selectedFields(info, path);
  return new Set(RELATION_FIELDS.filter(([field]) => selected.has(field)).map(([, relation]) => relation));
};

@Resolver()
export class DossierResolver {
  @Allow("ANY_ROLE")
  @Query(() => Dossier, { nullable: true })
  dossier(
    @Arg("id", () => ID, { nullable: true }) id: string | null,
    @Arg("code", () => String, { nullable: true }) code: string | null,
    @Ctx() { caller, services, loaders }: HubContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    const prefetch = { relations: relationsSelected(info), eventColumns: timelineColumns(info, ["timeline"]), loaders };
    return services.dossier.dossiers.find(caller!, { id: id ? idOf("Dossier", id) : null, code: code ?? null }, prefetch);
  }

  @Allow("ANY_ROLE")
  @Query(() => DossierConnection)
  dossiers(
    @Arg("filter", () => DossierFilter, { nullable: true }) filter: DossierFilter | null,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() { caller, services, loaders }: HubContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    const prefetch = {
      columns: dossierColumns(info, ["nodes"]),
      relations: relationsSelected(info, ["nodes"]),
      eventColumns: timelineColumns(info, ["nodes", "timeline"]),
      loaders,
    };
    return services.dossier.dossiers.search(caller!, filter, first, after, prefetch);
  }

  @Public()
  @Query(() => DossierTracking, { nullable: true, description: "Public: needs no token. Null unless both match." })
  trackDossier(
    @Arg("code", () => String) code: string,
    @Arg("phoneLast4", () => String) phoneLast4: string,
    @Ctx() { services }: HubContext,
  ) {
    return services.dossier.tracking.track(code, phoneLast4);
  }

  @Allow("CENTER_STAFF", "ADMIN")
  @Query(() => ServiceStatistics, { description: "The center's quality figures for dossiers received in [from, to)." })
  serviceStatistics(
    @Arg("from", () => DateTimeScalar) from: Date,
    @Arg("to", () => DateTimeScalar) to: Date,
    @Arg("branchCode", () => String, { nullable: true }) branchCode: string | null,
    @Ctx() { services }: HubContext,
  ) {
    return services.dossier.dossiers.statistics(from, to, branchCode);
  }

  @Allow("CITIZEN", "POST_CLERK", "CENTER_STAFF")
  @Mutation(() => Dossier)
  submitDossier(@Arg("input", () => SubmitDossierInput) input: SubmitDossierInput, @Ctx() { caller, services }: HubContext) {
    return services.dossier.dossiers.submit(caller!, input);
  }

  @Allow("POST_CLERK", "CENTER_STAFF")
  @Mutation(() => Dossier, {
    description: "A post clerk or center staff member accepts the dossier at a branch: sets receivedAt and dueAt.",
  })
  receiveDossier(
    @Arg("id", () => ID) id: string,
    @Arg("branchCode", () => String) branchCode: string,
    @Ctx() { caller, services }: HubContext,
  ) {
    return services.dossier.dossiers.receive(caller!, idOf("Dossier", id), branchCode);
  }

  @Allow("CITIZEN", "POST_CLERK", "CENTER_STAFF")
  @Mutation(() => Dossier)
  transitionDossier(
    @Arg("id", () => ID) id: string,
    @Arg("to", () => DossierStatusEnum) to: DossierStatus,
    @Arg("note", () => String, { nullable: true }) note: string | null,
    @Arg("expectedVersion", () => Int, { nullable: true }) expectedVersion: number | null,
    @Ctx() { caller, services }: HubContext,
  ) {
    return services.dossier.dossiers.transition(caller!, idOf("Dossier", id), to, note, expectedVersion);
  }

  @Allow("CITIZEN", "CENTER_STAFF")
  @Mutation(() => Dossier)
  withdrawDossier(@Arg("id", () => ID) id: string, @Arg("reason", () => String) reason: string, @Ctx() { caller, services }: HubContext) {
    return services.dossier.dossiers.withdraw(caller!, idOf("Dossier", id), reason);
  }

  @Allow("CENTER_STAFF")
  @Mutation(() => Dossier, { description: "A late dossier: record the apology and the new appointment date." })
  rescheduleDossier(
    @Arg("id", () => ID) id: string,
    @Arg("newDueAt", () => DateTimeScalar) newDueAt: Date,
    @Arg("apology", () => String) apology: string,
    @Ctx() { caller, services }: HubContext,
  ) {
    return services.dossier.dossiers.reschedule(caller!, idOf("Dossier", id), newDueAt, apology);
  }

  @Public()
  @Mutation(() => Boolean, { description: "Public: the applicant rates the service once a dossier is returned; score 1..5." })
  rateService(
    @Arg("code", () => String) code: string,
    @Arg("phoneLast4", () => String) phoneLast4: string,
    @Arg("score", () => Int) score: number,
    @Arg("comment", () => String, { nullable: true }) comment: string | null,
    @Ctx() { services }: HubContext,
  ) {
    return services.dossier.tracking.rate(code, phoneLast4, score, comment);
  }
}

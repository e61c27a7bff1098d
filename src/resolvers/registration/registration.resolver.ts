import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, ID, Info, Int, Mutation, Query, Resolver } from "type-graphql";
import { Allow } from "../../auth/access.js";
import { idOf } from "../../schema/node.js";
import {
  AmendSecurityInput,
  RegisterSecurityInput,
  SecurityRegistrationFilter,
} from "../../schema/registration/registration.input.js";
import { LandParcel, SecurityRegistration, SecurityRegistrationConnection } from "../../schema/registration/registration.type.js";
import type { RegistrationReadAhead } from "../../services/registration/index.js";
import type { HubContext } from "../context.js";
import { dossierColumns } from "../dossier/dossier-fields.resolver.js";
import { registrationColumns } from "./registration-fields.resolver.js";
import { selectedFields } from "../selection.js";

/** Readers of registrations; the service narrows a bank officer to their own bank (and a partner app to the registry). */
const READERS = ["BANK_OFFICER", "CENTER_STAFF", "ADMIN", "PARTNER_APP"] as const;

/** Fields of a registration (named as the read-ahead is) that a page reads in its own statement when they are selected. */
const READ_AHEAD: readonly RegistrationReadAhead[] = ["dossier", "history"];

@Resolver()
export class RegistrationResolver {
  @Allow(...READERS)
  @Query(() => SecurityRegistration, { nullable: true })
  securityRegistration(@Arg("id", () => ID) id: string, @Ctx() { caller, services }: HubContext) {
    return services.registration.registrations.get(caller!, idOf("SecurityRegistration", id));
  }

  @Allow(...READERS)
  @Query(() => SecurityRegistrationConnection)
  securityRegistrations(
    @Arg("filter", () => SecurityRegistrationFilter, { nullable: true }) filter: SecurityRegistrationFilter | null,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() { caller, services, loaders }: HubContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    const selected = selectedFields(info, ["nodes"]);
    const parts = new Set(READ_AHEAD.filter((part) => selected.has(part)));
    const readAhead = {
      parts,
      columns: registrationColumns(info, ["nodes"]),
      dossierColumns: dossierColumns(info, ["nodes", "dossier"]),
      loaders,
    };
    return services.registration.registrations.search(caller!, filter, first, after, readAhead);
  }

  @Allow(...READERS)
  @Query(() => LandParcel, { nullable: true, description: "The parcel as the land registry knows it, with its encumbrances." })
  landParcel(@Arg("certificateSerial", () => String) certificateSerial: string, @Ctx() { caller, services, loaders }: HubContext) {
    return services.registration.registrations.landParcel(caller!, certificateSerial, loaders.landParcel);
  }

  @Allow("BANK_OFFICER")
  @Mutation(() => SecurityRegistration)
  registerSecurity(
    @Arg("input", () => RegisterSecurityInput) input: RegisterSecurityInput,
    @Arg("idempotencyKey", () => String) idempotencyKey: string,
    @Ctx() { caller, services }: HubContext,
  ) {
    return services.registration.lodging.register(caller!, input, idempotencyKey);
  }

  @Allow("BANK_OFFICER")
  @Mutation(() => SecurityRegistration)
  amendSecurityRegistration(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => AmendSecurityInput) input: AmendSecurityInput,
    @Arg("idempotencyKey", () => String) idempotencyKey: string,
    @Ctx() { caller, services }: HubContext,
  ) {
    return services.registration.lodging.amend(caller!, idOf("SecurityRegistration", id), input, idempotencyKey);
  }

  @Allow("BANK_OFFICER")
  @Mutation(() => SecurityRegistration)
  deregisterSecurity(
    @Arg("id", () => ID) id: string,
    @Arg("reason", () => String) reason: string,
    @Arg("idempotencyKey", () => String) idempotencyKey: string,
    @Ctx() { caller, services }: HubContext,
  ) {
    return services.registration.lodging.deregister(caller!, idOf("SecurityRegistration", id), reason, idempotencyKey);
  }

  @Allow("BANK_OFFICER")
  @Mutation(() => SecurityRegistration)
  correctSecurityRegistration(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => AmendSecurityInput) input: AmendSecurityInput,
    @Arg("idempotencyKey", () => String) idempotencyKey: string,
    @Ctx() { caller, services }: HubContext,
  ) {
    return services.registration.lodging.correct(caller!, idOf("SecurityRegistration", id), input, idempotencyKey);
  }

  @Allow("BANK_OFFICER")
  @Mutation(() => SecurityRegistration)
  registerEnforcementNotice(
    @Arg("id", () => ID) id: string,
    @Arg("note", () => String) note: string,
    @Arg("idempotencyKey", () => String) idempotencyKey: string,
    @Ctx() { caller, services }: HubContext,
  ) {
    return services.registration.lodging.enforce(caller!, idOf("SecurityRegistration", id), note, idempotencyKey);
  }
}

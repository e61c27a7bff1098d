/**
 * Every resolver of the served schema, and the one way to build it (server, schema emitter, tests).
 */
import { isAbstractType, type GraphQLSchema } from "graphql";
import { buildSchema, type NonEmptyArray } from "type-graphql";
import { authChecker } from "../auth/access.js";
import { AuditEntryFieldsResolver, AuditResolver } from "./audit/audit.resolver.js";
import { DossierEventsResolver } from "./dossier/dossier-events.resolver.js";
import { DossierEventFieldsResolver, DossierFieldsResolver } from "./dossier/dossier-fields.resolver.js";
import { DossierResolver } from "./dossier/dossier.resolver.js";
import {
  DeliveryFieldsResolver,
  DocumentFieldsResolver,
  DossierDeliveryFieldsResolver,
  DossierTrackingDeliveryResolver,
} from "./delivery/delivery-fields.resolver.js";
import { DeliveryResolver } from "./delivery/delivery.resolver.js";
import { NodeResolver } from "./node.resolver.js";
import { ConsultEventsResolver } from "./consult/consult-events.resolver.js";
import {
  ConsultBookingFieldsResolver,
  ConsultSlotFieldsResolver,
  DossierConsultationsResolver,
  LawyerFieldsResolver,
  ViewerLawyerResolver,
} from "./consult/consult-fields.resolver.js";
import { ConsultResolver } from "./consult/consult.resolver.js";
import {
  BranchFieldsResolver,
  OrganizationFieldsResolver,
  PartnerResolver,
  ProcedureFieldsResolver,
} from "./partner/partner.resolver.js";
import {
  DossierRegistrationFieldResolver,
  EncumbranceFieldsResolver,
  LandParcelFieldsResolver,
  SecurityRegistrationFieldsResolver,
} from "./registration/registration-fields.resolver.js";
import { RegistrationEventsResolver } from "./registration/registration-events.resolver.js";
import { RegistrationResolver } from "./registration/registration.resolver.js";
import { WebhookDeliveryFieldsResolver, WebhookEndpointFieldsResolver, WebhookResolver } from "./webhook/webhook.resolver.js";

const resolvers: NonEmptyArray<Function> = [
  NodeResolver,
  PartnerResolver,
  OrganizationFieldsResolver,
  BranchFieldsResolver,
  ProcedureFieldsResolver,
  DossierResolver,
  DossierFieldsResolver,
  DossierEventFieldsResolver,
  DossierEventsResolver,
  RegistrationResolver,
  SecurityRegistrationFieldsResolver,
  LandParcelFieldsResolver,
  EncumbranceFieldsResolver,
  DossierRegistrationFieldResolver,
  RegistrationEventsResolver,
  ConsultResolver,
  LawyerFieldsResolver,
  ConsultSlotFieldsResolver,
  ConsultBookingFieldsResolver,
  DossierConsultationsResolver,
  ViewerLawyerResolver,
  ConsultEventsResolver,
  DeliveryResolver,
  DossierDeliveryFieldsResolver,
  DossierTrackingDeliveryResolver,
  DocumentFieldsResolver,
  DeliveryFieldsResolver,
  AuditResolver,
  AuditEntryFieldsResolver,
  WebhookResolver,
  WebhookEndpointFieldsResolver,
  WebhookDeliveryFieldsResolver,
];

/**
 * type-graphql insists on a PubSub when a schema has subscriptions, but every subscription here
 * brings its own `subscribe` (the relay's pull streams), so this one must never be used.
 */
const unusedPubSub = {
  publish: () => {
    throw new Error("Publish through the EventRelay, not type-graphql's PubSub");
  },
  subscribe: () => {
    throw new Error("Subscriptions use their own subscribe functions");
  },
};

let built: Promise<GraphQLSchema> | undefined;

/** The schema is the same for every hub in a process; build it once. */
export function buildHubSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({ resolvers, authChecker, validate: false, pubSub: unusedPubSub }).then(withTypenameResolution);
  return built;
}

/**
 * type-graphql wraps every `resolveType` in an async function; graphql-jit (the HTTP executor)
 * takes the type name synchronously. Every abstract type here resolves by `__typename` (`node`
 * sets it), so that is read directly, and anything else still goes to type-graphql's.
 */
function withTypenameResolution(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isAbstractType(type) || !type.resolveType) continue;
    const resolveType = type.resolveType;
    type.resolveType = (value, ...rest) => {
      const typename = (value as { __typename?: unknown } | null)?.__typename;
      return typeof typename === "string" ? typename : resolveType(value, ...rest);
    };
  }
  return schema;
}

import { Field, ID, InterfaceType, ObjectType } from "type-graphql";
import { badInput } from "../errors.js";
import { encodeGlobalId } from "../global-id.js";

/**
 * Global object ids: base64url of `<Type>:<uuid>`, opaque to clients, so `node(id)` knows
 * which table to look in and ids of different types never collide.
 */
export type NodeTypeName =
  | "Organization"
  | "Branch"
  | "Procedure"
  | "Dossier"
  | "Document"
  | "SecurityRegistration"
  | "Lawyer"
  | "ConsultSlot"
  | "ConsultBooking"
  | "WebhookEndpoint"
  | "WebhookDelivery";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function toGlobalId(type: NodeTypeName, id: string): string {
  return encodeGlobalId(type, id);
}

export function parseGlobalId(globalId: string): { type: string; id: string } | null {
  if (globalId.length > 200) return null;
  const [type, id] = Buffer.from(globalId, "base64url").toString("utf8").split(":");
  return type && id && UUID.test(id) ? { type, id } : null;
}

/** The uuid behind a global id of the expected type; BAD_USER_INPUT naming `field` otherwise. */
export function idOf(type: NodeTypeName, globalId: string, field = "id"): string {
  const parsed = parseGlobalId(globalId);
  if (!parsed || parsed.type !== type) throw badInput(field, `${field} is not the id of a ${type}`);
  return parsed.id;
}

@InterfaceType({ resolveType: (value: { __typename?: string }) => value.__typename })
export abstract class Node {
  @Field(() => ID)
  id!: string;
}

@ObjectType({ simpleResolvers: true })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

/**
 * The API's object ids: base64url of `<Type>:<uuid>`. Here, below every layer, because the ids
 * leave the hub in two ways: through GraphQL (src/schema/node.ts) and in webhook payloads, which
 * name things by the ids a receiver then asks the API about.
 */
export function encodeGlobalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`).toString("base64url");
}

/**
 * SQL expressions that make PostgreSQL write the hub's JSON itself: global ids (base64url of
 * `<Type>:<uuid>`, as src/schema/node.ts), instants as JavaScript's toISOString, masked numbers
 * (src/services/masking.ts). Interpolated into the ceiling's statements as text, never with input.
 */
export const globalId = (type: string, column: string) =>
  `rtrim(translate(encode(convert_to('${type}:' || ${column}::text, 'UTF8'), 'base64'), E'+/\\n', '-_'), '=')`;

export const instant = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export const localDate = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;

export const masked = (column: string, visible: number) =>
  `case when length(${column}) <= ${visible} then repeat('*', length(${column}))
        else repeat('*', length(${column}) - ${visible}) || right(${column}, ${visible}) end`;

/** `DossierEvent.actorRole`: SYSTEM is not a role of the contract and shows as null. */
export const actorRole = (column: string) => `nullif(${column}::text, 'SYSTEM')`;

import { registerEnumType } from "type-graphql";

/** A GraphQL enum whose values are the strings of a readonly tuple (the same strings the database stores). */
export function graphqlEnum<const T extends readonly string[]>(name: string, values: T, description?: string) {
  const enumObject = Object.fromEntries(values.map((v) => [v, v])) as { [K in T[number]]: K };
  registerEnumType(enumObject, { name, description });
  return enumObject;
}

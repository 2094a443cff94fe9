/** OData SimpleIdentifier (CSDL): a letter or `_`, then letters, digits, marks, connectors; ≤ 128 chars. */
const SIMPLE_IDENTIFIER = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}\p{Cf}]{0,127}$/u;
const NOT_IDENTIFIER_CHAR = /[^\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}\p{Cf}]+/gu;

export function isSimpleIdentifier(name: string): boolean {
  return SIMPLE_IDENTIFIER.test(name);
}

/** A valid SimpleIdentifier for any Postgres name: invalid characters become `_`. */
export function toIdentifier(name: string): string {
  let result = name.replace(NOT_IDENTIFIER_CHAR, '_');
  if (!/^[\p{L}\p{Nl}_]/u.test(result)) result = `_${result}`;
  return result.slice(0, 128);
}

/** `order_items` → `OrderItems`, `products` → `Products`, `Weird name` → `WeirdName`. */
export function toPascalCase(name: string): string {
  const words = name.split(/[^\p{L}\p{Nl}\p{Nd}]+/u).filter((word) => word.length > 0);
  const joined = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
  return toIdentifier(joined.length > 0 ? joined : name);
}

/** An English singular for an entity type name: `Categories` → `Category`, `Products` → `Product`. */
export function toSingular(name: string): string {
  if (/[^aeiou]ies$/i.test(name)) return `${name.slice(0, -3)}y`;
  if (/(ss|x|z|ch|sh)es$/i.test(name)) return name.slice(0, -2);
  if (/[^su]s$/i.test(name)) return name.slice(0, -1);
  return name;
}

/** Returns `name`, or `name_2`, `name_3`… (or `name2`… with an empty `separator`), whichever is not yet in `taken`; adds it to `taken`. */
export function claimName(name: string, taken: Set<string>, separator = '_'): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate); n += 1) candidate = `${name}${separator}${n}`;
  taken.add(candidate);
  return candidate;
}

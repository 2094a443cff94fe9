/**
 * A member name of a body object, split at its `@`: the property it annotates (`''` for an
 * annotation of the object itself, the whole name for a plain property) and the annotation term,
 * `null` for a plain property.
 */
export interface BodyMemberName {
  readonly property: string;
  readonly annotation: string | null;
}

/**
 * Splits `category@odata.bind`, `@odata.type`, `@Ns.term#q` and `name`. OData 4.01 lets clients
 * leave out the `odata.` prefix of control information (`@type`, `nav@bind`); a term without a
 * namespace gets it back, so callers compare with `odata.type`, `odata.bind`, `odata.id` only.
 */
export function splitMemberName(name: string): BodyMemberName {
  const at = name.indexOf('@');
  if (at < 0) return { property: name, annotation: null };
  const term = name.slice(at + 1);
  return { property: name.slice(0, at), annotation: term.includes('.') ? term : `odata.${term}` };
}

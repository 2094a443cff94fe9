import type { EdmEntitySet, EdmProperty } from '../model/edm-model.js';
import { integerToGuid } from '../model/integer-guid.js';

/** A key value (as Postgres writes it as text) as it appears in a URL, percent-encoded. */
function keyLiteral(property: EdmProperty, text: string): string {
  if (property.type.kind === 'enum') return encodeURIComponent(`${property.type.qualifiedName}'${text}'`);
  switch (property.type.name) {
    case 'Edm.String':
      return encodeURIComponent(`'${text.replaceAll("'", "''")}'`);
    case 'Edm.Binary':
      return `binary'${Buffer.from(text.replace(/^\\x/, ''), 'hex').toString('base64url')}'`;
    case 'Edm.DateTimeOffset':
      return encodeURIComponent(text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00').replace(/\+00:00$/, 'Z'));
    default:
      return encodeURIComponent(text);
  }
}

/** The canonical URL of an entity relative to the service root: `Products(6f1c…)`, `OrderLines(order_id=1,line_no=2)`. */
export function entityPath(set: EdmEntitySet, key: Readonly<Record<string, string>>): string {
  const properties = (set.entityType.key ?? []).map((name) => set.entityType.properties.find((property) => property.name === name) as EdmProperty);
  const literal = (property: EdmProperty): string => {
    const text = key[property.column] ?? '';
    return property.representation?.kind === 'guidOfInteger' ? integerToGuid(property.representation.prefix, text) : keyLiteral(property, text);
  };
  if (properties.length === 1) return `${set.name}(${literal(properties[0] as EdmProperty)})`;
  return `${set.name}(${properties.map((property) => `${property.name}=${literal(property)}`).join(',')})`;
}

import type { EdmEntitySet, EdmEntityType, EdmModel, EdmPrimitiveName, EdmProperty } from './edm-model.js';
import { claimName } from './edm-names.js';
import { integerGuidPrefix } from './integer-guid.js';

/** The longest text Dataverse keeps in a column of a virtual table. */
export const DATAVERSE_MAX_LENGTH = 4000;

/** The column a table with a text or composite key gives Dataverse as its Guid key. */
export const SURROGATE_GUID_COLUMN = 'odata_guid';

/** How a set's key becomes the Edm.Guid key Dataverse maps; `configured`: a uuid column the model config names. */
export type GuidKeyStrategy = 'uuid' | 'integer' | 'surrogate' | 'configured';

/** Something of the model the Dataverse profile cannot map as it is: a set left out, a column left out or changed. */
export interface DataverseProblem {
  readonly entitySet: string;
  /** The property concerned; absent when the whole set is. */
  readonly property?: string;
  readonly message: string;
}

export interface DataverseSetPlan {
  readonly entitySet: string;
  readonly strategy: GuidKeyStrategy;
  /** The Edm.Guid key property. */
  readonly key: string;
  /** The text property Dataverse should use as the primary name; null when the set has none. */
  readonly primaryName: string | null;
}

export interface DataverseProfile {
  readonly model: EdmModel;
  readonly sets: readonly DataverseSetPlan[];
  readonly problems: readonly DataverseProblem[];
}

const INTEGER_KEY_TYPES = new Set<EdmPrimitiveName>(['Edm.Byte', 'Edm.SByte', 'Edm.Int16', 'Edm.Int32', 'Edm.Int64']);

/** The EDM types Dataverse's OData v4 provider maps, and what the others become. */
const MAPPED_TYPES: Readonly<Record<EdmPrimitiveName, EdmPrimitiveName | 'text' | null>> = {
  'Edm.Boolean': 'Edm.Boolean',
  'Edm.DateTimeOffset': 'Edm.DateTimeOffset',
  'Edm.Decimal': 'Edm.Decimal',
  'Edm.Double': 'Edm.Double',
  'Edm.Guid': 'Edm.Guid',
  'Edm.Int32': 'Edm.Int32',
  'Edm.Int64': 'Edm.Int64',
  'Edm.String': 'Edm.String',
  'Edm.Byte': 'Edm.Int32',
  'Edm.SByte': 'Edm.Int32',
  'Edm.Int16': 'Edm.Int32',
  'Edm.Single': 'Edm.Double',
  'Edm.Date': 'Edm.DateTimeOffset',
  'Edm.TimeOfDay': 'text',
  'Edm.Duration': 'text',
  'Edm.Binary': null,
};

const PRIMARY_NAME_CANDIDATES = ['name', 'title', 'label', 'displayname', 'display_name', 'subject', 'code', 'sku'];

function primitiveName(property: EdmProperty): EdmPrimitiveName | null {
  return property.type.kind === 'primitive' ? property.type.name : null;
}

/** A property as Dataverse sees it, or the reason it is left out. */
function mapProperty(property: EdmProperty): EdmProperty | string {
  if (property.collection) return 'is a collection, which Dataverse cannot map: left out';
  const name = primitiveName(property);
  const text = (): EdmProperty => ({ ...property, type: { kind: 'primitive', name: 'Edm.String' }, textFallback: true, maxLength: DATAVERSE_MAX_LENGTH });
  if (name === null) return text();
  const mapped = MAPPED_TYPES[name];
  if (mapped === null) return `is ${name}, which Dataverse cannot map: left out`;
  if (mapped === 'text') return text();
  const changed: EdmProperty = { ...property, type: { kind: 'primitive', name: mapped } };
  if (name === 'Edm.Date') return { ...changed, representation: { kind: 'instantOfDate' } };
  if (mapped === 'Edm.String' && (property.maxLength === undefined || property.maxLength > DATAVERSE_MAX_LENGTH)) {
    return { ...changed, maxLength: DATAVERSE_MAX_LENGTH };
  }
  return changed;
}

function typeWords(property: EdmProperty): string {
  return property.type.kind === 'enum' ? 'an enumeration' : property.type.name;
}

/** Notes on a property the profile changed: its type, or a length Dataverse caps. */
function changeNotes(before: EdmProperty, after: EdmProperty): string[] {
  const notes: string[] = [];
  const from = before.type.kind === 'primitive' ? before.type.name : null;
  const to = after.type.kind === 'primitive' ? after.type.name : null;
  if (before.type.kind === 'enum' || (from !== to && to === 'Edm.String')) notes.push(`is ${typeWords(before)}: served as its text (Edm.String)`);
  else if (from === 'Edm.Date') notes.push('is Edm.Date: served as Edm.DateTimeOffset at midnight UTC, and written so');
  if (from === 'Edm.String' && !before.textFallback && (before.maxLength === undefined || before.maxLength > DATAVERSE_MAX_LENGTH)) {
    notes.push(`has no length limit of ${DATAVERSE_MAX_LENGTH} characters or less: declared MaxLength ${DATAVERSE_MAX_LENGTH}; a longer value fails in Dataverse`);
  }
  return notes;
}

function keyProperty(set: EdmEntitySet): EdmProperty | null {
  const key = set.entityType.key;
  if (key?.length !== 1) return null;
  return set.entityType.properties.find((property) => property.name === key[0]) ?? null;
}

function isUniqueUuid(set: EdmEntitySet, property: EdmProperty): boolean {
  return primitiveName(property) === 'Edm.Guid' && !property.nullable && set.entityType.alternateKeys.some((key) => key.length === 1 && key[0] === property.name);
}

/** The primary name: the first text property among the usual names, else the first not-null text property, else any text property. */
function primaryNameOf(type: EdmEntityType, key: string): string | null {
  const texts = type.properties.filter((property) => property.name !== key && primitiveName(property) === 'Edm.String' && !property.textFallback);
  const named = PRIMARY_NAME_CANDIDATES.map((candidate) => texts.find((property) => property.name.toLowerCase() === candidate)).find((found) => found !== undefined);
  return (named ?? texts.find((property) => !property.nullable) ?? texts[0])?.name ?? null;
}

interface Profiled {
  readonly set: EdmEntitySet;
  readonly plan: DataverseSetPlan;
}

/** One set with its Guid key and mapped properties, or null with the reason in `problems`. */
function profileSet(set: EdmEntitySet, problems: DataverseProblem[]): Profiled | null {
  // A column's problems are told only for a set that is served; a set left out is told once.
  const columnProblems: DataverseProblem[] = [];
  const problem = (message: string, property?: string): void => {
    (property === undefined ? problems : columnProblems).push({ entitySet: set.name, ...(property === undefined ? {} : { property }), message });
  };
  if (set.entityType.key === null) {
    problem('has no key: Dataverse needs one, so the set is left out');
    return null;
  }
  const properties: EdmProperty[] = [];
  for (const property of set.entityType.properties) {
    const mapped = mapProperty(property);
    if (typeof mapped === 'string') {
      problem(mapped, property.name);
      continue;
    }
    for (const note of changeNotes(property, mapped)) problem(note, property.name);
    properties.push(mapped);
  }
  const native = keyProperty(set);
  const nativeType = native === null ? null : primitiveName(native);
  let strategy: GuidKeyStrategy;
  let key: string;
  let alternateKeys = set.entityType.alternateKeys;
  const configured = set.guidKey === undefined ? undefined : properties.find((property) => property.name === set.guidKey);
  if (configured !== undefined && configured !== native) {
    strategy = 'configured';
    key = configured.name;
    alternateKeys = [set.entityType.key, ...alternateKeys.filter((candidate) => !(candidate.length === 1 && candidate[0] === configured.name))];
  } else if (native !== null && nativeType === 'Edm.Guid') {
    strategy = 'uuid';
    key = native.name;
  } else if (native !== null && nativeType !== null && INTEGER_KEY_TYPES.has(nativeType)) {
    strategy = 'integer';
    key = claimName(`${set.entityType.name}Id`, new Set([...properties.map((property) => property.name), ...set.entityType.navigationProperties.map((navigation) => navigation.name)]));
    const prefix = integerGuidPrefix(set.table.schema, set.table.name);
    properties.unshift({ ...native, name: key, type: { kind: 'primitive', name: 'Edm.Guid' }, computed: true, hasDefault: true, representation: { kind: 'guidOfInteger', prefix } });
    alternateKeys = [[native.name], ...alternateKeys];
  } else {
    const surrogate = properties.find((property) => property.column === SURROGATE_GUID_COLUMN && isUniqueUuid(set, property));
    if (surrogate === undefined) {
      problem(`has a ${native === null ? 'composite' : 'text'} key: it needs a not-null, unique uuid column ${SURROGATE_GUID_COLUMN} as its Guid key, so the set is left out`);
      return null;
    }
    strategy = 'surrogate';
    key = surrogate.name;
    // Its trigger fills it from the key (odata-facade dataverse-keys): a body never gives it.
    properties.splice(properties.indexOf(surrogate), 1, { ...surrogate, computed: true, hasDefault: true });
    alternateKeys = [set.entityType.key, ...alternateKeys.filter((candidate) => !(candidate.length === 1 && candidate[0] === surrogate.name))];
  }
  const names = new Set(properties.map((property) => property.name));
  const entityType: EdmEntityType = {
    ...set.entityType,
    properties,
    key: [key],
    alternateKeys: alternateKeys.filter((candidate) => candidate.every((name) => names.has(name))),
  };
  const primaryName = primaryNameOf(entityType, key);
  problems.push(...columnProblems);
  if (primaryName === null) problem('has no text property to serve as the primary name column');
  return {
    set: { ...set, entityType: primaryName === null ? entityType : { ...entityType, primaryName }, searchable: set.searchable.filter((name) => names.has(name)) },
    plan: { entitySet: set.name, strategy, key, primaryName },
  };
}

/**
 * The model as the Dataverse OData v4 Data Provider can map it (DESIGN.md decision 3): every set
 * keyed by an Edm.Guid (a uuid key as it is, an integer key as the Guid that encodes it, a text
 * or composite key by its surrogate uuid column), only the eight EDM types Dataverse maps, text
 * declared at most 4,000 characters. What cannot be mapped is left out and said in `problems`.
 * `caseInsensitiveText` makes its `$filter` compare text case-insensitively (`EdmModel.caseInsensitiveText`).
 */
export function dataverseProfile(model: EdmModel, options: { readonly caseInsensitiveText?: boolean } = {}): DataverseProfile {
  const problems: DataverseProblem[] = [];
  const profiled = model.entitySets.flatMap((set) => profileSet(set, problems) ?? []);
  const kept = new Set(profiled.map(({ set }) => set.name));
  const entitySets = profiled.map(({ set }) => ({
    ...set,
    entityType: { ...set.entityType, navigationProperties: set.entityType.navigationProperties.filter((navigation) => kept.has(navigation.targetSet)) },
  }));
  const caseInsensitiveText = options.caseInsensitiveText === true ? { caseInsensitiveText: true } : {};
  return { model: { ...model, entitySets, ...caseInsensitiveText }, sets: profiled.map(({ plan }) => plan), problems };
}

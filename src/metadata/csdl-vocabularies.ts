import type { EdmModel } from '../model/edm-model.js';

/** An OASIS vocabulary the documents refer to, with its alias and the URIs of both formats. */
export interface VocabularyReference {
  readonly namespace: string;
  readonly alias: string;
  readonly xmlUri: string;
  readonly jsonUri: string;
}

const vocabularyBase = 'https://oasis-tcs.github.io/odata-vocabularies/vocabularies/';

function oasisVocabulary(namespace: string, alias: string): VocabularyReference {
  return {
    namespace,
    alias,
    xmlUri: `${vocabularyBase}${namespace}.xml`,
    jsonUri: `${vocabularyBase}${namespace}.json`,
  };
}

export const coreVocabulary = oasisVocabulary('Org.OData.Core.V1', 'Core');
export const capabilitiesVocabulary = oasisVocabulary('Org.OData.Capabilities.V1', 'Capabilities');

/** `Core.Computed`, `Capabilities.InsertRestrictions`: a term qualified by the vocabulary alias. */
export function termName(vocabulary: VocabularyReference, term: string): string {
  return `${vocabulary.alias}.${term}`;
}

/** What `Core.Description` says of the term that marks an estimated `@odata.count`. */
export const countIsEstimateDescription =
  "The response's @odata.count is the database planner's estimate, not an exact count of the matching rows";

/** What `Core.Description` says of the term that names an entity type's primary name property. */
export const primaryNameDescription = 'The text property that names an entity: the primary name column of a Dataverse virtual table';

/** A Capabilities restriction term and the Boolean property that is `false` on read-only sets. */
export interface ReadOnlyRestriction {
  readonly term: string;
  readonly property: string;
}

export const readOnlyRestrictions: readonly ReadOnlyRestriction[] = [
  { term: termName(capabilitiesVocabulary, 'InsertRestrictions'), property: 'Insertable' },
  { term: termName(capabilitiesVocabulary, 'UpdateRestrictions'), property: 'Updatable' },
  { term: termName(capabilitiesVocabulary, 'DeleteRestrictions'), property: 'Deletable' },
];

/** `Capabilities.ChangeTracking`: on a change-tracked set, what a delta request may filter on and expand. */
export const changeTrackingTerm = termName(capabilitiesVocabulary, 'ChangeTracking');

/**
 * The vocabularies a model's documents reference: Core always, Capabilities only when a set
 * carries restrictions (read-only sets) or change tracking.
 */
export function vocabularyReferences(model: EdmModel): readonly VocabularyReference[] {
  const usesCapabilities = model.entitySets.some((entitySet) => entitySet.readOnly || entitySet.changeTracking !== null);
  return usesCapabilities ? [coreVocabulary, capabilitiesVocabulary] : [coreVocabulary];
}

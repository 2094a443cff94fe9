import type { EdmEntitySet, EdmModel } from '../model/edm-model.js';

/** What binding an expression needs: the model, the entity set in scope and its SQL alias. */
export interface BindScope {
  readonly model: EdmModel;
  readonly entitySet: EdmEntitySet;
  readonly alias: string;
  /** The query option being bound (`$filter`, `$orderby`), used as the error target. */
  readonly target: string;
}

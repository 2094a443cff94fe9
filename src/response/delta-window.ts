import type { Row } from '../db/row-source.js';
import { deltaLinkExpired } from '../plan/delta-token.js';

/** 410 when the delta statement found its window unanswerable (its `gone` column: `untracked` or `pruned`). */
export function checkDeltaWindow(row: Row | undefined): void {
  const gone = row?.['gone'];
  if (gone === 'pruned') throw deltaLinkExpired('The changes since this delta link were pruned from the change log');
  if (gone === 'untracked') throw deltaLinkExpired('The changes since this delta link were not all recorded: change tracking was off for a while');
}

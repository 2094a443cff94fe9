import type { DeepPage } from './find-deep-page.js';
import type { RequestSpec } from './run-load.js';

/** A floor route of `floor-server.ts` to compare the service's request with. */
export interface FloorVariant {
  /** Empty for the only floor of a scenario; otherwise what tells this one apart (`offset`, `keyset`). */
  readonly label: string;
  readonly request: RequestSpec;
}

export interface Scenario {
  /** How the targets section names it: `(a)`, `(f) page 500`. */
  readonly short: string;
  readonly title: string;
  readonly service: RequestSpec;
  readonly floors: readonly FloorVariant[];
}

export interface ScenarioInputs {
  readonly pointIds: readonly string[];
  readonly deepPage: DeepPage;
}

export const SERVICE_ROOT = '/odata';
export const DEEP_PAGE = 500;
export const DEEP_PAGE_SIZE = 100;
/** Page 1 of the paging scenario, where the nextLinks to page 500 start. */
export const PAGED_PATH = `${SERVICE_ROOT}/Products`;
export const PAGED_HEADERS: Readonly<Record<string, string>> = { prefer: `odata.maxpagesize=${DEEP_PAGE_SIZE}` };

const NO_HEADERS: Readonly<Record<string, string>> = {};

/** A service URL as written in the brief, spaces percent-encoded. */
function service(resource: string, query = ''): RequestSpec {
  const path = `${SERVICE_ROOT}/${resource}${query === '' ? '' : `?${query.replaceAll(' ', '%20')}`}`;
  return { paths: [path], headers: NO_HEADERS };
}

function floor(route: string, label = ''): FloorVariant {
  return { label, request: { paths: [`/${route}`], headers: NO_HEADERS } };
}

const FILTERED = '$select=sku,name,price&$filter=price gt 100 and discontinued eq false&$orderby=price desc&$top=50';

/** The scenarios in the order they run; the service's real URLs, the floor's equivalent SQL. */
export function buildScenarios(inputs: ScenarioInputs): Scenario[] {
  return [
    { short: '(a)', title: '(a) filter + orderby + top 50, 3 columns', service: service('Products', FILTERED), floors: [floor('top50')] },
    {
      short: '(b)',
      title: `(b) point read by key (${inputs.pointIds.length} keys)`,
      service: { paths: inputs.pointIds.map((id) => `${SERVICE_ROOT}/Products(${id})`), headers: NO_HEADERS },
      floors: [{ label: '', request: { paths: inputs.pointIds.map((id) => `/by-key?id=${id}`), headers: NO_HEADERS } }],
    },
    { short: '(c)', title: '(c) page of 5,000 rows × 5 columns', service: service('Products', '$select=id,sku,name,price,quantity'), floors: [floor('page-5000x5')] },
    { short: '(d)', title: '(d) 1,000 rows × all columns', service: service('Products', '$top=1000'), floors: [floor('page-1000-all')] },
    { short: '(e)', title: '(e) filter + $count=true, top 50', service: service('Products', `${FILTERED}&$count=true`), floors: [floor('top50-count')] },
    {
      short: '(f) page 1',
      title: `(f) page 1 at page size ${DEEP_PAGE_SIZE}`,
      service: { paths: [PAGED_PATH], headers: PAGED_HEADERS },
      floors: [floor('page-1')],
    },
    {
      short: `(f) page ${DEEP_PAGE}`,
      title: `(f) page ${DEEP_PAGE} at page size ${DEEP_PAGE_SIZE}`,
      service: { paths: [inputs.deepPage.path], headers: PAGED_HEADERS },
      floors: [floor('page-500-offset', 'offset'), { label: 'keyset', request: { paths: [`/page-500-keyset?after=${inputs.deepPage.afterId}`], headers: NO_HEADERS } }],
    },
    {
      short: '(g)',
      title: '(g) $expand products under 20 categories',
      service: service('Categories', '$top=20&$expand=products($select=sku,price)'),
      floors: [floor('expand')],
    },
  ];
}

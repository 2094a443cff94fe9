import type { NextPage } from '../plan/read-plan.js';

function optionName(pair: string): string {
  const rawName = pair.split('=', 1)[0] ?? '';
  let name: string;
  try {
    name = decodeURIComponent(rawName);
  } catch {
    name = rawName;
  }
  return name.toLowerCase().replace(/^\$/, '');
}

/**
 * The URL of the next page: the request's own URL with every option kept as sent, and `$skip`
 * and `$top` replaced by where the next page starts and what remains of the client's `$top`.
 */
export function formatNextLink(serviceRoot: string, resourcePath: string, rawQuery: string, next: NextPage): string {
  const kept = rawQuery
    .split('&')
    .filter((pair) => pair.length > 0)
    .filter((pair) => {
      const name = optionName(pair);
      return name !== 'skip' && name !== 'top';
    });
  kept.push(`$skip=${next.skip}`);
  if (next.top !== undefined) kept.push(`$top=${next.top}`);
  return `${serviceRoot}/${resourcePath}?${kept.join('&')}`;
}

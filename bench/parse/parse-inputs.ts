/** One request as it reaches `parseRequest`: path relative to the service root, raw query string. */
export interface ParseInput {
  readonly name: string;
  readonly path: string;
  readonly query: string;
}

/** Spaces as a browser or `fetch` sends them; the other characters of these inputs go as typed. */
function encodeSpaces(text: string): string {
  return text.replaceAll(' ', '%20');
}

function input(name: string, path: string, query: string): ParseInput {
  return { name, path, query: encodeSpaces(query) };
}

/** Dataverse-style requests over the demo model: select lists, paging, string functions, dates, counts. */
export const typicalInputs: readonly ParseInput[] = [
  input('active page', 'Products', "$select=name,sku,price,quantity&$filter=discontinued eq false&$orderby=name asc&$top=50"),
  input('search by name', 'Products', "$select=name,price&$filter=contains(name,'widget') and price gt 10.5&$orderby=price desc&$count=true"),
  input('sku prefix, paged', 'Products', "$filter=startswith(sku,'SKU-00') and category_id eq 3&$top=25&$skip=50"),
  input('date window', 'Products', '$select=id,name,created&$filter=created ge 2024-01-01T00:00:00Z and created lt 2024-07-01T00:00:00Z&$orderby=created desc'),
  input('arithmetic, or', 'Products', '$select=name,price,cost,quantity&$filter=(price sub cost) gt 5 and quantity le 10 or discontinued eq true'),
  input('null checks', 'Products', "$filter=supplier_id ne null and description eq null and weight_kg gt 0.5&$orderby=supplier_id,name&$top=100"),
  input('date parts', 'Products', '$filter=year(release_date) eq 2023 and month(release_date) ge 6&$select=name,release_date'),
  input('string functions', 'Categories', "$select=id,name&$filter=tolower(name) eq 'tools' or endswith(description,'kit') or length(name) gt 20"),
  input('suppliers by rating', 'Suppliers', "$filter=rating ge 4 and country eq 'DE' and not contains(email,'example')&$orderby=rating desc,name&$top=10"),
  input('entity by key', 'Products(6f1c3b2e-9a8d-4c6e-b1f2-3a4b5c6d7e8f)', '$select=name,price,modified'),
  input('count', 'Products/$count', '$filter=discontinued eq true and quantity lt 5'),
  input('in list', 'Products', '$filter=category_id in (1,2,3,5,8) and price le 99.99&$select=name,category_id'),
  input('parameter alias', 'Products', '$filter=price gt @low and price lt @high&@low=10&@high=20'),
  input('cast', 'Products', '$select=name,quantity&$filter=cast(quantity,Edm.Int64) gt 100 and round(price) eq 10'),
  input('divby (4.01)', 'Products', '$filter=(price divby quantity) gt 1.5 and quantity gt 0&$orderby=price'),
];

/** A deterministic Guid per index (a multiplicative hash spread over 32 hex digits). */
function guidFor(index: number): string {
  let hex = '';
  let state = (index + 1) * 2654435761;
  while (hex.length < 32) {
    state = Math.imul(state ^ (state >>> 15), 2246822519) >>> 0;
    hex += state.toString(16).padStart(8, '0');
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** `id eq <guid> or id eq <guid> …` until the filter text (before percent-encoding) reaches `bytes`. */
export function keyOrChain(bytes: number): ParseInput {
  const terms: string[] = [];
  let length = -' or '.length;
  for (let index = 0; length < bytes; index++) {
    const term = `id eq ${guidFor(index)}`;
    terms.push(term);
    length += term.length + ' or '.length;
  }
  return input(`${Math.round(length / 1024)} KB key or-chain (${terms.length} terms)`, 'Products', `$filter=${terms.join(' or ')}`);
}

/**
 * The words of the connector definition: Power Platform shows summaries as titles (sentence case,
 * at most 80 characters, no closing punctuation) and descriptions as help text (full sentences).
 */

const SUMMARY_MAX = 80;

/** `category_id` → `category id`, `unitPrice` → `unit price`, `AuditLog` → `audit log`, `HTTPCode` → `http code`. */
export function humanWords(name: string): string {
  return name
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .map((word) => word.toLowerCase())
    .join(' ');
}

/** The first letter upper case, the rest as given. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A title for a property or parameter: `category_id` → `Category id`. */
export function titleOf(name: string): string {
  const words = humanWords(name);
  return capitalize(words.length > 0 ? words : name);
}

/** A summary: sentence case, whole words up to 80 characters, no closing punctuation. */
export function summaryOf(text: string): string {
  let summary = capitalize(text.trim());
  if (summary.length > SUMMARY_MAX) {
    const cut = summary.slice(0, SUMMARY_MAX + 1);
    const space = cut.lastIndexOf(' ');
    summary = space > 0 ? cut.slice(0, space) : summary.slice(0, SUMMARY_MAX);
  }
  return summary.replace(/[\s.!?,;:]+$/u, '');
}

/** A description: ends with a period. */
export function sentence(text: string): string {
  const trimmed = capitalize(text.trim());
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** `a product`, `an audit log`. */
export function withArticle(words: string): string {
  return `${/^[aeiou]/i.test(words) ? 'an' : 'a'} ${words}`;
}

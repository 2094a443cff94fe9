export type Alignment = 'left' | 'right';

export interface TableColumn {
  readonly header: string;
  readonly align: Alignment;
}

function pad(text: string, width: number, align: Alignment): string {
  return align === 'left' ? text.padEnd(width) : text.padStart(width);
}

/** A Markdown table padded to column width, so it reads the same in a terminal and in a `.md` file. */
export function formatMarkdownTable(columns: readonly TableColumn[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((column, index) => Math.max(column.header.length, 3, ...rows.map((row) => (row[index] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    `| ${columns.map((column, index) => pad(cells[index] ?? '', widths[index] as number, column.align)).join(' | ')} |`;
  const rule = `|${columns.map((column, index) => {
    const dashes = '-'.repeat((widths[index] as number) + 1);
    return column.align === 'right' ? `${dashes}:` : `:${dashes}`;
  }).join('|')}|`;
  return [line(columns.map((column) => column.header)), rule, ...rows.map(line)].join('\n');
}

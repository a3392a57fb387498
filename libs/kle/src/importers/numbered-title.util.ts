import { normalizeKleNumber } from '../kle-number';

export interface NumberedTitle {
  /** The number as written (`15. 00`, `4`). */
  readonly written: string;
  /** Its canonical form, or undefined when what is written is no valid KLE number (`4`). */
  readonly nummer: string | undefined;
  readonly titel: string;
}

/**
 * Up to three segments (the first one or two digits wide, as in `4.`), taken whole — never stopping
 * short of a following `.NN` segment — then a dot and/or white space, then the title.
 */
const NUMBERED_TITLE = /^\s*(\d{1,2}(?:\s*\.\s*\d{2}){0,2})(?!\s*\.\s*\d{2}\b)\s*(?:\.\s*|\s+)(\S[\s\S]*)$/;

/**
 * Splits a cell that holds a KLE number and its title together, as spreadsheets write them:
 * `32.24.04. Hjælp til forsørgelse (kontanthjælp mv.)`, `15. 00. Organisering …`, `4. Uddannelse`.
 * Undefined when the cell does not start with a number.
 */
export function splitNumberedTitle(cell: string): NumberedTitle | undefined {
  const match = NUMBERED_TITLE.exec(cell);
  if (match === null) return undefined;
  const written = (match[1] ?? '').trim();
  return { written, nummer: normalizeKleNumber(written), titel: collapseWhitespace(match[2] ?? '') };
}

export function collapseWhitespace(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

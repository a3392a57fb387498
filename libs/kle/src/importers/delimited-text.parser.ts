import { KleImportError } from '../kle-catalogue.error';

export interface DelimitedRecord {
  /** 1-based line on which the record starts (a quoted field may span several lines). */
  readonly line: number;
  readonly fields: readonly string[];
}

/**
 * Splits RFC 4180-style delimited text into records: fields in double quotes may hold the delimiter,
 * line breaks and doubled quotes (`""`). Accepts LF and CRLF, drops a UTF-8 byte-order mark and skips
 * records that are entirely empty.
 */
export function parseDelimitedText(text: string, delimiter: string): DelimitedRecord[] {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new KleImportError(`Unsupported delimiter ${JSON.stringify(delimiter)}`);
  }
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: DelimitedRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;

  const endField = (): void => {
    fields.push(field);
    field = '';
  };
  const endRecord = (): void => {
    endField();
    if (fields.length > 1 || fields[0] !== '') records.push({ line: recordLine, fields });
    fields = [];
    recordLine = line;
  };

  for (let i = 0; i < source.length; i += 1) {
    const char = source.charAt(i);
    if (quoted) {
      if (char === '"') {
        if (source.charAt(i + 1) === '"') {
          field += '"';
          i += 1;
        } else {
          quoted = false;
        }
      } else {
        if (char === '\n') line += 1;
        field += char;
      }
      continue;
    }
    if (char === '"' && field === '') {
      quoted = true;
      quoteLine = line;
    } else if (char === delimiter) {
      endField();
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source.charAt(i + 1) === '\n') i += 1;
      line += 1;
      endRecord();
    } else {
      field += char;
    }
  }
  if (quoted) throw new KleImportError(`Unterminated quoted field starting on line ${quoteLine}`);
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

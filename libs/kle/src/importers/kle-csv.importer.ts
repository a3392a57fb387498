import { KleCatalogue, type KleNode } from '../kle-catalogue';
import { KleImportError } from '../kle-catalogue.error';
import { isEmneNr, levelOf } from '../kle-number';
import { parseDelimitedText } from './delimited-text.parser';
import { splitNumberedTitle } from './numbered-title.util';

export interface KleCsvImportOptions {
  /** Version of the resulting catalogue; defaults to `csv`. */
  readonly version?: string;
  /** Field delimiter; defaults to `;`. */
  readonly delimiter?: string;
}

export interface KleCsvImportResult {
  readonly catalogue: KleCatalogue;
  /** Quirks met and how they were resolved, one line each (deduplicated). */
  readonly warnings: readonly string[];
}

const HOVEDGRUPPE_COLUMNS = ['kle hovedgruppe', 'hovedgruppe'];
const GRUPPE_COLUMNS = ['kle gruppe', 'gruppe'];
const EMNE_COLUMNS = ['kle niveau 3', 'kle emne', 'emne'];

/** `… [udgår 2025]`: KL will retire the emne in that year. */
const RETIREMENT_SUFFIX = /\s*\[\s*udg[åa]r\s+(\d{4})\s*\]\s*$/iu;
/** A cut-off suffix such as `… i almindelighed [`. */
const DANGLING_BRACKET = /\s*\[\s*$/u;

/**
 * Reads a semicolon-separated KLE list in which each row names an emne and its hovedgruppe and gruppe,
 * each cell holding number and title together (`32.24.04. Hjælp til forsørgelse (kontanthjælp mv.)`),
 * as in KL's mapping of GDPR processing activities to KLE. Emner are deduplicated; hovedgruppe and
 * gruppe nodes are derived from the emne number, their titles taken from the columns when those agree
 * with the number. `[udgår YYYY]` marks an emne as retired on YYYY-12-31 and is cut from its title.
 */
export function importKleCsv(csv: string, options: KleCsvImportOptions = {}): KleCatalogue {
  return importKleCsvWithWarnings(csv, options).catalogue;
}

export function importKleCsvWithWarnings(csv: string, options: KleCsvImportOptions = {}): KleCsvImportResult {
  const records = parseDelimitedText(csv, options.delimiter ?? ';');
  const [header, ...rows] = records;
  if (header === undefined) throw new KleImportError('The KLE CSV is empty');
  const columns = header.fields.map((name) => name.replace(/\s+/g, ' ').trim().toLowerCase());
  const emneColumn = findColumn(columns, EMNE_COLUMNS);
  if (emneColumn === undefined) {
    throw new KleImportError(
      `The KLE CSV has no emne column (one of: ${EMNE_COLUMNS.join(', ')}); header: ${header.fields.join(';')}`,
    );
  }
  const hovedgruppeColumn = findColumn(columns, HOVEDGRUPPE_COLUMNS);
  const gruppeColumn = findColumn(columns, GRUPPE_COLUMNS);

  const warnings = new Set<string>();
  const titles = new TitleVotes();
  const retirements = new Map<string, string>();
  const emner = new Set<string>();

  for (const { line, fields } of rows) {
    const emneCell = fields[emneColumn] ?? '';
    const emne = splitNumberedTitle(emneCell);
    if (emne === undefined || emne.nummer === undefined || !isEmneNr(emne.nummer)) {
      warnings.add(`line ${line}: skipped, no emne number in ${JSON.stringify(emneCell.trim())}`);
      continue;
    }
    const nummer = emne.nummer;
    emner.add(nummer);
    const { titel, udgaaet, truncated } = cleanEmneTitle(emne.titel);
    if (truncated) warnings.add(`${nummer}: cut-off "[" removed from the title`);
    if (udgaaet !== undefined) retirements.set(nummer, udgaaet);
    titles.vote(nummer, titel, 'primary');

    const hovedgruppe = nummer.slice(0, 2);
    const gruppe = nummer.slice(0, 5);
    if (hovedgruppeColumn !== undefined) {
      readParentCell(
        fields[hovedgruppeColumn] ?? '',
        { hovedgruppe, gruppe, emne: nummer, column: 'hovedgruppe' },
        titles,
        warnings,
      );
    }
    if (gruppeColumn !== undefined) {
      readParentCell(
        fields[gruppeColumn] ?? '',
        { hovedgruppe, gruppe, emne: nummer, column: 'gruppe' },
        titles,
        warnings,
      );
    }
  }

  const numbers = new Set<string>();
  for (const nummer of emner) {
    numbers.add(nummer.slice(0, 2));
    numbers.add(nummer.slice(0, 5));
    numbers.add(nummer);
  }
  const nodes: KleNode[] = [];
  for (const nummer of numbers) {
    const level = levelOf(nummer);
    if (level === undefined) continue;
    const titel = titles.best(nummer);
    if (titel === undefined) warnings.add(`${nummer}: no title in any row, left empty`);
    const udgaaet = retirements.get(nummer);
    nodes.push({ nummer, level, titel: titel ?? '', ...(udgaaet === undefined ? {} : { udgaaet }) });
  }
  return { catalogue: new KleCatalogue(nodes, options.version ?? 'csv'), warnings: [...warnings] };
}

interface RowContext {
  readonly hovedgruppe: string;
  readonly gruppe: string;
  readonly emne: string;
  readonly column: 'hovedgruppe' | 'gruppe';
}

/**
 * A hovedgruppe or gruppe cell counts for the node its number names when that node lies above the
 * row's emne. A number that is no KLE number (`4. Uddannelse` in a row for 54.18.00) gives only a
 * fallback title for the column's own level; a number of another branch is ignored.
 */
function readParentCell(cell: string, row: RowContext, titles: TitleVotes, warnings: Set<string>): void {
  if (cell.trim() === '') {
    warnings.add(`${row.emne}: empty ${row.column} cell, ${row.column} derived from the emne number`);
    return;
  }
  const parsed = splitNumberedTitle(cell);
  if (parsed === undefined) {
    warnings.add(`${row.emne}: ${row.column} cell ${JSON.stringify(cell.trim())} has no number, ignored`);
    return;
  }
  const own = row.column === 'hovedgruppe' ? row.hovedgruppe : row.gruppe;
  if (parsed.nummer === own) {
    titles.vote(own, parsed.titel, 'primary');
  } else if (parsed.nummer === row.hovedgruppe || parsed.nummer === row.gruppe) {
    titles.vote(parsed.nummer, parsed.titel, 'fallback');
    warnings.add(`${row.column} cell "${parsed.written}. ${parsed.titel}" names ${parsed.nummer}; used as its title`);
  } else if (parsed.nummer === row.emne) {
    warnings.add(
      `${row.column} cell "${parsed.written}. ${parsed.titel}" names the emne itself; ${own} derived from the emne number`,
    );
  } else if (parsed.nummer === undefined) {
    titles.vote(own, parsed.titel, 'fallback');
    warnings.add(
      `${row.column} cell "${parsed.written}. ${parsed.titel}" is no KLE number; ${own} derived from the emne number`,
    );
  } else {
    warnings.add(`${row.column} cell "${parsed.written}. ${parsed.titel}" does not match emne ${row.emne}; ignored`);
  }
}

function cleanEmneTitle(raw: string): { titel: string; udgaaet?: string; truncated: boolean } {
  const retirement = RETIREMENT_SUFFIX.exec(raw);
  if (retirement !== null) {
    return { titel: raw.slice(0, retirement.index).trim(), udgaaet: `${retirement[1]}-12-31`, truncated: false };
  }
  if (DANGLING_BRACKET.test(raw)) return { titel: raw.replace(DANGLING_BRACKET, '').trim(), truncated: true };
  return { titel: raw.trim(), truncated: false };
}

function findColumn(columns: readonly string[], names: readonly string[]): number | undefined {
  for (const name of names) {
    const index = columns.indexOf(name);
    if (index >= 0) return index;
  }
  return undefined;
}

/** Most frequent title per number (first seen wins a tie); fallback titles only count when no row agreed. */
class TitleVotes {
  private readonly primary = new Map<string, Map<string, number>>();
  private readonly fallback = new Map<string, Map<string, number>>();

  vote(nummer: string, titel: string, weight: 'primary' | 'fallback'): void {
    if (titel === '') return;
    const table = weight === 'primary' ? this.primary : this.fallback;
    const counts = table.get(nummer) ?? new Map<string, number>();
    counts.set(titel, (counts.get(titel) ?? 0) + 1);
    table.set(nummer, counts);
  }

  best(nummer: string): string | undefined {
    return mostFrequent(this.primary.get(nummer)) ?? mostFrequent(this.fallback.get(nummer));
  }
}

function mostFrequent(counts: ReadonlyMap<string, number> | undefined): string | undefined {
  let best: string | undefined;
  let bestCount = 0;
  for (const [titel, count] of counts ?? []) {
    if (count > bestCount) {
      best = titel;
      bestCount = count;
    }
  }
  return best;
}

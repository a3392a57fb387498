import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { KleCatalogue, type KleNode } from '../kle-catalogue';
import { KleImportError } from '../kle-catalogue.error';
import { normalizeKleNumber, type KleLevel } from '../kle-number';
import { collapseWhitespace } from './numbered-title.util';

export interface KleXmlImportOptions {
  /** Used when the document carries no UdgivelsesDato. */
  readonly version?: string;
}

type XmlRecord = Readonly<Record<string, unknown>>;

/** Element name → level; each element holds `<Name>Nr`, `<Name>Titel`, `<Name>AdministrativInfo`, `UUID`. */
const NODE_ELEMENTS: ReadonlyMap<string, KleLevel> = new Map([
  ['Hovedgruppe', 'hovedgruppe'],
  ['Gruppe', 'gruppe'],
  ['Emne', 'emne'],
  ['Handlingsfacet', 'handlingsfacet'],
]);

/** Elements that may repeat; parsed as arrays even when a document has only one. */
const REPEATABLE = new Set([
  ...NODE_ELEMENTS.keys(),
  'HandlingsfacetKategori',
  'Historisk',
  'Flyttet',
  'AfloestAf',
  'RettetDato',
]);

/** Guidance texts are XHTML; they are not needed and not parsed. */
const NOT_PARSED = ['*.VejledningTekst'];

/** Elements that never contain nodes; the walk does not descend into them. */
const LEAF_SUFFIXES = ['Stikord', 'Vejledning', 'RetskildeReference', 'Filter', 'AdministrativInfo'];

const ISO_DATE_PREFIX = /^(\d{4}-\d{2}-\d{2})/;

/**
 * Reads KL's XML publication of the emneplan — KLE-Emneplan 2.0 and the REST "fuld" 1.3 variant — and
 * KL's handlingsfacet list. Namespaces and prefixes are ignored, a single child is read like a list of
 * one, and nodes are found wherever they nest. Retirement: `…AdministrativInfo/Historisk/UdgaaetDato`;
 * a move: `…/Historisk/Flyttet` with a `FlyttetDato` and the replacing number(s) (`AfloestAf`, or any
 * other child holding a KLE number).
 */
export function importKleXml(xml: string, options: KleXmlImportOptions = {}): KleCatalogue {
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    throw new KleImportError(`Not well-formed XML (line ${validation.err.line}): ${validation.err.msg}`);
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    stopNodes: NOT_PARSED,
    isArray: (tagName, _path, _isLeafNode, isAttribute) => !isAttribute && REPEATABLE.has(tagName),
  });
  const document: unknown = parser.parse(xml);
  const root = rootElement(document);
  if (root === undefined) throw new KleImportError('The XML document has no root element');

  const nodes = new Map<string, KleNode>();
  walk(root, (element, level) => {
    const node = toNode(element, level);
    const existing = nodes.get(node.nummer);
    if (existing === undefined || prefer(node, existing)) nodes.set(node.nummer, node);
  });
  if (nodes.size === 0) {
    throw new KleImportError('No Hovedgruppe, Gruppe, Emne or Handlingsfacet found: not a KLE publication');
  }
  const version = attribute(root, 'UdgivelsesDato') ?? text(root, 'UdgivelsesDato') ?? options.version ?? 'unknown';
  return new KleCatalogue(nodes.values(), version);
}

function walk(value: unknown, visit: (element: XmlRecord, level: KleLevel) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit);
    return;
  }
  if (!isRecord(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (key.startsWith('@_') || LEAF_SUFFIXES.some((suffix) => key.endsWith(suffix))) continue;
    const level = NODE_ELEMENTS.get(key);
    if (level !== undefined) {
      for (const element of asArray(child)) if (isRecord(element)) visit(element, level);
    }
    walk(child, visit);
  }
}

function toNode(element: XmlRecord, level: KleLevel): KleNode {
  const prefix = elementNameOf(level);
  const written = text(element, `${prefix}Nr`) ?? '';
  const nummer = normalizeKleNumber(written);
  if (nummer === undefined) throw new KleImportError(`${prefix}Nr "${written}" is not a KLE number`);
  const info = firstRecord(element[`${prefix}AdministrativInfo`]) ?? firstRecord(element['AdministrativInfo']) ?? {};
  const historik = asArray(info['Historisk']).filter(isRecord);
  const moves = historik.flatMap((entry) => asArray(entry['Flyttet'])).filter(isRecord);

  const oprettet = date(text(info, 'OprettetDato'));
  const rettet = latest(asArray(info['RettetDato']).map((value) => date(textOf(value))));
  const udgaaet = earliest([
    ...historik.map((entry) => date(text(entry, 'UdgaaetDato'))),
    ...moves.map((move) => date(text(move, 'FlyttetDato'))),
  ]);
  const afloestAf = unique([
    ...moves.flatMap((move) => numbersIn(move)),
    ...historik.flatMap((entry) => numbersIn(entry['AfloestAf'])),
    ...numbersIn(info['AfloestAf']),
  ]).filter((target) => target !== nummer);
  const uuid = text(element, 'UUID');

  return {
    nummer,
    level,
    titel: collapseWhitespace(text(element, `${prefix}Titel`) ?? ''),
    ...(uuid === undefined ? {} : { uuid: uuid.toLowerCase() }),
    ...(oprettet === undefined ? {} : { oprettet }),
    ...(rettet === undefined ? {} : { rettet }),
    ...(udgaaet === undefined ? {} : { udgaaet }),
    ...(afloestAf.length === 0 ? {} : { afloestAf }),
  };
}

/** When a number occurs twice, the node still in use wins, then the one with a title. */
function prefer(candidate: KleNode, existing: KleNode): boolean {
  const retired = (node: KleNode): boolean => node.udgaaet !== undefined || (node.afloestAf?.length ?? 0) > 0;
  if (retired(existing) !== retired(candidate)) return retired(existing);
  return existing.titel === '' && candidate.titel !== '';
}

/** Every KLE number under a value, skipping dates and attributes (a move's targets). */
function numbersIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => numbersIn(item));
  if (isRecord(value)) {
    if ('#text' in value) return numbersIn(value['#text']);
    return Object.entries(value)
      .filter(([key]) => !key.startsWith('@_') && !key.endsWith('Dato') && !key.endsWith('Titel'))
      .flatMap(([, child]) => numbersIn(child));
  }
  if (typeof value !== 'string') return [];
  const nummer = normalizeKleNumber(value);
  return nummer === undefined ? [] : [nummer];
}

function elementNameOf(level: KleLevel): string {
  for (const [name, candidate] of NODE_ELEMENTS) if (candidate === level) return name;
  throw new KleImportError(`No element for level ${level}`);
}

function rootElement(document: unknown): XmlRecord | undefined {
  if (!isRecord(document)) return undefined;
  for (const [key, value] of Object.entries(document)) {
    if (key.startsWith('?') || key.startsWith('#')) continue;
    const element = firstRecord(value);
    if (element !== undefined) return element;
  }
  return undefined;
}

function attribute(element: XmlRecord, name: string): string | undefined {
  return textOf(element[`@_${name}`]);
}

function text(element: XmlRecord, name: string): string | undefined {
  return textOf(asArray(element[name])[0]);
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isRecord(value)) return textOf(value['#text']);
  return undefined;
}

function date(value: string | undefined): string | undefined {
  return value === undefined ? undefined : ISO_DATE_PREFIX.exec(value)?.[1];
}

function earliest(values: readonly (string | undefined)[]): string | undefined {
  return values.filter((value): value is string => value !== undefined).sort()[0];
}

function latest(values: readonly (string | undefined)[]): string | undefined {
  return values
    .filter((value): value is string => value !== undefined)
    .sort()
    .at(-1);
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function firstRecord(value: unknown): XmlRecord | undefined {
  return asArray(value).find(isRecord);
}

function asArray(value: unknown): readonly unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function isRecord(value: unknown): value is XmlRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

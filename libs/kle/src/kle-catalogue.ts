import { KleCatalogueError } from './kle-catalogue.error';
import {
  ancestorNumbersOf,
  compareKleNumbers,
  isKleNumber,
  levelOf,
  normalizeKleNumber,
  parentOf,
  type KleLevel,
} from './kle-number';

/**
 * One node of the KLE hierarchy (hovedgruppe, gruppe, emne) or a handlingsfacet.
 * Dates are calendar dates `YYYY-MM-DD`.
 */
export interface KleNode {
  readonly nummer: string;
  readonly level: KleLevel;
  readonly uuid?: string;
  readonly titel: string;
  /** OprettetDato: when KL created the node. */
  readonly oprettet?: string;
  /** RettetDato: the latest correction. */
  readonly rettet?: string;
  /** UdgaaetDato (or FlyttetDato): the first day the node is no longer to be used. */
  readonly udgaaet?: string;
  /** "Flyttet → afløst af": the numbers that replace this node, in KL's order. */
  readonly afloestAf?: readonly string[];
}

/** What delivery validation needs from a catalogue. */
export interface KleCatalogueLookup {
  exists(nr: string): boolean;
  isRetired(nr: string): boolean;
  replacementFor(nr: string): string | undefined;
}

export interface KleMove {
  readonly nummer: string;
  readonly afloestAf: readonly string[];
  readonly udgaaet?: string;
}

export interface KleRetitle {
  readonly nummer: string;
  readonly from: string;
  readonly to: string;
}

/** Changes from one catalogue version to another; every list is sorted by number. */
export interface KleCatalogueDiff {
  readonly fromVersion: string;
  readonly toVersion: string;
  /** New and in use in the newer version. */
  readonly added: readonly string[];
  /** Retired in the newer version but not in the older one (moves included). */
  readonly retired: readonly string[];
  /** Nodes that the newer version says are replaced by others (new or changed "afløst af"). */
  readonly moved: readonly KleMove[];
  /** In the older version and gone from the newer one without a retirement record. */
  readonly removed: readonly string[];
  readonly retitled: readonly KleRetitle[];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * An immutable KLE catalogue of one published version. Every look-up accepts loosely written numbers
 * (`15. 17. 06.`) and answers as for the canonical number.
 */
export class KleCatalogue implements KleCatalogueLookup {
  readonly version: string;
  private readonly byNummer: ReadonlyMap<string, KleNode>;
  private readonly childrenByParent: ReadonlyMap<string, readonly KleNode[]>;
  private readonly sorted: readonly KleNode[];

  constructor(nodes: Iterable<KleNode>, version: string) {
    if (version.trim() === '')
      throw new KleCatalogueError('A KLE catalogue needs a version (e.g. its publication date)');
    this.version = version;

    const byNummer = new Map<string, KleNode>();
    for (const node of nodes) {
      const frozen = freezeNode(node);
      if (byNummer.has(frozen.nummer)) throw new KleCatalogueError(`KLE ${frozen.nummer} appears more than once`);
      byNummer.set(frozen.nummer, frozen);
    }
    this.byNummer = byNummer;
    this.sorted = Object.freeze([...byNummer.values()].sort((a, b) => compareKleNumbers(a.nummer, b.nummer)));

    const children = new Map<string, KleNode[]>();
    for (const node of this.sorted) {
      const parent = parentOf(node.nummer);
      if (parent === undefined) continue;
      const siblings = children.get(parent) ?? [];
      siblings.push(node);
      children.set(parent, siblings);
    }
    this.childrenByParent = children;
  }

  /** Number of nodes of every level, retired ones included. */
  get size(): number {
    return this.byNummer.size;
  }

  get(nr: string): KleNode | undefined {
    const nummer = normalizeKleNumber(nr);
    return nummer === undefined ? undefined : this.byNummer.get(nummer);
  }

  /** True when the number is in this catalogue at all — retired numbers exist too. */
  exists(nr: string): boolean {
    return this.get(nr) !== undefined;
  }

  titleOf(nr: string): string | undefined {
    return this.get(nr)?.titel;
  }

  /** Direct children (gruppe → emner, hovedgruppe → grupper); without a number, the hovedgrupper. */
  children(nr?: string): readonly KleNode[] {
    if (nr === undefined) return this.byLevel('hovedgruppe');
    const nummer = normalizeKleNumber(nr);
    return nummer === undefined ? [] : (this.childrenByParent.get(nummer) ?? []);
  }

  /** The nodes above a number that this catalogue holds, hovedgruppe first. */
  ancestors(nr: string): readonly KleNode[] {
    return ancestorNumbersOf(nr)
      .map((nummer) => this.byNummer.get(nummer))
      .filter((node): node is KleNode => node !== undefined);
  }

  /**
   * Whether a number is retired: it, or a node above it, has an udgået date — on or before `at` when
   * given, at any date otherwise — or is "flyttet" (replaced) without a date. Unknown numbers are not
   * retired; ask `exists` first.
   */
  isRetired(nr: string, at?: string | Date): boolean {
    const node = this.get(nr);
    if (node === undefined) return false;
    const day = at === undefined ? undefined : toIsoDay(at);
    return [...this.ancestors(node.nummer), node].some((candidate) => isRetiredNode(candidate, day));
  }

  /**
   * For a retired node, the first node of the same level that is not retired, following the
   * "afløst af" chain depth-first in KL's order (A → B → C when B is retired as well). Undefined when
   * the number is unknown, not retired, or the chain ends (or loops) without a usable node.
   */
  replacementFor(nr: string): string | undefined {
    const start = this.get(nr);
    if (start === undefined || !this.isRetired(start.nummer)) return undefined;
    const visited = new Set<string>([start.nummer]);
    const pending: string[] = [...(start.afloestAf ?? [])].reverse();
    for (let nummer = pending.pop(); nummer !== undefined; nummer = pending.pop()) {
      if (visited.has(nummer)) continue;
      visited.add(nummer);
      const node = this.byNummer.get(nummer);
      if (node === undefined) continue;
      if (node.level === start.level && !this.isRetired(nummer)) return nummer;
      pending.push(...[...(node.afloestAf ?? [])].reverse());
    }
    return undefined;
  }

  hovedgrupper(): readonly KleNode[] {
    return this.byLevel('hovedgruppe');
  }

  grupper(): readonly KleNode[] {
    return this.byLevel('gruppe');
  }

  /** Every emne, retired ones included, sorted by number. */
  emner(): readonly KleNode[] {
    return this.byLevel('emne');
  }

  handlingsfacetter(): readonly KleNode[] {
    return this.byLevel('handlingsfacet');
  }

  /** Every node, sorted by number (hierarchy order, then handlingsfacetter). */
  nodes(): readonly KleNode[] {
    return this.sorted;
  }

  /** What changed from this (older) version to `other` (newer). */
  diff(other: KleCatalogue): KleCatalogueDiff {
    const added: string[] = [];
    const retired: string[] = [];
    const moved: KleMove[] = [];
    const retitled: KleRetitle[] = [];
    for (const next of other.nodes()) {
      const previous = this.byNummer.get(next.nummer);
      const retiredNow = other.isRetired(next.nummer);
      if (previous === undefined && !retiredNow) added.push(next.nummer);
      if (retiredNow && (previous === undefined || !this.isRetired(next.nummer))) retired.push(next.nummer);
      const replacements = next.afloestAf ?? [];
      if (replacements.length > 0 && !sameList(replacements, previous?.afloestAf ?? [])) {
        moved.push(
          next.udgaaet === undefined
            ? { nummer: next.nummer, afloestAf: replacements }
            : { nummer: next.nummer, afloestAf: replacements, udgaaet: next.udgaaet },
        );
      }
      if (previous !== undefined && previous.titel !== next.titel) {
        retitled.push({ nummer: next.nummer, from: previous.titel, to: next.titel });
      }
    }
    const removed = this.sorted.filter((node) => !other.byNummer.has(node.nummer)).map((node) => node.nummer);
    return { fromVersion: this.version, toVersion: other.version, added, retired, moved, removed, retitled };
  }

  private byLevel(level: KleLevel): readonly KleNode[] {
    return this.sorted.filter((node) => node.level === level);
  }
}

function freezeNode(node: KleNode): KleNode {
  const { nummer } = node;
  if (!isKleNumber(nummer)) throw new KleCatalogueError(`"${nummer}" is not a canonical KLE number`);
  const level = levelOf(nummer);
  if (node.level !== level) throw new KleCatalogueError(`KLE ${nummer} is at level ${level ?? '?'}, not ${node.level}`);
  if (typeof node.titel !== 'string') throw new KleCatalogueError(`KLE ${nummer} has no title`);
  for (const field of ['oprettet', 'rettet', 'udgaaet'] as const) {
    const value = node[field];
    if (value !== undefined && !isIsoDate(value))
      throw new KleCatalogueError(`KLE ${nummer}: ${field} "${value}" is not a date YYYY-MM-DD`);
  }
  for (const target of node.afloestAf ?? []) {
    if (!isKleNumber(target))
      throw new KleCatalogueError(`KLE ${nummer}: "afløst af" ${target} is not a canonical KLE number`);
    if (target === nummer) throw new KleCatalogueError(`KLE ${nummer} cannot be replaced by itself`);
  }
  const copy: KleNode = {
    nummer,
    level: node.level,
    titel: node.titel,
    ...(node.uuid === undefined ? {} : { uuid: node.uuid }),
    ...(node.oprettet === undefined ? {} : { oprettet: node.oprettet }),
    ...(node.rettet === undefined ? {} : { rettet: node.rettet }),
    ...(node.udgaaet === undefined ? {} : { udgaaet: node.udgaaet }),
    ...(node.afloestAf === undefined ? {} : { afloestAf: Object.freeze([...node.afloestAf]) }),
  };
  return Object.freeze(copy);
}

function isRetiredNode(node: KleNode, day: string | undefined): boolean {
  if (node.udgaaet === undefined) return (node.afloestAf?.length ?? 0) > 0;
  return day === undefined || node.udgaaet <= day;
}

function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

function toIsoDay(at: string | Date): string {
  if (at instanceof Date) {
    if (Number.isNaN(at.getTime())) throw new KleCatalogueError('isRetired: invalid date');
    return at.toISOString().slice(0, 10);
  }
  const day = at.slice(0, 10);
  if (!isIsoDate(day)) throw new KleCatalogueError(`isRetired: "${at}" is not a date YYYY-MM-DD`);
  return day;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

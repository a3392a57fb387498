import { createHash } from 'node:crypto';
import { hasModulus11 } from '../cpr/cpr';
import { cprUrn } from '../cpr/party-urn';
import type { Bevilling } from '../index-objects/bevilling.schema';
import type { Party } from '../index-objects/common.schema';
import type { DeliveryItem, IndexObject, RemovedObject } from '../index-objects/delivery-item.schema';
import type { Dokument } from '../index-objects/dokument.schema';
import type { Effektuering } from '../index-objects/effektuering.schema';
import type { Sag } from '../index-objects/sag.schema';
import type { KleLookup, RuleContext } from '../rules/delivery-rules';
import type { Virkning } from '../virkning/virkning';

/**
 * Test-data factories: valid objects (they pass `validateDeliveryItem` with `aRuleContext()`), fully
 * deterministic. Each call without a `uuid` override gets the next UUID of a sequence; call
 * `resetFactorySequence()` in `beforeEach` for the same ids in every test.
 */
export const FACTORY_DEFAULTS = {
  ejerCvr: '29100001',
  fagsystem: 'fs-jobnet',
  tidspunkt: '2024-03-01T10:00:00Z',
  virkningFra: '2024-01-15T09:00:00Z',
  kle: '32.24.04',
  handlingsfacet: 'G01',
} as const;

let sequence = 0;

/** Starts the UUID sequence of the factories again. */
export function resetFactorySequence(): void {
  sequence = 0;
}

/** A deterministic UUID (SHA-1 of the name in RFC 9562 version 5 layout). */
export function syntheticUuid(name: string): string {
  const h = createHash('sha1').update(`overblik-test:${name}`).digest('hex');
  const variant = ((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16).padStart(2, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

const nextUuid = (kind: string): string => syntheticUuid(`${kind}:${++sequence}`);

/** The grant every default payment line references (`aBevilling({ uuid: DEFAULT_BEVILLING_UUID })` to create it). */
export const DEFAULT_BEVILLING_UUID = syntheticUuid('bevilling:default');

const FIRST_DAY = Date.UTC(2040, 0, 1);
/** 1 Jan 2040 to 31 Dec 2057: births that cannot have happened yet, so no real person has these numbers. */
const SYNTHETIC_DAYS = (Date.UTC(2058, 0, 1) - FIRST_DAY) / 86_400_000;
const WEIGHTS = [4, 3, 2, 7, 6, 5, 4, 3, 2] as const;

export interface SyntheticCprOptions {
  /** Only numbers whose modulus 11 holds (default: the serial follows the seed, so most fail it). */
  modulus11?: boolean;
}

/**
 * A valid CPR number (ten digits, no hyphen) made from a seed: born 2040–2057 (7th digit 5–8, so the
 * century rule gives the 2000s), a date that cannot belong to a real person today. Distinct seeds give
 * distinct numbers below 26,300,000 (2,367,000 with `modulus11`).
 */
export function aSyntheticCpr(seed: number, options: SyntheticCprOptions = {}): string {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError('seed must be a whole number ≥ 0');
  const day = new Date(FIRST_DAY + (seed % SYNTHETIC_DAYS) * 86_400_000);
  const ddmmyy = [day.getUTCDate(), day.getUTCMonth() + 1, day.getUTCFullYear() % 100]
    .map((n) => String(n).padStart(2, '0'))
    .join('');
  const rest = Math.floor(seed / SYNTHETIC_DAYS);
  if (!options.modulus11) return `${ddmmyy}${5000 + (rest % 4000)}`;
  const k = rest % 360;
  const pair = Math.floor(k / 9);
  const head = `${ddmmyy}${5 + Math.floor(pair / 10)}${pair % 10}`;
  const base = [...head].reduce((acc, d, i) => acc + Number(d) * (WEIGHTS[i] ?? 0), 0);
  const endings: string[] = [];
  for (let d9 = 0; d9 <= 9; d9++) {
    const check = (11 - ((base + 2 * d9) % 11)) % 11;
    if (check <= 9) endings.push(`${d9}${check}`);
  }
  const digits = `${head}${endings[k % 9]}`;
  if (!hasModulus11(digits)) throw new Error('synthetic CPR generation broke modulus 11');
  return digits;
}

export function aVirkning(fra: string = FACTORY_DEFAULTS.virkningFra, til?: string | null): Virkning {
  return til === undefined ? { fra } : { fra, til };
}

/** A person party on a synthetic CPR number (seed 1 unless `cprSeed` is given). */
export function aParty(overrides: Partial<Party> & { cprSeed?: number } = {}): Party {
  const { cprSeed = 1, ...rest } = overrides;
  return { urn: cprUrn(aSyntheticCpr(cprSeed)), navn: 'Test Borger', virkning: aVirkning(), ...rest };
}

function envelope<T extends IndexObject['objectType']>(objectType: T) {
  return {
    objectType,
    uuid: nextUuid(objectType),
    tidspunkt: FACTORY_DEFAULTS.tidspunkt,
    itSystem: { master: FACTORY_DEFAULTS.fagsystem, afsender: FACTORY_DEFAULTS.fagsystem },
    ejer: { cvr: FACTORY_DEFAULTS.ejerCvr },
    foelsomhed: 'FORTROLIGE_PERSONOPLYSNINGER' as const,
  };
}

/** A sag about kontanthjælp (32.24.04), Opstaaet on 15 Jan 2024, for the default citizen. */
export function aSag(overrides: Partial<Sag> = {}): Sag {
  return {
    ...envelope('sag'),
    titel: 'Ansøgning om hjælp til forsørgelse',
    sagsnummer: 'S2024-000001',
    fremdrift: [{ tilstand: 'Opstaaet', virkning: aVirkning() }],
    ansvarlig: { urn: 'urn:oio:org-enhed:jobcenter-ydelse', virkning: aVirkning() },
    primaerPart: aParty(),
    primaerKlasse: { kle: FACTORY_DEFAULTS.kle, virkning: aVirkning() },
    handlingsklasse: { facet: FACTORY_DEFAULTS.handlingsfacet, virkning: aVirkning() },
    ...overrides,
  };
}

/** An outgoing letter with a brevdato, for the default citizen. */
export function aDokument(overrides: Partial<Dokument> = {}): Dokument {
  return {
    ...envelope('dokument'),
    titel: 'Afgørelse om hjælp til forsørgelse',
    dokumenttype: 'Brev, udgaaende',
    brevdato: '2024-02-01',
    tilstand: 'Endeligt',
    parter: [aParty()],
    ...overrides,
  };
}

/** A grant of kontanthjælp from 1 Feb 2024, paid monthly in arrears by the municipality. */
export function aBevilling(overrides: Partial<Bevilling> = {}): Bevilling {
  return {
    ...envelope('bevilling'),
    sagUuid: syntheticUuid('sag:default'),
    part: aParty(),
    startdato: '2024-02-01',
    ydelser: [
      {
        id: 'ydelse-1',
        navn: 'Kontanthjælp',
        startdato: '2024-02-01',
        kle: FACTORY_DEFAULTS.kle,
        tilbagebetalingspligtig: false,
        betalingsplan: {
          frekvens: 'MAANED',
          forudBagud: 'BAGUD',
          dispositionsdagTekst: 'Sidste bankdag i måneden',
          beloeb: '12550.00',
        },
      },
    ],
    udbetaler: 'KOMMUNE',
    ...overrides,
  };
}

/** The February 2024 payment of the default grant. */
export function anEffektuering(overrides: Partial<Effektuering> = {}): Effektuering {
  return {
    ...envelope('effektuering'),
    part: aParty(),
    periodeStart: '2024-02-01',
    periodeSlut: '2024-02-29',
    dispositionsdato: '2024-02-29',
    bruttobeloeb: '12550.00',
    beloebEfterSkat: '9036.00',
    beloebTilUdbetaling: '9036.00',
    udbetaltBeloeb: '9036.00',
    linjer: [
      {
        bevillingUuid: DEFAULT_BEVILLING_UUID,
        ydelseId: 'ydelse-1',
        periodeStart: '2024-02-01',
        periodeSlut: '2024-02-29',
        beloeb: '12550.00',
        kle: FACTORY_DEFAULTS.kle,
      },
    ],
    ...overrides,
  };
}

/** An import (default) or update of an object. */
export function aDeliveryItem(object: IndexObject, operation: 'import' | 'update' = 'import'): DeliveryItem {
  return { operation, object };
}

/** A remove of an object: only its envelope is sent. */
export function aRemoveItem(object: IndexObject | RemovedObject): DeliveryItem {
  const { objectType, uuid, tidspunkt, itSystem, ejer } = object;
  return { operation: 'remove', object: { objectType, uuid, tidspunkt, itSystem, ejer } };
}

export interface KleLookupOptions {
  /** Emner in use. Default: 15.17.06, 32.24.04, 32.24.08, 32.24.12, 32.24.28, 32.30.04. */
  emner?: readonly string[];
  /** Retired emner and their replacement (undefined: retired without one). Default: 32.24.32 and 32.24.48 → 32.24.04. */
  retired?: Readonly<Record<string, string | undefined>>;
}

/** A small KLE catalogue for rule tests. */
export function aKleLookup(options: KleLookupOptions = {}): KleLookup {
  const emner = new Set(options.emner ?? ['15.17.06', '32.24.04', '32.24.08', '32.24.12', '32.24.28', '32.30.04']);
  const retired = new Map(Object.entries(options.retired ?? { '32.24.32': '32.24.04', '32.24.48': '32.24.04' }));
  return {
    exists: (nr) => emner.has(nr) || retired.has(nr),
    isRetired: (nr) => retired.has(nr),
    replacementFor: (nr) => retired.get(nr),
  };
}

/** A rule context with `aKleLookup()` where every bevilling is known. */
export function aRuleContext(overrides: Partial<RuleContext> = {}): RuleContext {
  return { kle: aKleLookup(), knownBevilling: () => true, ...overrides };
}

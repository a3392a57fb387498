import type { RuleText } from '../rules/catalogue';
import { type Etape, KLE_CONTACT_POINT_TYPES, type KleConfigLine } from './kle-config.types';

/** The rules of one KLE configuration line, with the Danish text shown next to the field. */
export const KLE_CONFIG_RULES = {
  'KLE-CONFIG-KLE-UNKNOWN': {
    da: 'KLE-nummeret findes ikke som emne i KLE',
    en: 'the KLE number is not an emne of the catalogue',
  },
  'KLE-CONFIG-KLE-RETIRED': {
    da: 'KLE-emnet er udgået',
    en: 'the KLE emne is retired',
  },
  'KLE-CONFIG-FRA-DATO-INVALID': {
    da: 'Fra-dato skal være en gyldig dato (dd-mm-åååå)',
    en: 'the fra-dato is not a valid date',
  },
  'KLE-CONFIG-FRA-DATO-AFTER-ETAPE': {
    da: 'Fra-dato må senest være 31/12 i det år, emnet blev obligatorisk i en etape',
    en: 'the fra-dato is later than 31/12 of the year the emne became mandatory in an etape',
  },
  'KLE-CONFIG-TITLE-SOURCE': {
    da: 'Vælg sagstitel eller KLE-titel',
    en: 'the title source must be KLE or SAG',
  },
  'KLE-CONFIG-URL-INVALID': {
    da: 'Linket skal være en fuld adresse, der begynder med https://',
    en: 'the link is not an absolute https URL with a host',
  },
  'KLE-CONFIG-FAGSYSTEM-NOT-CONNECTED': {
    da: 'Fagsystemet er ikke tilsluttet kommunen',
    en: 'the fagsystem is not connected to the municipality',
  },
  'KLE-CONFIG-CONTACT-TYPE': {
    da: 'Vælg en kontakttype fra den nationale liste',
    en: 'the contact point type is not in the national list',
  },
  'KLE-CONFIG-CONTACT-VALUE': {
    da: 'Værdien passer ikke til kontakttypen',
    en: 'the value is not valid for the contact point type',
  },
  'KLE-CONFIG-FOUR-EYES': {
    da: 'En anden administrator end forfatteren skal godkende ændringen',
    en: 'an administrator other than the author must approve the change',
  },
} as const satisfies Record<string, RuleText>;

export type KleConfigRuleId = keyof typeof KLE_CONFIG_RULES;

/** A refused field: `field` is a JSON pointer into the line, `message` the Danish text, `en` the English. */
export interface KleConfigViolation {
  rule: KleConfigRuleId;
  field: string;
  message: string;
  en: string;
}

export interface KleConfigContext {
  catalogue: {
    /** The emne's title, or undefined when the number is no emne of the catalogue. */
    emneTitle(nr: string): string | undefined;
    isRetired(nr: string): boolean;
    replacementFor(nr: string): string | undefined;
  };
  etaper: readonly Etape[];
  /** Fagsystem ids connected to the municipality. */
  connectedFagsystems: ReadonlySet<string>;
}

const violation = (rule: KleConfigRuleId, field: string, extra = ''): KleConfigViolation => ({
  rule,
  field,
  message: KLE_CONFIG_RULES[rule].da + extra,
  en: KLE_CONFIG_RULES[rule].en,
});

export function isValidIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Absolute https with a host and no credentials. */
export function isHttpsUrl(value: string): boolean {
  if (/\s/.test(value)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.hostname.length > 0 && url.hostname.includes('.') && !url.username;
}

const PHONE = /^(\+45)?\d{8}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isValidContactValue(type: string, value: string): boolean {
  const v = value.trim();
  switch (type) {
    case 'TELEFON':
      return PHONE.test(v.replace(/ /g, ''));
    case 'EMAIL':
      return EMAIL.test(v) && v.length <= 254;
    case 'HJEMMESIDE':
      return isHttpsUrl(v);
    case 'DIGITAL_POST':
      // a Digital Post target: the municipality's mailbox (CVR number, 8 digits) or its https link
      return /^\d{8}$/.test(v) || isHttpsUrl(v);
    case 'FYSISK':
      return v.length >= 5 && v.length <= 255 && /\p{L}/u.test(v);
    default:
      return false;
  }
}

/** The latest fra-dato an emne allows: 31/12 of the year of the first etape that requires it. */
export function latestFraDato(kle: string, etaper: readonly Etape[]): string | undefined {
  const years = etaper.filter((e) => e.emner.includes(kle)).map((e) => e.year);
  return years.length ? `${Math.min(...years)}-12-31` : undefined;
}

/** Every rule that the line breaks; empty when it may be saved. */
export function validateKleConfigLine(line: KleConfigLine, ctx: KleConfigContext): KleConfigViolation[] {
  const out: KleConfigViolation[] = [];
  if (ctx.catalogue.emneTitle(line.kle) === undefined) out.push(violation('KLE-CONFIG-KLE-UNKNOWN', '/kle'));
  else if (ctx.catalogue.isRetired(line.kle)) {
    const replacement = ctx.catalogue.replacementFor(line.kle);
    out.push(violation('KLE-CONFIG-KLE-RETIRED', '/kle', replacement ? `; det er afløst af ${replacement}` : ''));
  }
  if (!isValidIsoDate(line.fraDato)) out.push(violation('KLE-CONFIG-FRA-DATO-INVALID', '/fraDato'));
  else {
    const latest = latestFraDato(line.kle, ctx.etaper);
    if (latest && line.fraDato > latest) {
      const [y, m, d] = latest.split('-');
      out.push(violation('KLE-CONFIG-FRA-DATO-AFTER-ETAPE', '/fraDato', ` (senest ${d}-${m}-${y})`));
    }
  }
  if (line.titleSource !== 'KLE' && line.titleSource !== 'SAG')
    out.push(violation('KLE-CONFIG-TITLE-SOURCE', '/titleSource'));
  if (line.selfserviceUrl !== null && !isHttpsUrl(line.selfserviceUrl))
    out.push(violation('KLE-CONFIG-URL-INVALID', '/selfserviceUrl'));
  if (line.borgerdkUrl !== null && !isHttpsUrl(line.borgerdkUrl))
    out.push(violation('KLE-CONFIG-URL-INVALID', '/borgerdkUrl'));
  line.fagsystemFilter.forEach((id, i) => {
    if (!ctx.connectedFagsystems.has(id))
      out.push(violation('KLE-CONFIG-FAGSYSTEM-NOT-CONNECTED', `/fagsystemFilter/${i}`));
  });
  line.contactPoints.forEach((cp, i) => {
    if (!(KLE_CONTACT_POINT_TYPES as readonly string[]).includes(cp.type))
      out.push(violation('KLE-CONFIG-CONTACT-TYPE', `/contactPoints/${i}/type`));
    else if (!isValidContactValue(cp.type, cp.value))
      out.push(violation('KLE-CONFIG-CONTACT-VALUE', `/contactPoints/${i}/value`));
  });
  return out;
}

/** A rule's text for the people it is shown to: Danish for municipalities, English for vendors. */
export interface RuleText {
  da: string;
  en: string;
}

/**
 * The rules of who may call and what a token's fagsystem may write. Token rules answer 401/403 with the
 * pointer `/headers/authorization`; ownership rules refuse an item at the field they name.
 */
export const AUTH_RULES = {
  'AUTH-TOKEN-MISSING': {
    da: 'Kaldet mangler et bearer-token',
    en: 'the call carries no bearer token',
  },
  'AUTH-TOKEN-INVALID': {
    da: 'Tokenet er ikke gyldigt (signatur, udsteder, modtager eller format)',
    en: 'the token is not valid (signature, issuer, audience or format)',
  },
  'AUTH-TOKEN-EXPIRED': {
    da: 'Tokenet er udløbet',
    en: 'the token has expired',
  },
  'AUTH-TOKEN-NOT-YET-VALID': {
    da: 'Tokenets iat eller nbf ligger mere end 60 sekunder ude i fremtiden',
    en: "the token's iat or nbf is more than 60 seconds in the future",
  },
  'AUTH-TOKEN-SUB-INVALID': {
    da: 'Tokenets sub er ikke en tekst med den forventede form (fx et fagsystem-id), eller den ligner et CPR-nummer',
    en: "the token's sub is not a string of the expected shape (e.g. a fagsystem id), or it looks like a CPR number",
  },
  'AUTH-TOKEN-SCOPE': {
    da: 'Tokenet mangler det scope (eller den kommune), kaldet kræver',
    en: 'the token lacks the scope (or the municipality) the call needs',
  },
  'AUTH-NOT-MASTER': {
    da: 'Tokenets fagsystem er ikke objektets mastersystem (itSystem.master)',
    en: "the token's fagsystem is not the object's master system (itSystem.master)",
  },
  'AUTH-AFSENDER-MISMATCH': {
    da: 'itSystem.afsender nævner et andet fagsystem end tokenets',
    en: "itSystem.afsender names another fagsystem than the token's",
  },
  'AUTH-OWNER-NOT-CONNECTED': {
    da: 'Fagsystemet er ikke tilsluttet den kommune, der ejer objektet',
    en: 'the fagsystem is not connected to the municipality that owns the object',
  },
  'AUTH-OBJECT-OWNED-ELSEWHERE': {
    da: 'Et andet fagsystem er master for objektet',
    en: 'another fagsystem is master of this object',
  },
} as const satisfies Record<string, RuleText>;

export type AuthRuleId = keyof typeof AUTH_RULES;

/** Rules of the request itself, before any route looks at it. */
export const REQUEST_RULES = {
  'CPR-IN-URL': {
    da: 'Forespørgselsstrengen indeholder et CPR-lignende nummer; et CPR-nummer sendes kun i kroppen',
    en: 'the query string holds a CPR-like number; a CPR number travels only in the body',
  },
} as const satisfies Record<string, RuleText>;

export type RequestRuleId = keyof typeof REQUEST_RULES;

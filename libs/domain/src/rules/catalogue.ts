/**
 * Every rule id the platform answers with or records, in one place: what kind of rule it is, the HTTP
 * status it is answered with where it refuses a request, and its text in Danish (for municipalities)
 * and English (for vendors). DELIVERY_RULES, AUTH_RULES and REQUEST_RULES are views of this catalogue;
 * `tools/src/lint/rule-catalogue.spec.ts` proves that every rule id in the code is here and that every
 * entry has a test that names it.
 */

/**
 * - `delivery`: a delivered item breaks the structure or a business rule (422, or a rejected item)
 * - `visningsklasse`: a delivered Visningsklasse is refused or normalised
 * - `token` / `ownership`: who may call, and what a token's fagsystem may write
 * - `request`: the request itself (its line, headers, query, body framing, envelope)
 * - `ndjson`: a line of a streamed delivery
 * - `ingestion`: how the worker applied an item (order, object kind)
 * - `safety-net`: why the safety net holds a text back
 * - `display`: which display rule (DOMAIN.md §3) hides an object from the citizen
 * - `service`: the platform cannot answer now
 */
export type RuleKind =
  | 'delivery'
  | 'visningsklasse'
  | 'token'
  | 'ownership'
  | 'request'
  | 'ndjson'
  | 'ingestion'
  | 'safety-net'
  | 'display'
  | 'service'
  | 'administration'
  | 'certification';

/** A rule's text for the people it is shown to: Danish for municipalities, English for vendors. */
export interface RuleText {
  da: string;
  en: string;
}

export interface RuleEntry extends RuleText {
  kind: RuleKind;
  /** The HTTP status a refusal by this rule answers with, where it refuses a whole request. */
  status?: number;
}

export const RULE_CATALOGUE = {
  // the structure of a delivered item (zod schema)
  'SCHEMA-REQUIRED': {
    kind: 'delivery',
    status: 422,
    da: 'et obligatorisk felt eller en obligatorisk relation mangler',
    en: 'a mandatory field or relation is missing',
  },
  'SCHEMA-TYPE': {
    kind: 'delivery',
    status: 422,
    da: 'en værdi har den forkerte JSON-type',
    en: 'a value has the wrong JSON type',
  },
  'SCHEMA-ENUM': {
    kind: 'delivery',
    status: 422,
    da: 'en værdi er ikke en af de tilladte koder',
    en: 'a value is not one of the allowed codes',
  },
  'SCHEMA-FORMAT': {
    kind: 'delivery',
    status: 422,
    da: 'en værdi har ikke det krævede format (dato, tidspunkt, CVR, URN)',
    en: 'a value does not have the required format (date, date-time, CVR, URN)',
  },
  'SCHEMA-EMPTY': {
    kind: 'delivery',
    status: 422,
    da: 'en obligatorisk tekst er tom',
    en: 'a mandatory text is empty',
  },
  'SCHEMA-CARDINALITY': {
    kind: 'delivery',
    status: 422,
    da: 'en liste har for få eller for mange elementer',
    en: 'a list has too few or too many elements',
  },
  'SCHEMA-UNKNOWN-KEY': {
    kind: 'delivery',
    status: 422,
    da: 'et felt, som leveranceformatet ikke har',
    en: 'a field that the delivery format does not have',
  },
  'SCHEMA-INVALID': {
    kind: 'delivery',
    status: 422,
    da: 'enhver anden strukturel fejl',
    en: 'any other structural error',
  },
  'SCHEMA-NUL-CHARACTER': {
    kind: 'delivery',
    status: 422,
    da: 'en tekst eller et feltnavn indeholder et NUL-tegn (\\u0000), som ikke kan gemmes',
    en: 'a text or field name holds a NUL character (\\u0000), which cannot be stored',
  },
  'SCHEMA-LONE-SURROGATE': {
    kind: 'delivery',
    status: 422,
    da: 'en tekst eller et feltnavn indeholder et enlig UTF-16-surrogat (ikke Unicode)',
    en: 'a text or field name holds a lone UTF-16 surrogate (not Unicode)',
  },
  'SCHEMA-UUID-RFC4122': {
    kind: 'delivery',
    status: 422,
    da: 'et UUID følger ikke RFC 4122: variant-bit 10 og en version 1–8 (nil og max afvises)',
    en: 'a UUID is not RFC 4122: variant bits 10 and a version 1–8 (nil and max refused)',
  },
  LENGTH: {
    kind: 'delivery',
    status: 422,
    da: 'en tekst er længere end sin grænse (50/255/1024/4096 tegn, journalnotater 100 KB)',
    en: 'a text is longer than its limit (50/255/1024/4096 characters, journal notes 100 KB)',
  },
  'PARTY-URN': {
    kind: 'delivery',
    status: 422,
    da: 'en part er ikke urn:oio:cpr-nr / cvr-nr / pnr, eller CPR-nummeret rummer ikke en gyldig dato',
    en: 'a party is not urn:oio:cpr-nr / cvr-nr / pnr, or the CPR number holds no valid date',
  },
  'AMOUNT-DECIMAL': {
    kind: 'delivery',
    status: 422,
    da: 'et beløb er ikke en decimaltekst -?[0-9]+(.[0-9]+)?',
    en: 'an amount is not a decimal string -?[0-9]+(.[0-9]+)?',
  },
  'KLE-FORMAT': {
    kind: 'delivery',
    status: 422,
    da: 'et KLE-nummer er ikke et emne NN.NN.NN (eller en handlingsfacet som G01)',
    en: 'a KLE number is not an emne NN.NN.NN (or a handlingsfacet like G01)',
  },
  // the business rules of an item that passed the schema
  'KLE-UNKNOWN': {
    kind: 'delivery',
    da: 'KLE-emnet findes ikke',
    en: 'the KLE emne does not exist',
  },
  'KLE-RETIRED-REPLACED': {
    kind: 'delivery',
    da: 'KLE-emnet er udgået; erstattet af sit nye emne (alvorlighed mapped)',
    en: 'the KLE emne is retired; mapped to its replacement (severity mapped)',
  },
  'KLE-RETIRED': {
    kind: 'delivery',
    da: 'KLE-emnet er udgået og har ingen afløser',
    en: 'the KLE emne is retired and has no replacement',
  },
  'SAG-FREMDRIFT-OPSTAAET-FIRST': {
    kind: 'delivery',
    da: 'fremdriftshistorikken begynder ikke med Opstaaet',
    en: 'the fremdrift history does not start with Opstaaet',
  },
  'SAG-FREMDRIFT-ORDER': {
    kind: 'delivery',
    da: 'fremdriftshistorikken er ikke i kronologisk rækkefølge',
    en: 'the fremdrift history is not in chronological order',
  },
  'SAG-FREMDRIFT-BACKWARDS': {
    kind: 'delivery',
    da: 'fremdriften går tilbage til en tidligere tilstand',
    en: 'the fremdrift goes back to an earlier state',
  },
  'VIRKNING-PERIOD': {
    kind: 'delivery',
    da: 'en virkning slutter, før den begynder',
    en: 'a virkning ends before it starts',
  },
  'PERIOD-ORDER': {
    kind: 'delivery',
    da: 'en periode eller bevilling slutter, før den begynder',
    en: 'a period or grant ends before it starts',
  },
  'DOKUMENT-BREVDATO-REQUIRED': {
    kind: 'delivery',
    da: 'et indgående brev har ingen brevdato',
    en: 'an incoming letter has no brevdato',
  },
  'BEVILLING-YDELSE-DUPLICATE-ID': {
    kind: 'delivery',
    da: 'to bevilgede ydelser på samme bevilling har samme id',
    en: 'two granted benefits of one grant share an id',
  },
  'EFFEKTUERING-UNKNOWN-BEVILLING': {
    kind: 'delivery',
    da: 'en betalingslinje henviser til en bevilling, indekset ikke kender',
    en: 'a payment line references a grant the index does not know',
  },
  'SAG-JOURNALPOST-FOREIGN-DOKUMENT': {
    kind: 'delivery',
    da: 'en journalpost henviser til et dokument med en anden part, kommune eller et andet fagsystem end sagens',
    en: "a journal post links a document of another party, municipality or fagsystem than the case's",
  },
  // Visningsklasse
  'VISNINGSKLASSE-UNKNOWN': {
    kind: 'visningsklasse',
    status: 422,
    da: 'en visningsklasse er hverken en kendt kode eller dens titel (UNDTAGET_FOR_BORGER, "Visning undtaget for borger")',
    en: 'a Visningsklasse is neither a known code nor its title (UNDTAGET_FOR_BORGER, "Visning undtaget for borger")',
  },
  'VISNINGSKLASSE-NORMALISED': {
    kind: 'visningsklasse',
    da: 'en visningsklasse sendt som sin titel eller i en anden godkendt stavemåde; gemt som sin kode',
    en: 'a Visningsklasse sent as its title or in another accepted spelling; stored as its code (severity mapped)',
  },
  // the bearer token (pointer /headers/authorization)
  'AUTH-TOKEN-MISSING': {
    kind: 'token',
    status: 401,
    da: 'Kaldet mangler et bearer-token',
    en: 'the call carries no bearer token',
  },
  'AUTH-TOKEN-INVALID': {
    kind: 'token',
    status: 401,
    da: 'Tokenet er ikke gyldigt (signatur, udsteder, modtager eller format)',
    en: 'the token is not valid (signature, issuer, audience or format)',
  },
  'AUTH-TOKEN-EXPIRED': {
    kind: 'token',
    status: 401,
    da: 'Tokenet er udløbet',
    en: 'the token has expired',
  },
  'AUTH-TOKEN-NOT-YET-VALID': {
    kind: 'token',
    status: 401,
    da: 'Tokenets iat eller nbf ligger mere end 60 sekunder ude i fremtiden',
    en: "the token's iat or nbf is more than 60 seconds in the future",
  },
  'AUTH-TOKEN-SUB-INVALID': {
    kind: 'token',
    status: 401,
    da: 'Tokenets sub er ikke en tekst med den forventede form (fx et fagsystem-id), eller den ligner et CPR-nummer',
    en: "the token's sub is not a string of the expected shape (e.g. a fagsystem id), or it looks like a CPR number",
  },
  'AUTH-TOKEN-SCOPE': {
    kind: 'token',
    status: 403,
    da: 'Tokenet mangler det scope (eller den kommune), kaldet kræver',
    en: 'the token lacks the scope (or the municipality) the call needs',
  },
  // what a token's fagsystem may write (a batch answers 403; a streamed line is rejected)
  'AUTH-NOT-MASTER': {
    kind: 'ownership',
    status: 403,
    da: 'Tokenets fagsystem er ikke objektets mastersystem (itSystem.master)',
    en: "the token's fagsystem is not the object's master system (itSystem.master)",
  },
  'AUTH-AFSENDER-MISMATCH': {
    kind: 'ownership',
    status: 403,
    da: 'itSystem.afsender nævner et andet fagsystem end tokenets',
    en: "itSystem.afsender names another fagsystem than the token's",
  },
  'AUTH-OWNER-NOT-CONNECTED': {
    kind: 'ownership',
    status: 403,
    da: 'Fagsystemet er ikke tilsluttet den kommune, der ejer objektet',
    en: 'the fagsystem is not connected to the municipality that owns the object',
  },
  'AUTH-OBJECT-OWNED-ELSEWHERE': {
    kind: 'ownership',
    status: 403,
    da: 'Et andet fagsystem er master for objektet',
    en: 'another fagsystem is master of this object',
  },
  // the request itself
  'CPR-IN-URL': {
    kind: 'request',
    status: 400,
    da: 'Forespørgselsstrengen indeholder et CPR-lignende nummer; et CPR-nummer sendes kun i kroppen',
    en: 'the query string holds a CPR-like number; a CPR number travels only in the body',
  },
  'QUERY-PAGING-INVALID': {
    kind: 'request',
    status: 400,
    da: 'after eller limit er ikke decimale cifre inden for sit interval',
    en: 'after or limit is not decimal digits in its range',
  },
  'HTTP-REQUEST-MALFORMED': {
    kind: 'request',
    status: 400,
    da: 'forespørgslen er ikke gyldig HTTP/1.1',
    en: 'the request is not valid HTTP/1.1',
  },
  'HTTP-REQUEST-TIMEOUT': {
    kind: 'request',
    status: 408,
    da: 'forespørgslens headere nåede ikke frem i tide',
    en: 'the headers did not arrive in time',
  },
  'HTTP-HEADERS-TOO-LARGE': {
    kind: 'request',
    status: 431,
    da: 'forespørgselslinjen og headerne er for store',
    en: 'the request line and headers are too large',
  },
  'HTTP-URL-MALFORMED': {
    kind: 'request',
    status: 400,
    da: 'stien er ikke gyldigt procent-kodet',
    en: 'the path does not percent-decode',
  },
  'HTTP-PATH-PARAMETER-TOO-LONG': {
    kind: 'request',
    status: 414,
    da: 'et led af stien er for langt',
    en: 'a path segment is too long',
  },
  'HTTP-ROUTE-UNKNOWN': {
    kind: 'request',
    status: 404,
    da: 'der findes ingen rute for denne sti og metode',
    en: 'no route for this path and method',
  },
  'HTTP-BODY-TOO-LARGE': {
    kind: 'request',
    status: 413,
    da: 'kroppen er større end appens grænse',
    en: "the body is over the app's limit",
  },
  'HTTP-MEDIA-TYPE': {
    kind: 'request',
    status: 415,
    da: 'en Content-Type, ruten ikke tager imod, eller JSON i et andet tegnsæt end UTF-8',
    en: 'a Content-Type the route does not take, or JSON in a charset other than UTF-8',
  },
  'HTTP-CONTENT-ENCODING': {
    kind: 'request',
    status: 415,
    da: 'en Content-Encoding, appen ikke afkoder',
    en: 'a Content-Encoding the app does not decode',
  },
  'HTTP-JSON-MALFORMED': {
    kind: 'request',
    status: 400,
    da: 'kroppen er ikke JSON',
    en: 'the body is not JSON',
  },
  'HTTP-JSON-TOO-DEEP': {
    kind: 'request',
    status: 400,
    da: 'arrays og objekter i kroppen er indlejret dybere end 64',
    en: 'arrays and objects in the body nest deeper than 64',
  },
  'HTTP-BAD-REQUEST': {
    kind: 'request',
    status: 400,
    da: 'enhver anden afvisning i HTTP-laget',
    en: 'any other refusal of the HTTP layer',
  },
  'IDEMPOTENCY-KEY': {
    kind: 'request',
    status: 400,
    da: 'Idempotency-Key skal være 8–128 tegn af A–Z a–z 0–9 _ . : -',
    en: 'the Idempotency-Key must be 8–128 characters of A–Z a–z 0–9 _ . : -',
  },
  'DELIVERY-ENVELOPE': {
    kind: 'request',
    status: 422,
    da: 'kroppen er ikke et objekt med en liste "items"',
    en: 'the body is not an object with an array "items"',
  },
  'DELIVERY-SIZE': {
    kind: 'request',
    status: 422,
    da: 'en leverance rummer 1 til DELIVERY_MAX_ITEMS elementer; brug NDJSON-strømmen til store mængder',
    en: 'a delivery holds 1 to DELIVERY_MAX_ITEMS items; use the NDJSON stream for larger loads',
  },
  'REPLAY-IDS': {
    kind: 'request',
    status: 422,
    da: 'ids skal være 1–1000 id’er på afviste elementer (decimale cifre)',
    en: 'ids must be 1–1000 dead-letter ids (decimal digits)',
  },
  'STREAM-RESUME-AFTER': {
    kind: 'request',
    status: 400,
    da: 'Stream-Resume-After skal være et linjenummer og sendes med en Idempotency-Key',
    en: 'Stream-Resume-After must be a line number, sent with an Idempotency-Key',
  },
  'STREAM-RESUME-GAP': {
    kind: 'request',
    status: 409,
    da: 'genoptagelsen efterlader et hul: linjer efter de gemte blev aldrig gemt',
    en: 'the resume point leaves a gap: lines after the committed ones were never committed',
  },
  'STREAM-LINE-CONFLICT': {
    kind: 'request',
    status: 422,
    da: 'en linje afviger fra den linje, der allerede er gemt på samme nummer under denne nøgle',
    en: 'a line differs from the line committed at its number under this key',
  },
  SCHEMA: {
    kind: 'request',
    status: 422,
    da: 'et felt i forespørgslen på overblikket passer ikke til skemaet',
    en: 'a field of the overview request does not match the schema',
  },
  'UNKNOWN-FIELD': {
    kind: 'request',
    status: 422,
    da: 'forespørgslen på overblikket har et felt, skemaet ikke kender',
    en: 'the overview request has a field the schema does not know',
  },
  'CPR-FORMAT': {
    kind: 'request',
    status: 422,
    da: 'CPR-nummeret har ikke formen DDMMÅÅSSSS eller DDMMÅÅ-SSSS',
    en: 'the CPR number is not DDMMYYSSSS or DDMMYY-SSSS',
  },
  'CPR-DATE': {
    kind: 'request',
    status: 422,
    da: 'CPR-nummeret rummer ikke en gyldig fødselsdato',
    en: 'the CPR number holds no valid birth date',
  },
  // a line of a streamed delivery (pointer /lines/N)
  'NDJSON-LINE-TOO-LONG': {
    kind: 'ndjson',
    da: 'en linje er længere end 1.000.000 bytes',
    en: 'a line is longer than 1,000,000 bytes',
  },
  'NDJSON-JSON-TOO-DEEP': {
    kind: 'ndjson',
    da: 'arrays og objekter i linjen er indlejret dybere end 64',
    en: 'arrays and objects in the line nest deeper than 64',
  },
  'NDJSON-INVALID-JSON': {
    kind: 'ndjson',
    da: 'linjen er ikke gyldig JSON',
    en: 'the line is not valid JSON',
  },
  'NDJSON-LINE-UNSTORABLE': {
    kind: 'ndjson',
    da: 'linjen rummer en værdi, databasen ikke kan gemme (fx et NUL-tegn eller et enlig surrogat)',
    en: 'the line holds a value the database cannot store (e.g. a NUL character or a lone surrogate)',
  },
  // how the worker applied an item
  'ORDER-STALE': {
    kind: 'ingestion',
    da: 'nyere data er allerede gemt; registreringen gemmes kun i historikken',
    en: 'newer data is stored; the registration is kept in the history only',
  },
  'ORDER-REPEAT': {
    kind: 'ingestion',
    da: 'samme registrering er anvendt før',
    en: 'the same registration was applied before',
  },
  'OBJECT-KIND-CHANGED': {
    kind: 'ingestion',
    da: 'objektets UUID er allerede gemt som en anden objekttype',
    en: "the object's UUID is stored as another kind of object",
  },
  // the safety net: why a citizen-visible text is held back
  'SAFETY-CPR': {
    kind: 'safety-net',
    da: 'teksten indeholder et CPR-lignende nummer',
    en: 'the text holds a CPR-like number',
  },
  'SAFETY-EMAIL': {
    kind: 'safety-net',
    da: 'teksten indeholder en e-mailadresse',
    en: 'the text holds an e-mail address',
  },
  'SAFETY-PHONE': {
    kind: 'safety-net',
    da: 'teksten indeholder et telefonnummer',
    en: 'the text holds a phone number',
  },
  'SAFETY-WORD': {
    kind: 'safety-net',
    da: 'teksten indeholder et ord fra kommunens liste',
    en: "the text holds a word on the municipality's list",
  },
  // display rules (DOMAIN.md §3): what hides an object from the citizen
  'PRIMARY-CPR-PARTY': {
    kind: 'display',
    da: 'kun sager, hvor borgeren er primær part, registreret med en CPR-URN',
    en: 'only cases where the citizen is primary party, registered on a CPR URN',
  },
  CONNECTED: {
    kind: 'display',
    da: 'kun fra en kommune, der er tilsluttet med objektets fagsystem (tilslutningen ikke suspenderet)',
    en: "only from a municipality connected with the object's fagsystem (connection not suspended)",
  },
  'KLE-OPENED': {
    kind: 'display',
    da: 'kun KLE-emner, kommunen har åbnet',
    en: 'only KLE emner the municipality has opened',
  },
  'FAGSYSTEM-FILTER': {
    kind: 'display',
    da: 'kun de fagsystemer, kommunen har valgt for KLE-emnet (intet filter: alle tilsluttede)',
    en: 'only the fagsystems the municipality chose for the KLE emne (no filter: every connected one)',
  },
  'FRA-DATO': {
    kind: 'display',
    da: 'oprettet (første Opstaaet) på eller efter fra-datoen, eller stadig aktiv, hvor kommunen viser aktive sager',
    en: 'created (first Opstaaet) on or after the fra-dato, or still active where the municipality keeps active cases',
  },
  'UNDTAGET-FOR-BORGER': {
    kind: 'display',
    da: 'intet med visningsklassen "undtaget for borger" på svarets dag',
    en: 'nothing with Visningsklasse "undtaget for borger" on the day of the answer',
  },
  'SAFETY-NET': {
    kind: 'display',
    da: 'intet, sikkerhedsnettet holder tilbage',
    en: 'nothing the safety net holds',
  },
  'EMERGENCY-HIDDEN': {
    kind: 'display',
    da: 'kommunen har midlertidigt skjult det med et nødstop (et KLE-emne, et fagsystems data eller én post)',
    en: "the municipality hid it for now with an emergency stop (a KLE emne, a fagsystem's data or one record)",
  },
  'DOCUMENT-TITLES-OFF': {
    kind: 'display',
    da: 'kommunen viser ikke dokumenttitler for KLE-emnet',
    en: 'the municipality does not show document titles for the KLE emne',
  },
  'DOCUMENT-NOT-A-FINAL-LETTER': {
    kind: 'display',
    da: 'kun breve: indgående, når de er modtaget, udgående, når de er endelige',
    en: 'only letters: incoming ones once received, outgoing ones once final',
  },
  'BEVILLING-SAG-HIDDEN': {
    kind: 'display',
    da: 'en bevilling på en sag, borgeren ikke ser, vises heller ikke',
    en: 'a grant on a case the citizen does not see is hidden with it',
  },
  'BEVILLING-YDELSE-OPENED': {
    kind: 'display',
    da: 'en bevilling vises kun, hvis mindst én bevilget ydelse har et åbnet KLE-emne (fagsystemfilter og fra-dato medregnet)',
    en: 'a grant shows only when at least one granted benefit has an opened KLE emne (fagsystem filter and fra-dato included)',
  },
  'BEVILLING-EFFEKTUERING-SHOWN': {
    kind: 'display',
    da: 'en bevilling vises kun, hvis mindst én udbetaling til den vises',
    en: 'a grant shows only when at least one payment of it shows',
  },
  'EFFEKTUERING-LINJE-OPENED': {
    kind: 'display',
    da: 'en udbetaling vises kun, hvis en linje har et åbnet KLE-emne og henviser til en bevilling, der vises',
    en: 'a payment shows only when a line has an opened KLE emne and references a grant that shows',
  },
  // the administration's requests
  'EMERGENCY-STOP-INVALID': {
    kind: 'request',
    status: 400,
    da: 'et nødstop skal have et område (KLE, FAGSYSTEM eller RECORD), en værdi og en begrundelse',
    en: 'an emergency stop needs a scope (KLE, FAGSYSTEM or RECORD), a value and a reason',
  },
  'CITIZEN-CPR-INVALID': {
    kind: 'request',
    status: 400,
    da: 'CPR-nummeret skal være 10 cifre (med eller uden bindestreg) i forespørgslens krop',
    en: 'the CPR number is 10 digits (with or without a hyphen) in the request body',
  },
  // the platform cannot answer now
  'SERVICE-DATABASE-UNAVAILABLE': {
    kind: 'service',
    status: 503,
    da: 'databasen kan ikke nås; intet er gemt: prøv igen efter Retry-After sekunder',
    en: 'the database cannot be reached; nothing is stored: retry after Retry-After seconds',
  },
  'ADMIN-LOGIN-REQUIRED': {
    kind: 'administration',
    status: 401,
    da: 'log ind, før du bruger administrationen',
    en: 'log in, or send a bearer token with scope admin',
  },
  'ADMIN-ROLE-FORBIDDEN': {
    kind: 'administration',
    status: 403,
    da: 'din rolle giver ikke adgang hertil',
    en: 'your role may not use this',
  },
  'ADMIN-MUNICIPALITY-FORBIDDEN': {
    kind: 'administration',
    status: 403,
    da: 'du har kun adgang til din egen kommune',
    en: 'a municipal administrator reaches only their own municipality',
  },
  'ADMIN-CSRF-INVALID': {
    kind: 'administration',
    status: 403,
    da: 'formularen er udløbet: indlæs siden igen, og prøv igen',
    en: 'a change made with a session needs the CSRF token of that session',
  },
  'PACT-EQUALITY': {
    kind: 'certification',
    da: 'feltet skal have kontraktens værdi',
    en: "the field must equal the contract's value",
  },
  'PACT-REGEX': {
    kind: 'certification',
    da: 'feltet passer ikke til kontraktens mønster',
    en: "the field does not match the contract's pattern",
  },
  'PACT-TYPE': {
    kind: 'certification',
    da: 'feltet har en anden type end i kontrakten',
    en: 'the field has another type than in the contract',
  },
  'PACT-LENGTH': {
    kind: 'certification',
    da: 'listen har en anden længde end kontrakten tillader',
    en: "the array's length is outside what the contract allows",
  },
  'PACT-MISSING': {
    kind: 'certification',
    da: 'et felt, kontrakten kræver, mangler',
    en: 'a field the contract requires is missing',
  },
  'PACT-METADATA': {
    kind: 'certification',
    da: 'beskedens metadata (Pact-Message-Metadata) mangler eller er forkert',
    en: 'the message metadata (Pact-Message-Metadata header) is missing or wrong',
  },
  'PACT-INTERACTION-MISSING': {
    kind: 'certification',
    da: 'kontrakten har ingen interaktion for dette mønster',
    en: 'the contract has no interaction for this pattern',
  },
  'PATTERN-EXPECTATION': {
    kind: 'certification',
    da: 'leverancen gav ikke det, mønsteret forventer, hos borgeren',
    en: 'the delivery did not give the citizen what the pattern expects',
  },
  'VERIFY-CASEWORKER-INITIALS': {
    kind: 'certification',
    da: 'sagsbehandlerinitialer i et felt, borgeren ser',
    en: 'caseworker initials in a citizen-visible field',
  },
  'VERIFY-PROVIDER-UNREACHABLE': {
    kind: 'certification',
    da: 'leverandørens endpoint svarer ikke',
    en: "the vendor's endpoint does not answer",
  },
  'VERIFY-PROVIDER-STATUS': {
    kind: 'certification',
    da: 'leverandørens endpoint svarede ikke 200',
    en: "the vendor's endpoint did not answer 200",
  },
  'VERIFY-PROVIDER-JSON': {
    kind: 'certification',
    da: 'leverandørens svar er ikke JSON',
    en: "the vendor's answer is not JSON",
  },
  'SESSION-SCENARIO-NOT-SEEN': {
    kind: 'certification',
    da: 'scenariet er ikke set i sessionen',
    en: 'the scenario was not seen in the session',
  },
  'SESSION-SCENARIO-NOT-PASSED': {
    kind: 'certification',
    da: 'scenariet er set, men ikke bestået',
    en: 'the scenario was seen but did not pass',
  },
  'SESSION-REMOVAL-AS-UPDATE': {
    kind: 'certification',
    da: 'en sletning er sendt som en opdatering',
    en: 'a removal was sent as an update',
  },
} as const satisfies Record<string, RuleEntry>;

export type RuleId = keyof typeof RULE_CATALOGUE;

type IdsOfKind<K extends RuleKind> = {
  [Id in RuleId]: (typeof RULE_CATALOGUE)[Id]['kind'] extends K ? Id : never;
}[RuleId];

/** The texts of the catalogue's rules of some kinds, by id (the views DELIVERY_RULES, AUTH_RULES … are these). */
export function rulesOfKind<K extends RuleKind>(...kinds: K[]): Record<IdsOfKind<K>, RuleText> {
  return Object.fromEntries(
    Object.entries(RULE_CATALOGUE as Record<string, RuleEntry>)
      .filter(([, rule]) => (kinds as RuleKind[]).includes(rule.kind))
      .map(([id, { da, en }]) => [id, { da, en }]),
  ) as Record<IdsOfKind<K>, RuleText>;
}

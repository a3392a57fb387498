import { aSyntheticCpr, type CorpusRow, hasModulus11 } from '@overblik/domain';
import { Prng } from '../generator/prng';
import { DOKUMENT_TITLER, FIRST_NAMES, LAST_NAMES, SAG_TITLER } from '../generator/synthetic-text';

/**
 * The labelled corpus of the safety net (libs/domain/src/safety-net/corpus/titles.tsv): Danish case and
 * letter titles with a CPR number in every writing found in practice, and with the numbers that look like
 * one (CVR, P-, journal, account and invoice numbers, dates, amounts, phone numbers). Deterministic.
 *
 * Every CPR number is synthetic: most are born 2040–2057 (`aSyntheticCpr`, nobody has them yet), the rest
 * have a day of 01–28 and a 1234-style serial whose modulus 11 fails (no number of the 1900s without
 * modulus 11 was given out before 2007).
 */
export const CORPUS_SEED = 2026;

const SERIALS_1900S = ['1234', '0123', '2345', '3210', '1111', '2222', '3333', '0000', '1230', '2301', '3012'];

interface Cpr {
  dd: string;
  mm: string;
  yy: string;
  serial: string;
}

function aCpr(rng: Prng): Cpr {
  let digits: string;
  if (rng.chance(0.7)) digits = aSyntheticCpr(rng.int(0, 2_000_000), { modulus11: rng.chance(0.3) });
  else {
    const pad = (n: number): string => String(n).padStart(2, '0');
    const date = `${pad(rng.int(1, 28))}${pad(rng.int(1, 12))}${pad(rng.int(0, 99))}`;
    const serials = SERIALS_1900S.filter((s) => !hasModulus11(`${date}${s}`));
    digits = `${date}${rng.pick(serials)}`;
  }
  return { dd: digits.slice(0, 2), mm: digits.slice(2, 4), yy: digits.slice(4, 6), serial: digits.slice(6) };
}

type Writing = (c: Cpr) => string;
const d6 = (c: Cpr): string => `${c.dd}${c.mm}${c.yy}`;
const sep =
  (s: string): Writing =>
  (c) =>
    `${d6(c)}${s}${c.serial}`;
const grouped =
  (g: string, s: string): Writing =>
  (c) =>
    `${c.dd}${g}${c.mm}${g}${c.yy}${s}${c.serial}`;
const pairs = (c: Cpr, g: string): string => `${c.serial.slice(0, 2)}${g}${c.serial.slice(2)}`;

/** The writings of a CPR number, by class. */
const WRITINGS: ReadonlyArray<readonly [string, readonly Writing[]]> = [
  ['cpr-plain', [sep('')]],
  ['cpr-hyphen', [sep('-')]],
  ['cpr-spaced-hyphen', [sep(' - '), sep(' -'), sep('- '), sep('  -  ')]],
  ['cpr-space', [sep(' '), sep('  ')]],
  [
    'cpr-dash',
    [sep('\u2013'), sep(' \u2013 '), sep('\u2014'), sep(' \u2014 '), sep('\u2212'), sep('\u2011'), sep('\u2010')],
  ],
  [
    'cpr-unicode-space',
    [sep('\u00a0'), sep('\u2009'), sep('\u202f'), sep('\u200b'), sep('\u00a0-\u00a0'), sep('\u2009\u2013\u2009')],
  ],
  [
    'cpr-grouped',
    [
      grouped(' ', '-'),
      grouped('.', '-'),
      grouped('-', '-'),
      grouped('.', ' '),
      grouped(' ', ' '),
      grouped('/', '-'),
      grouped('. ', ' - '),
      grouped('.', ' - '),
    ],
  ],
  ['cpr-slash-dot', [sep('/'), sep('.'), sep(' / ')]],
  [
    'cpr-labelled',
    [
      (c) => `CPR ${d6(c)}-${c.serial}`,
      (c) => `CPR-nr. ${d6(c)} ${c.serial}`,
      (c) => `cpr.nr. ${d6(c)} ${c.serial}`,
      (c) => `CPR: ${d6(c)}${c.serial}`,
      (c) => `Cpr-nummer ${d6(c)} - ${c.serial}`,
      (c) => `personnummer ${d6(c)}-${c.serial}`,
      (c) => `pers.nr. ${d6(c)}${c.serial}`,
      (c) => `CPR-nr.:${d6(c)}-${c.serial}`,
      (c) => `CPR ${c.dd} ${c.mm} ${c.yy} ${pairs(c, ' ')}`,
      (c) => `cpr-nr. ${c.dd}${c.mm} ${c.yy} ${c.serial}`,
      (c) => `CPR: ${d6(c)} ${pairs(c, ' ')}`,
      (c) => `cpr nr ${c.dd}-${c.mm}-${c.yy}-${pairs(c, '-')}`,
    ],
  ],
  [
    'cpr-glued',
    [
      (c) => `cpr${d6(c)}${c.serial}`,
      (c) => `(${d6(c)}-${c.serial})`,
      (c) => `[${d6(c)}${c.serial}]`,
      (c) => `nr.${d6(c)}-${c.serial}`,
      (c) => `borger:${d6(c)}${c.serial}`,
      (c) => `#${d6(c)}-${c.serial}`,
      (c) => `"${d6(c)}-${c.serial}"`,
      (c) => `${d6(c)}-${c.serial}.`,
    ],
  ],
];

const FIRMS = ['Bageriet Fakeby ApS', 'Testfirma A/S', 'Eksempel Byg ApS', 'Demo Rengøring I/S', 'Prøve Transport A/S'];
const MONTHS = [
  'januar',
  'februar',
  'marts',
  'april',
  'maj',
  'juni',
  'juli',
  'august',
  'september',
  'oktober',
  'november',
  'december',
];
const KLE = [
  '27.12.04',
  '15.17.06',
  '32.24.04',
  '15.20.24',
  '32.30.04',
  '00.01.00',
  '27.24.00',
  '15.01.02',
  '32.21.12',
];
const FACETS = ['G01', 'P20', 'A00', 'S03', 'K07', 'G00', 'P19'];

class Parts {
  constructor(private readonly rng: Prng) {}
  digits(n: number, first = '0123456789'): string {
    let out = first[this.rng.int(0, first.length - 1)] ?? '1';
    for (let i = 1; i < n; i++) out += String(this.rng.int(0, 9));
    return out;
  }
  pad2 = (n: number): string => String(n).padStart(2, '0');
  name = (): string => `${this.rng.pick(FIRST_NAMES)} ${this.rng.pick(LAST_NAMES)}`;
  firm = (): string => this.rng.pick(FIRMS);
  year = (): number => this.rng.int(2015, 2025);
  day = (): number => this.rng.int(1, 28);
  month = (): number => this.rng.int(1, 12);
  /** dd.mm.yyyy */
  date = (g = '.'): string => `${this.pad2(this.day())}${g}${this.pad2(this.month())}${g}${this.year()}`;
  shortDate = (): string => `${this.pad2(this.day())}.${this.pad2(this.month())}.${this.pad2(this.year() % 100)}`;
  monthName = (): string => this.rng.pick(MONTHS);
  hour = (): string => this.pad2(this.rng.int(8, 15));
  amount = (): string => {
    const whole = this.rng
      .int(100, 2_000_000)
      .toString()
      .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
    return `${whole},${this.pad2(this.rng.int(0, 99))}`;
  };
  cvr = (): string => this.digits(8, '123456789');
  pNumber = (): string => `10${this.rng.int(0, 2)}${this.digits(7)}`;
  phone = (): string => this.digits(8, '23456789');
  reg = (): string => this.digits(4, '123456789');
  account = (): string =>
    this.rng.chance(0.4)
      ? this.digits(this.rng.int(4, 8), '123456789').padStart(10, '0')
      : this.rng.chance(0.5)
        ? this.digits(8, '123456789')
        : this.digits(10, '123456789');
  journal = (): string =>
    `${this.rng.pick(KLE)}-${this.rng.pick(FACETS)}-${this.rng.int(1, 999)}-${this.pad2(this.rng.int(15, 25))}`;
}

const g22 = (n: string): string => n.replace(/(\d{2})(?=\d)/g, '$1 ');
const g44 = (n: string): string => `${n.slice(0, 4)} ${n.slice(4)}`;

/** Titles around a written CPR number. */
const CPR_TITLES: ReadonlyArray<(x: string, p: Parts) => string> = [
  (x) => `Afgørelse om sygedagpenge, CPR ${x}`,
  (x) => `Afgørelse om sygedagpenge vedr. ${x}`,
  (x, p) => `Partshøring – ${p.name()} (${x})`,
  (x) => `${x} – Ansøgning om kontanthjælp`,
  (x, p) => `${x} ${p.name()}, kontanthjælp`,
  (x, p) => `Kontanthjælp til ${p.name()}, ${x}`,
  (x) => `Indkaldelse til samtale, borger ${x}`,
  (x, p) => `Lægeerklæring for ${x} modtaget ${p.date()}`,
  (x) => `Bevilling af enkeltydelse til ${x}`,
  (x, p) => `Modregning i ydelse, ${x}, ${p.amount()} kr.`,
  (x, p) => `Jobplan for ${p.name()} ${x}`,
  (x, p) => `Sygedagpengeopfølgning - ${x} - ${p.name()}`,
  (x) => `Anmodning om oplysninger (${x})`,
  (x, p) => `Klage over afgørelse af ${p.date()} – ${x}`,
  (x, p) => `Udbetaling for ${p.monthName()} til ${x}`,
  (x, p) => `Ressourceforløb, indstilling vedr. ${p.name()} ${x}`,
  (x, p) => `J.nr. ${p.journal()} – ${p.name()}, ${x}`,
  (x) => `Kopi af brev til ${x} om tilbagebetaling`,
  (x) => `Notat: borgers cpr ${x}`,
  (x) => `Ansøgning om fleksjob - ${x}`,
  (x, p) => `${p.name()} / ${x} / jobafklaring`,
  (x, p) => `Faktura nr. ${p.digits(6)} vedr. ${x}`,
];

/** Look-alike titles per class; every row of the labelled classes names its number. */
const LOOK_ALIKES: ReadonlyArray<readonly [string, CorpusRow['expected'], ReadonlyArray<(p: Parts) => string>]> = [
  [
    'cvr',
    'pass',
    [
      (p) => `Faktura fra ${p.firm()}, CVR ${p.cvr()}`,
      (p) => `CVR-nr. ${p.cvr()} – ${p.firm()}`,
      (p) => `Leverandør ${p.firm()} (CVR-nr.: ${g22(p.cvr())})`,
      (p) => `Arbejdsgivererklæring fra ${p.firm()}, cvr.nr ${g44(p.cvr())}`,
      (p) => `Lønoplysninger, arbejdsgiver CVR ${p.cvr()}`,
      (p) => `SE-nr. ${p.cvr()} – refusion af sygedagpenge`,
      (p) => `Refusion til arbejdsgiver, CVR/SE-nr. ${p.cvr()}`,
      (p) => `Virksomhedspraktik hos ${p.firm()}, CVR: ${p.cvr()}`,
    ],
  ],
  [
    'p-number',
    'pass',
    [
      (p) => `Arbejdssted P-nr. ${p.pNumber()}`,
      (p) => `Lønindberetning for P-nummer ${p.pNumber()}`,
      (p) => `Produktionsenhed (P-nr. ${p.pNumber()}) – ${p.firm()}`,
      (p) => `Virksomhedspraktik, P-nr.: ${p.pNumber()}`,
      (p) => `Fraværsoplysninger fra ${p.firm()}, p-nr ${p.pNumber()}`,
      (p) => `Løntilskud, arbejdssted p.nr. ${p.pNumber()}`,
    ],
  ],
  [
    'journal',
    'pass',
    [
      (p) => `J.nr. ${p.journal()}`,
      (p) => `Vores j.nr. ${p.journal()} – partshøring`,
      (p) => `Sagsnr. ${p.year()}-${p.digits(6)}`,
      (p) => `Jnr. ${p.digits(8, '23456789')}`,
      (p) => `Journalnr. ${p.digits(8, '23456789')} – afgørelse`,
      (p) => `Sag ${p.year()}-${p.digits(4)}`,
      (p) => `Sagsnummer S${p.year()}-${p.digits(6)}`,
      (p) => `Journalnummer: ${g44(p.digits(8, '23456789'))}`,
      (p) => `Deres j.nr. ${p.year() % 100}/${p.digits(5)}`,
      (p) => `Sagsnr. ${p.digits(8, '23456789')}, kontanthjælp`,
    ],
  ],
  [
    'date',
    'pass',
    [
      (p) => `Brev af ${p.date()}`,
      (p) => `Møde den ${p.day()}. ${p.monthName()} ${p.year()}`,
      (p) => `Periode ${p.date()} - ${p.date()}`,
      (p) => `Frist ${p.year()}-${p.pad2(p.month())}-${p.pad2(p.day())}`,
      (p) => `Lægeerklæring dateret ${p.date('').slice(0, 4)}${p.pad2(p.year() % 100)}`,
      (p) => `Udbetaling ${p.date('-')}`,
      (p) => `Møde ${p.shortDate()} kl. ${p.hour()}.00`,
      (p) => `Periode ${p.shortDate()}-${p.shortDate()}`,
      (p) => `Gældende fra ${p.date('/')} til ${p.date('/')}`,
      (p) => `Afgørelse af ${p.date('')}`,
      (p) => `Status pr. ${p.date()}`,
      (p) => `Revurdering ${p.pad2(p.month())}/${p.year()}`,
    ],
  ],
  [
    'amount',
    'pass',
    [
      (p) => `Udbetalt ${p.amount()} kr.`,
      (p) => `Efterbetaling kr. ${p.amount()}`,
      (p) => `Beløb: ${p.amount()} kr`,
      (p) => `Tilbagebetaling af ${p.digits(6, '123456789')},00 kr`,
      (p) => `Modregning ${p.amount()} kr. i ydelse for ${p.monthName()}`,
      (p) => `Udbetaling ${p.amount().replace(/\./g, ' ')} kr`,
      (p) => `Kontanthjælp ${p.amount()} kr. pr. måned`,
      (p) => `Samlet krav DKK ${p.digits(8, '23456789')},00`,
      (p) => `Fradrag -${p.amount()} kr`,
    ],
  ],
  [
    'account',
    'pass',
    [
      (p) => `Udbetaling til reg.nr. ${p.reg()} kontonr. ${p.account()}`,
      (p) => `NemKonto: reg. ${p.reg()} konto ${p.account()}`,
      (p) => `Reg.nr. ${p.reg()}, kontonummer ${p.account()}`,
      (p) => `Kontoudskrift, konto ${p.reg()} ${p.account()}`,
      (p) => `Ændring af NemKonto, reg.nr. ${p.reg()} kontonr. ${p.digits(8, '23456789')}`,
      (p) => `Udbetalt til kontonr. ${g44(p.digits(8, '23456789'))}`,
    ],
  ],
  [
    'invoice',
    'pass',
    [
      (p) => `Faktura nr. ${p.digits(10, '123456789')}`,
      (p) => `Fakturanr. ${p.digits(8, '23456789')}`,
      (p) => `Faktura ${p.year()}-${p.digits(4)}`,
      (p) => `Regning nr. ${p.digits(8, '23456789')}`,
      (p) => `Kreditnota til faktura nr. ${p.digits(8, '23456789')}`,
      (p) => `Ordrenr. ${p.digits(8, '23456789')}`,
      (p) => `Bilagsnr. ${p.digits(8, '23456789')}`,
      (p) => `Kundenr. ${p.digits(8, '23456789')}`,
      (p) => `EAN-nr. 579${p.digits(10)}`,
      (p) => `Faktura ${p.digits(10, '123456789')} fra ${p.firm()}`,
      (p) => `Ordre nr. ${p.digits(10, '123456789')}`,
      (p) => `Kundenummer ${p.digits(10, '123456789')}`,
    ],
  ],
  [
    'phone',
    'hold-phone',
    [
      (p) => `Ring på ${g22(p.phone())}`,
      (p) => `Kontakt jobcentret på tlf. ${p.phone()}`,
      (p) => `Telefon: +45 ${g22(p.phone())}`,
      (p) => `Mobil ${g44(p.phone())}`,
      (p) => `Sagsbehandler ${p.name()}, tlf. ${p.phone()}`,
      (p) => `Ring til ${p.name()} på ${g22(p.phone())} ved spørgsmål`,
      (p) => `Spørgsmål? Tlf.nr. ${p.phone()}`,
      (p) => `Sms til ${p.phone()}`,
      (p) => `Indkaldelse – ring ${g44(p.phone())} hvis du er forhindret`,
      (p) => `Lægens tlf 0045 ${p.phone()}`,
    ],
  ],
];

const CLEAN_EXTRA = [
  'Jobplan 2023',
  'Indkaldelse til samtale den 3. marts',
  'Bevilling efter LAB § 42',
  'Støtte efter servicelovens § 85',
  'Ansøgning om enkeltydelse (briller)',
  'Lægeerklæring LÆ 265',
  'Rehabiliteringsteamets indstilling',
  'Opfølgning i uge 12-14',
  'Tilbud om 4 ugers virksomhedspraktik',
  'Klage over afgørelse',
  'Aktindsigt i sagen',
  'Samtale kl. 10.30 på jobcentret',
  'Ressourceforløb i 2 år',
  'Hjælp til 3 børn',
  'Partshøring – svarfrist 14 dage',
  'Afgørelse: 37 timers fleksjob',
  'Brev 2 af 3',
  'Tilbagebetaling i 12 rater',
];

/** The common writings (plain, hyphen) have one way each; they get as many rows as the rarer classes. */
const MIN_ROWS_PER_WRITING_CLASS = 36;

/** Generates the corpus rows (the same rows for the same seed). */
export function generateSafetyNetCorpus(seed = CORPUS_SEED, perWriting = 9, perLookAlike = 6): CorpusRow[] {
  const rng = new Prng(seed);
  const p = new Parts(rng);
  const rows: CorpusRow[] = [];
  const seen = new Set<string>();
  const add = (row: CorpusRow): void => {
    if (seen.has(row.text)) return;
    seen.add(row.text);
    rows.push(row);
  };
  // a writing with its own CPR label goes into a title that has none
  const unlabelled = CPR_TITLES.filter((t) => !/cpr/i.test(t('', new Parts(new Prng(0)))));
  for (const [cls, writings] of WRITINGS) {
    const titles = cls === 'cpr-labelled' ? unlabelled : CPR_TITLES;
    const each = Math.max(perWriting, Math.ceil(MIN_ROWS_PER_WRITING_CLASS / writings.length));
    for (const write of writings) {
      for (let i = 0; i < each; i++)
        add({ text: rng.pick(titles)(write(aCpr(rng)), p), class: cls, expected: 'hold-cpr' });
    }
  }
  for (const [cls, expected, titles] of LOOK_ALIKES) {
    for (const title of titles) for (let i = 0; i < perLookAlike; i++) add({ text: title(p), class: cls, expected });
  }
  for (const title of [...Object.values(SAG_TITLER).flat(), ...Object.values(DOKUMENT_TITLER).flat(), ...CLEAN_EXTRA])
    add({ text: title, class: 'clean', expected: 'pass' });
  return rows;
}

import type { Dokument } from '../index-objects/dokument.schema';
import type { Sag } from '../index-objects/sag.schema';
import { keyedCprUrn } from '../cpr/keyed-party-urn';
import { aDokument, aParty, aSag, syntheticUuid } from '../testing/factories';
import { foreignDokumentReason, foreignDokumentViolations, type ForeignDokumentReason } from './dokument-link.rule';

const CITIZEN = aParty({ cprSeed: 11 });
const OTHER_CITIZEN = aParty({ cprSeed: 12 });
const MUNICIPALITY = '29189846';
const OTHER_MUNICIPALITY = '29189900';
const VENDOR = 'fs-vendor-a';
const OTHER_VENDOR = 'fs-vendor-b';
const owned = (cvr: string, fs: string) => ({ ejer: { cvr }, itSystem: { master: fs, afsender: fs } });

const sag = (o: Partial<Sag> = {}): Sag => aSag({ primaerPart: CITIZEN, ...owned(MUNICIPALITY, VENDOR), ...o });
const dok = (o: Partial<Dokument> = {}): Dokument =>
  aDokument({ uuid: syntheticUuid('link-rule-dok'), parter: [CITIZEN], ...owned(MUNICIPALITY, VENDOR), ...o });

describe('foreignDokumentReason', () => {
  it.each<[string, ForeignDokumentReason | null, Dokument, Partial<Sag>]>([
    ["the case's citizen, municipality and fagsystem", null, dok(), {}],
    ['the citizen as one of several parties', null, dok({ parter: [OTHER_CITIZEN, CITIZEN] }), {}],
    ['another citizen', 'party', dok({ parter: [OTHER_CITIZEN] }), {}],
    ['no party at all', 'party', dok({ parter: [] }), {}],
    ['a case without a primary party', 'party', dok(), { primaerPart: undefined }],
    ['another municipality', 'municipality', dok(owned(OTHER_MUNICIPALITY, VENDOR)), {}],
    ['another vendor', 'fagsystem', dok(owned(MUNICIPALITY, OTHER_VENDOR)), {}],
    [
      'another citizen, municipality and vendor',
      'party',
      dok({ parter: [OTHER_CITIZEN], ...owned(OTHER_MUNICIPALITY, OTHER_VENDOR) }),
      {},
    ],
  ])('a document of %s: %p', (_name, reason, d, s) => {
    expect(foreignDokumentReason(sag(s), d)).toBe(reason);
  });

  it("compares a delivered case's CPR URN with the keyed party the index stores", () => {
    const secret = 'test-only-cpr-hash-key-0123456789abcdef';
    const partyKey = (urn: string): string => (urn.startsWith('urn:oio:cpr-nr:') ? keyedCprUrn(urn, secret) : urn);
    const stored = (p: typeof CITIZEN) => ({ ...p, urn: keyedCprUrn(p.urn, secret) });
    expect(foreignDokumentReason(sag(), dok({ parter: [stored(CITIZEN)] }), partyKey)).toBeNull();
    expect(foreignDokumentReason(sag(), dok({ parter: [stored(OTHER_CITIZEN)] }), partyKey)).toBe('party');
    // without the key a stored keyed party is never the delivered one
    expect(foreignDokumentReason(sag(), dok({ parter: [stored(CITIZEN)] }))).toBe('party');
  });

  it('refuses a stored body that lacks its owner or master', () => {
    expect(foreignDokumentReason(sag(), { parter: [CITIZEN] })).toBe('municipality');
    expect(foreignDokumentReason(sag(), { parter: [CITIZEN], ejer: { cvr: MUNICIPALITY } })).toBe('fagsystem');
  });
});

describe('SAG-JOURNALPOST-FOREIGN-DOKUMENT', () => {
  const d = dok();
  const journal = (...uuids: string[]) =>
    sag({
      journalposter: [
        { notat: { titel: 'Notat', tekst: 'Opringning' } },
        ...uuids.map((dokumentUuid) => ({ dokumentUuid })),
      ],
    });
  const known = (docs: Record<string, Dokument>) => (uuid: string) => docs[uuid];

  it.each<[string, Record<string, Dokument>, string[]]>([
    ['same citizen: accepted', { [d.uuid]: d }, []],
    [
      'other citizen: refused',
      { [d.uuid]: { ...d, parter: [OTHER_CITIZEN] } },
      ['/object/journalposter/1/dokumentUuid'],
    ],
    [
      'other municipality: refused',
      { [d.uuid]: { ...d, ...owned(OTHER_MUNICIPALITY, VENDOR) } },
      ['/object/journalposter/1/dokumentUuid'],
    ],
    [
      'other vendor: refused',
      { [d.uuid]: { ...d, ...owned(MUNICIPALITY, OTHER_VENDOR) } },
      ['/object/journalposter/1/dokumentUuid'],
    ],
    ['document not known yet: accepted now, checked again when the entry is projected', {}, []],
  ])('%s', (_name, docs, pointers) => {
    const violations = foreignDokumentViolations(journal(d.uuid), known(docs));
    expect(violations.map((v) => v.pointer)).toEqual(pointers);
    expect(violations.every((v) => v.rule === 'SAG-JOURNALPOST-FOREIGN-DOKUMENT' && v.severity === 'error')).toBe(true);
  });

  it('names every foreign journal post, and no party, municipality or CPR number in its message', () => {
    const other = dok({ uuid: syntheticUuid('link-rule-other'), parter: [OTHER_CITIZEN] });
    const violations = foreignDokumentViolations(
      journal(d.uuid, other.uuid, other.uuid),
      known({ [d.uuid]: d, [other.uuid]: other }),
    );
    expect(violations.map((v) => v.pointer)).toEqual([
      '/object/journalposter/2/dokumentUuid',
      '/object/journalposter/3/dokumentUuid',
    ]);
    expect(violations[0]?.message).toBe(
      `dokument ${other.uuid} is not a document of this case's party, municipality and fagsystem`,
    );
  });
});

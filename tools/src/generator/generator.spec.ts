import {
  foreignDokumentViolations,
  parseCpr,
  projectCitizenOverview,
  scanCitizenVisibleTexts,
  validateDeliveryItem,
  type RuleContext,
  type UpsertDeliveryItem,
} from '@overblik/domain';
import { ETAPE_1_EMNER, labourMarketSeed } from '@overblik/kle';

import { acceptCitizen, NATIONAL_WORD_LIST } from './citizen-rows';
import {
  citizenCpr,
  DEFAULT_AS_OF,
  generateCitizen,
  generateCitizens,
  type GeneratedCitizen,
  type GeneratorOptions,
} from './citizen.generator';
import { DIRT, type DirtyKind } from './dirty-data';
import { DEMO_SCOPE, NATIONAL_MUNICIPALITIES, nationalKleConfigs } from './national-reference';

const CLEAN: GeneratorOptions = { seed: 42, dirtyShare: 0, asOf: DEFAULT_AS_OF };
const kle = labourMarketSeed();

function citizens(count: number, options: GeneratorOptions = CLEAN, from = 0): GeneratedCitizen[] {
  return [...generateCitizens(from, from + count, options)];
}

/** The rule context the worker would have for this citizen: every grant the citizen's items bring is known. */
function contextFor(citizen: GeneratedCitizen): RuleContext {
  const grants = new Set(
    citizen.items.filter((g) => g.item.object.objectType === 'bevilling').map((g) => g.item.object.uuid),
  );
  return { kle, knownBevilling: (uuid) => grants.has(uuid) };
}

type Outcome = { outcome: 'clean' | 'rejected' | 'held' | 'mapped'; rules: string[] };

/** What the platform does with one item: the delivery rules first, then the safety net on what passed. */
function outcomeOf(item: unknown, ctx: RuleContext): Outcome {
  const violations = validateDeliveryItem(item, ctx);
  const errors = violations.filter((v) => v.severity === 'error').map((v) => v.rule);
  if (errors.length) return { outcome: 'rejected', rules: errors };
  const held = scanCitizenVisibleTexts((item as UpsertDeliveryItem).object, NATIONAL_WORD_LIST).map((h) => h.hit.rule);
  if (held.length) return { outcome: 'held', rules: held };
  const mapped = violations.filter((v) => v.severity === 'mapped').map((v) => v.rule);
  return mapped.length ? { outcome: 'mapped', rules: mapped } : { outcome: 'clean', rules: [] };
}

describe('synthetic data generator', () => {
  it('gives byte-identical output for the same seed', () => {
    const a = citizens(40).map((c) => JSON.stringify(c));
    const b = citizens(40).map((c) => JSON.stringify(c));
    expect(b).toEqual(a);
  });

  it('gives other data for another seed', () => {
    const a = JSON.stringify(citizens(5));
    const b = JSON.stringify(citizens(5, { ...CLEAN, seed: 43 }));
    expect(b).not.toEqual(a);
  });

  it('makes a citizen the same whether alone or within a range', () => {
    expect(JSON.stringify(generateCitizen(17, CLEAN))).toEqual(JSON.stringify(citizens(3, CLEAN, 16)[1]));
  });

  it('makes every clean item pass the delivery rules and the safety net', () => {
    const failures: Array<{ index: number; type: string; outcome: Outcome }> = [];
    let checked = 0;
    for (const c of citizens(150)) {
      const ctx = contextFor(c);
      for (const g of c.items) {
        checked++;
        const outcome = outcomeOf(g.item, ctx);
        if (outcome.outcome !== 'clean') failures.push({ index: c.index, type: g.item.object.objectType, outcome });
      }
    }
    expect(checked).toBeGreaterThan(5000);
    expect(failures).toEqual([]);
  });

  it('sends every item from the master system of a municipality that system is connected to', () => {
    const connected = new Map(
      NATIONAL_MUNICIPALITIES.map((m) => [m.cvr, new Set(m.connections.map((c) => c.fagsystemId))]),
    );
    const wrong = citizens(100).flatMap((c) =>
      c.items.filter(
        (g) =>
          g.item.object.itSystem.master !== g.fagsystem || !connected.get(g.item.object.ejer.cvr)?.has(g.fagsystem),
      ),
    );
    expect(wrong).toEqual([]);
  });

  it('has about 5 cases, 10 documents, 2 grants and 24 payments per citizen', () => {
    const all = citizens(1000).flatMap((c) => c.items);
    const per = (type: string): number => all.filter((g) => g.item.object.objectType === type).length / 1000;
    expect(per('sag')).toBeCloseTo(5, 0);
    expect(per('dokument')).toBeGreaterThan(8);
    expect(per('dokument')).toBeLessThan(12);
    expect(per('bevilling')).toBeGreaterThan(1.5);
    expect(per('bevilling')).toBeLessThan(2.7);
    expect(per('effektuering')).toBeGreaterThan(18);
    expect(per('effektuering')).toBeLessThan(30);
  });

  it('spreads citizens over the municipalities by size', () => {
    const homes = citizens(3000).map((c) => c.municipalityCvr);
    const count = (name: string): number => {
      const cvr = NATIONAL_MUNICIPALITIES.find((m) => m.name === `${name} Kommune`)?.cvr;
      return homes.filter((home) => home === cvr).length;
    };
    expect(new Set(homes).size).toBeGreaterThan(80);
    expect(count('København')).toBeGreaterThan(count('Odense') * 2);
    expect(count('Odense')).toBeGreaterThan(count('Læsø') * 20);
  });

  it('uses synthetic CPR numbers: valid dates in 2040–2057, distinct, some without modulus 11', () => {
    const parsed = Array.from({ length: 5000 }, (_, i) => parseCpr(citizenCpr(42, i)));
    const ok = parsed.flatMap((p) => (p.ok ? [p.cpr] : []));
    expect(ok).toHaveLength(5000);
    expect(new Set(ok.map((c) => c.digits)).size).toBe(5000);
    expect(ok.every((c) => c.birthDate >= '2040-01-01' && c.birthDate <= '2057-12-31')).toBe(true);
    const mod11 = ok.filter((c) => c.modulus11).length / ok.length;
    expect(mod11).toBeGreaterThan(0.03);
    expect(mod11).toBeLessThan(0.5);
  });

  it('writes full fremdrift histories that start with Opstaaet and end no later than the as-of day', () => {
    const sager = citizens(200).flatMap((c) =>
      c.items.flatMap((g) => (g.item.object.objectType === 'sag' ? [g.item.object] : [])),
    );
    const states = new Set(sager.map((s) => s.fremdrift.map((f) => f.tilstand).join('>')));
    expect(sager.every((s) => s.fremdrift[0]?.tilstand === 'Opstaaet')).toBe(true);
    expect(sager.every((s) => s.fremdrift.every((f) => f.virkning.fra <= `${DEFAULT_AS_OF}T23:59:59Z`))).toBe(true);
    expect([...states].sort()).toEqual(
      expect.arrayContaining([
        'Opstaaet',
        'Opstaaet>Oplyst',
        'Opstaaet>Oplyst>Afgjort',
        'Opstaaet>Oplyst>Afgjort>Afsluttet',
      ]),
    );
  });

  it('puts documents on one or several cases', () => {
    const links = citizens(300).flatMap((c) =>
      c.items.flatMap((g) =>
        g.item.object.objectType === 'sag'
          ? (g.item.object.journalposter ?? []).flatMap((j) => ('dokumentUuid' in j ? [j.dokumentUuid] : []))
          : [],
      ),
    );
    const perDocument = new Map<string, number>();
    for (const id of links) perDocument.set(id, (perDocument.get(id) ?? 0) + 1);
    expect([...perDocument.values()].filter((n) => n > 1).length).toBeGreaterThan(10);
  });

  it('links a document only from a case of its own citizen, municipality and fagsystem', () => {
    // enough citizens that some have a case in a municipality they lived in before, with the same fagsystem
    const foreign = citizens(600).flatMap((c) => {
      const objects = c.items.map((g) => g.item.object);
      const dokumenter = new Map(objects.flatMap((o) => (o.objectType === 'dokument' ? [[o.uuid, o] as const] : [])));
      return objects.flatMap((o) =>
        o.objectType === 'sag'
          ? foreignDokumentViolations(o, (uuid) => dokumenter.get(uuid)).map((v) => `${o.uuid}${v.pointer}`)
          : [],
      );
    });
    expect(foreign).toEqual([]);
  });

  it('pays monthly with decimal-string amounts, set-offs explained and paid lower, and corrections', () => {
    const payments = citizens(300).flatMap((c) =>
      c.items.flatMap((g) => (g.item.object.objectType === 'effektuering' ? [g.item.object] : [])),
    );
    const amounts = payments.flatMap((p) => [
      p.bruttobeloeb,
      p.beloebEfterSkat,
      p.beloebTilUdbetaling,
      p.udbetaltBeloeb,
      ...p.linjer.map((l) => l.beloeb),
    ]);
    expect(amounts.every((a) => /^-?[0-9]+\.[0-9]{2}$/.test(a))).toBe(true);
    const setOffs = payments.filter((p) => p.forklaringer?.some((f) => f.startsWith('Modregning')));
    expect(setOffs.length).toBeGreaterThan(0);
    expect(setOffs.every((p) => Number(p.udbetaltBeloeb) < Number(p.beloebTilUdbetaling))).toBe(true);
    expect(
      payments.some((p) => p.forklaringer?.some((f) => f.startsWith('Efterregulering') || f.startsWith('Korrektion'))),
    ).toBe(true);
  });

  it('keeps the clean data the same whatever the dirty share', () => {
    const clean = citizens(30);
    const dirty = citizens(30, { ...CLEAN, dirtyShare: 0.2 });
    const cleanItems = clean.flatMap((c) => c.items);
    const dirtyItems = dirty.flatMap((c) => c.items);
    expect(dirtyItems).toHaveLength(cleanItems.length);
    const differing = dirtyItems.filter(
      (g, i) => !g.dirty && JSON.stringify(g.item) !== JSON.stringify(cleanItems[i]?.item),
    );
    expect(differing).toEqual([]);
  });

  it('makes the configured share of items dirty, within tolerance', () => {
    const items = citizens(400, { ...CLEAN, seed: 7, dirtyShare: 0.05 }).flatMap((c) => c.items);
    const share = items.filter((g) => g.dirty).length / items.length;
    expect(items.length).toBeGreaterThan(15_000);
    expect(Math.abs(share - 0.05)).toBeLessThan(0.01);
  });

  describe('each kind of dirt is caught by its rule', () => {
    const sample = citizens(250, { ...CLEAN, seed: 9, dirtyShare: 0.3 });
    const byKind = new Map<DirtyKind, Array<{ item: unknown; ctx: RuleContext; mappedTo?: string }>>();
    for (const c of sample) {
      const ctx = contextFor(c);
      for (const g of c.items)
        if (g.dirty)
          byKind.set(g.dirty.kind, [
            ...(byKind.get(g.dirty.kind) ?? []),
            { item: g.item, ctx, mappedTo: g.dirty.mappedTo },
          ]);
    }

    it.each(Object.entries(DIRT) as Array<[DirtyKind, { outcome: string; rule: string }]>)(
      '%s is %o',
      (kind, expected) => {
        const items = byKind.get(kind) ?? [];
        expect(items.length).toBeGreaterThan(0);
        const outcomes = items.map(({ item, ctx }) => outcomeOf(item, ctx));
        expect(outcomes.filter((o) => o.outcome !== expected.outcome || !o.rules.includes(expected.rule))).toEqual([]);
      },
    );

    it('maps a retired KLE emne back to the emne the case was about', () => {
      const retired = byKind.get('RETIRED_KLE') ?? [];
      expect(retired.length).toBeGreaterThan(0);
      for (const { item, ctx, mappedTo } of retired) {
        const mapped = validateDeliveryItem(item, ctx).find((v) => v.rule === 'KLE-RETIRED-REPLACED');
        expect(mapped?.mappedTo).toBe(mappedTo);
      }
    });
  });

  it('projects what the worker would keep: refused items dropped, held texts marked', () => {
    const c = generateCitizen(3, { ...CLEAN, seed: 11, dirtyShare: 0.3 });
    const accepted = acceptCitizen(c, contextFor(c));
    const overview = projectCitizenOverview(accepted.rows);
    const rejected = c.items.filter((g) => g.dirty?.outcome === 'rejected').map((g) => g.item.object.uuid);
    const held = c.items.filter((g) => g.dirty?.outcome === 'held').map((g) => g.item.object.uuid);
    const shown = [
      ...(overview?.sager ?? []),
      ...(overview?.bevillinger ?? []),
      ...(overview?.effektueringer ?? []),
    ].map((x) => x.id);
    expect(rejected.length + held.length).toBeGreaterThan(0);
    expect(shown.filter((id) => rejected.includes(id))).toEqual([]);
    expect(new Set(accepted.held.map((h) => h.objectId))).toEqual(new Set(held));
  });

  it('connects every municipality to one system of each category and configures etape 1 by 31/12/2020', () => {
    expect(NATIONAL_MUNICIPALITIES).toHaveLength(98);
    expect(NATIONAL_MUNICIPALITIES.every((m) => m.connections.length === 4)).toBe(true);
    expect(DEMO_SCOPE.map((m) => m.systems.JOBCENTER)).toEqual([
      'fs-jobnet',
      'fs-jobnet',
      'fs-jobnet',
      'fs-jobnet',
      'fs-jobnet',
    ]);
    const configs = nationalKleConfigs();
    const etape1 = configs.filter((c) => ETAPE_1_EMNER.includes(c.kle));
    expect(etape1).toHaveLength(98 * ETAPE_1_EMNER.length);
    expect(etape1.every((c) => c.fraDato <= '2020-12-31')).toBe(true);
  });
});

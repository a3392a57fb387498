import type { KleConfigLine, KleConfigSnapshot } from './kle-config.types';

export interface KleConfigFieldChange {
  field: keyof KleConfigLine;
  from: unknown;
  to: unknown;
}

export interface KleConfigDiff {
  added: KleConfigLine[];
  removed: KleConfigLine[];
  changed: Array<{ kle: string; changes: KleConfigFieldChange[] }>;
}

const FIELDS: ReadonlyArray<keyof KleConfigLine> = [
  'shown',
  'fraDato',
  'activeCaseOverride',
  'titleSource',
  'documentTitles',
  'selfserviceUrl',
  'borgerdkUrl',
  'fagsystemFilter',
  'contactPoints',
];

const normalised = (field: keyof KleConfigLine, value: unknown): string => {
  if (field === 'fagsystemFilter') return JSON.stringify([...(value as string[])].sort());
  return JSON.stringify(value ?? null);
};

/** What changes from one snapshot to the next: emner added, removed, and changed field by field (sorted by KLE). */
export function diffKleConfig(from: KleConfigSnapshot, to: KleConfigSnapshot): KleConfigDiff {
  const before = new Map(from.lines.map((l) => [l.kle, l]));
  const after = new Map(to.lines.map((l) => [l.kle, l]));
  const byKle = (a: KleConfigLine, b: KleConfigLine) => a.kle.localeCompare(b.kle);
  const added = [...after.values()].filter((l) => !before.has(l.kle)).sort(byKle);
  const removed = [...before.values()].filter((l) => !after.has(l.kle)).sort(byKle);
  const changed: KleConfigDiff['changed'] = [];
  for (const [kle, a] of [...after.entries()].sort(([x], [y]) => x.localeCompare(y))) {
    const b = before.get(kle);
    if (!b) continue;
    const changes = FIELDS.filter((f) => normalised(f, b[f]) !== normalised(f, a[f])).map((field) => ({
      field,
      from: b[field],
      to: a[field],
    }));
    if (changes.length) changed.push({ kle, changes });
  }
  return { added, removed, changed };
}

export const isEmptyDiff = (d: KleConfigDiff): boolean => !d.added.length && !d.removed.length && !d.changed.length;

import {
  ETAPE_1_EMNER,
  ETAPE_1_OMRAADER,
  KLE_SEED_UUID_NAMESPACE,
  LABOUR_MARKET_SEED_VERSION,
  kleSeedUuid,
  labourMarketSeed,
} from './labour-market.seed';

describe('labourMarketSeed', () => {
  const seed = labourMarketSeed();

  it('holds the labour-market hovedgrupper, grupper, emner and G01', () => {
    expect([
      seed.version,
      seed.hovedgrupper().map((node) => node.nummer),
      seed.grupper().map((node) => node.nummer),
      seed.emner().map((node) => node.nummer),
      seed.handlingsfacetter().map((node) => `${node.nummer} ${node.titel}`),
    ]).toEqual([
      LABOUR_MARKET_SEED_VERSION,
      ['15', '32'],
      ['15.17', '15.20', '32.21', '32.24', '32.27', '32.30'],
      [
        '15.17.06',
        '15.17.12',
        '15.17.22',
        '15.17.26',
        '15.20.24',
        '32.21.12',
        '32.24.04',
        '32.24.08',
        '32.24.12',
        '32.24.28',
        '32.24.32',
        '32.24.48',
        '32.27.10',
        '32.30.04',
      ],
      ['G01 Generelle sager'],
    ]);
  });

  it.each<[string, string]>([
    ['15', 'Arbejdsmarked og beskæftigelsesindsats'],
    ['32', 'Kontante ydelser'],
    ['15.17.06', 'Sygedagpengeopfølgning'],
    ['15.17.12', 'Revalidering'],
    ['15.17.22', 'Ressourceforløb'],
    ['15.17.26', 'Jobafklaringsforløb'],
    ['15.20.24', 'Fleksjob'],
    ['32.24.04', 'Hjælp til forsørgelse (kontanthjælp mv.)'],
    ['32.24.08', 'Revalideringsydelse'],
    ['32.24.12', 'Ledighedsydelse'],
    ['32.24.28', 'Ressourceforløbsydelse, ressourceforløb'],
    ['32.27.10', 'Fleksløntilskud'],
    ['32.30.04', 'Udbetaling af sygedagpenge'],
    ['32.21.12', 'Hjælp til enkeltudgifter'],
  ])('titles %s %j as KLE does', (nummer, titel) => {
    expect(seed.titleOf(nummer)).toBe(titel);
  });

  it.each<[string, boolean, string | undefined]>([
    ['32.24.32', true, '32.24.04'],
    ['32.24.48', true, '32.24.04'],
    ['32.24.04', false, undefined],
  ])('retires %s (%s) in favour of %j', (nummer, retired, replacement) => {
    expect([seed.isRetired(nummer), seed.isRetired(nummer, '2021-12-31'), seed.replacementFor(nummer)]).toEqual([
      retired,
      false,
      replacement,
    ]);
  });

  it('gives every node the UUID derived from its number, the same on every call', () => {
    const again = labourMarketSeed();
    expect([
      seed.nodes().every((node) => node.uuid === kleSeedUuid(node.nummer)),
      new Set(seed.nodes().map((node) => node.uuid)).size,
      seed.get('32.24.04')?.uuid,
      again.get('32.24.04')?.uuid,
      KLE_SEED_UUID_NAMESPACE,
    ]).toEqual([
      true,
      seed.size,
      '87fcc24f-1302-5c2c-b1bf-9562e971d778',
      '87fcc24f-1302-5c2c-b1bf-9562e971d778',
      '4e1531a1-f014-44f5-a068-3779ed4bf253',
    ]);
  });
});

describe('ETAPE_1_EMNER', () => {
  it('lists the emner etape 1 requires, each once', () => {
    expect(ETAPE_1_EMNER).toEqual([
      '32.30.04',
      '15.17.06',
      '32.24.04',
      '32.24.08',
      '15.17.12',
      '32.24.28',
      '32.24.12',
      '32.27.10',
      '32.21.12',
    ]);
  });

  it('names only emner of the seed that are in use', () => {
    const seed = labourMarketSeed();
    expect(ETAPE_1_EMNER.filter((nummer) => !seed.exists(nummer) || seed.isRetired(nummer))).toEqual([]);
  });

  it.each<[string, string[]]>([
    ['sygedagpenge', ['32.30.04', '15.17.06']],
    ['uddannelseshjælp', ['32.24.04']],
    ['revalidering', ['32.24.08', '15.17.12']],
  ])('maps the area %s to %j', (omraade, emner) => {
    expect(ETAPE_1_OMRAADER.find((area) => area.omraade === omraade)?.emner).toEqual(emner);
  });
});

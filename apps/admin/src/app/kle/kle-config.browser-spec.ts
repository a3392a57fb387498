import {
  aSag,
  aSyntheticCpr,
  buildDisplayConfiguration,
  caseHiddenBy,
  type CitizenOverviewDocument,
} from '@overblik/domain';
import { OverviewReadRepository } from '@overblik/persistence';
import { seedCitizenOverview, TEST_FAGSYSTEM, TEST_MUNICIPALITY } from '@overblik/testing';
import {
  expectNoSeriousAxeViolations,
  loginAs,
  screenshot,
  startAdminBrowserRig,
  type AdminBrowserRig,
} from '../web/testing/browser';

let rig: AdminBrowserRig;
let citizenKey: string;
const CVR = TEST_MUNICIPALITY.cvr;

beforeAll(async () => {
  rig = await startAdminBrowserRig(async (db) => {
    citizenKey = await seedCitizenOverview(db.dataSource, {
      cpr: aSyntheticCpr(9),
      sager: [
        aSag({
          uuid: '6f1c0c4e-6a39-4d7e-9a57-0c1f0a7d2301',
          ejer: { cvr: CVR },
          itSystem: { master: TEST_FAGSYSTEM.id, afsender: TEST_FAGSYSTEM.id },
          primaerKlasse: { kle: '15.20.24', virkning: { fra: '2024-01-01T00:00:00Z' } },
        }),
      ],
    });
  });
}, 120_000);
afterAll(async () => {
  await rig?.close();
});

/** The overview read path: the stored configuration through the display rules on the citizen's read model. */
async function citizenSeesCase(): Promise<boolean> {
  const db = rig.db.dataSource;
  const config = buildDisplayConfiguration(await new OverviewReadRepository(db).displayConfiguration());
  const [row] = (await db.query('select body from citizen_overview where citizen_key = $1', [citizenKey])) as Array<{
    body: CitizenOverviewDocument;
  }>;
  return caseHiddenBy(row!.body.sager[0]!, { config, today: '2026-12-01' }) === null;
}

describe('KLE configuration in the browser', () => {
  it('opens an emne with a fra-dato, previews the impact, submits, and a second administrator approves', async () => {
    const page = await rig.newPage();
    await loginAs(page, `admin1-${CVR}`);
    await page.goto(`/kommuner/${CVR}/kle`);
    await page.getByLabel('Søg i KLE').fill('fleksjob');
    await page.getByRole('button', { name: 'Søg' }).click();
    await page.getByRole('link', { name: '15.20.24' }).click();
    await expectNoSeriousAxeViolations(page);
    await page.getByLabel('Fra-dato', { exact: true }).fill('2020-01-01');
    await page.getByLabel('Link til selvbetjening').fill('http://usikker.example.dk');
    await page.getByRole('button', { name: 'Gem i kladden' }).click();
    await page.waitForSelector('#selfserviceUrl-error');
    expect(await page.locator('#selfserviceUrl-error').innerText()).toContain('https://');
    await expectNoSeriousAxeViolations(page);
    await screenshot(page, 'kle-emne-fejl');
    await page.getByLabel('Link til selvbetjening').fill('https://selvbetjening.example.dk/fleksjob');
    await page.getByRole('button', { name: 'Gem i kladden' }).click();
    await page.waitForURL((u) => u.pathname === `/kommuner/${CVR}/kle-kladde`);
    expect(await page.locator('#impact').innerText()).toMatch(/Sager\s+1\s+0/);
    await expectNoSeriousAxeViolations(page);
    await screenshot(page, 'kle-kladde-konsekvens');
    await page.getByRole('button', { name: 'Send til godkendelse' }).click();
    await page.waitForSelector('text=En anden administrator i kommunen skal godkende ændringen');
    await page.context().close();

    const second = await rig.newPage();
    await loginAs(second, `admin2-${CVR}`);
    await second.goto(`/kommuner/${CVR}/kle-kladde`);
    await expectNoSeriousAxeViolations(second);
    await screenshot(second, 'kle-godkend');
    await second.getByLabel('Begrundelse', { exact: true }).fill('Fleksjob åbnes for borgerne');
    expect(await citizenSeesCase()).toBe(false);
    await second.getByRole('button', { name: 'Godkend og offentliggør' }).click();
    await second.waitForURL((u) => u.pathname === `/kommuner/${CVR}/kle-versioner`);
    expect(await citizenSeesCase()).toBe(true);
    expect(await second.locator('h2').first().innerText()).toBe('Version 1 (i brug)');
    await expectNoSeriousAxeViolations(second);
    await screenshot(second, 'kle-versioner');
    await second.goto(`/kommuner/${CVR}/kle`);
    await screenshot(second, 'kle-oversigt');
    await second.context().close();
  });
});

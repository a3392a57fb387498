import { aSag, aSyntheticCpr, cprKey } from '@overblik/domain';
import { TEST_CPR_HASH_KEY, TEST_FAGSYSTEM, TEST_MUNICIPALITY } from '@overblik/testing';
import {
  expectNoSeriousAxeViolations,
  loginAs,
  screenshot,
  startAdminBrowserRig,
  type AdminBrowserRig,
} from './testing/browser';
import { seedHeldCase } from './testing/safety-net-seed';

let rig: AdminBrowserRig;
const cvr = TEST_MUNICIPALITY.cvr;
const admin1 = `admin1-${cvr}`;
const citizenKey = cprKey(aSyntheticCpr(21), TEST_CPR_HASH_KEY);
const owned = { ejer: { cvr }, itSystem: { master: TEST_FAGSYSTEM.id, afsender: TEST_FAGSYSTEM.id } };
const toRelease = aSag({
  ...owned,
  uuid: '8b1c0c4e-6a39-4d7e-9a57-0c1f0a7d0201',
  titel: 'Samtale om misbrug i familien',
});
const toKeep = aSag({
  ...owned,
  uuid: '8b1c0c4e-6a39-4d7e-9a57-0c1f0a7d0202',
  titel: 'Skriv til raadgiver@kommune.dk om sagen',
});
let releaseId = '';

beforeAll(async () => {
  rig = await startAdminBrowserRig(async (db) => {
    releaseId = await seedHeldCase(db.dataSource, citizenKey, toRelease, "word on the municipality's list");
    await seedHeldCase(db.dataSource, citizenKey, toKeep, 'e-mail address');
  });
});
afterAll(async () => {
  await rig?.close();
});

describe('safety-net review in the browser', () => {
  it('releases a held record, which leaves the queue', async () => {
    const page = await rig.newPage();
    await loginAs(page, admin1);
    await page.getByRole('link', { name: 'Tilbageholdte', exact: true }).first().click();
    await page.waitForSelector('#held-queue');
    const queue = page.locator('#held-queue');
    expect(await queue.innerText()).toContain('Samtale om ••••••• i familien');
    expect(await queue.innerText()).not.toContain('misbrug');
    await expectNoSeriousAxeViolations(page);
    await screenshot(page, 'tilbageholdt');

    await page.getByRole('link', { name: 'Samtale om ••••••• i familien' }).click();
    await page.waitForSelector('#masked-text');
    await expectNoSeriousAxeViolations(page);
    await screenshot(page, 'tilbageholdt-post');
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get('frigivet') === releaseId),
      page.getByRole('button', { name: 'Frigiv' }).click(),
    ]);
    expect(await page.getByRole('status').innerText()).toContain('Oplysningen er frigivet');
    expect(await page.locator('#held-queue').innerText()).not.toContain('Samtale om');
    expect(await page.locator('#held-queue').innerText()).toContain('Skriv til •••••••••@•••••••.•• om sagen');
    await page.context().close();
  });

  it('keeps a record hidden only with a reason, shown next to the field', async () => {
    const page = await rig.newPage();
    await loginAs(page, admin1);
    await page.goto(`/kommuner/${cvr}/tilbageholdt`);
    await page.getByRole('link', { name: /@/ }).click();
    await page.getByRole('button', { name: 'Behold skjult' }).click();
    await page.waitForSelector('#reason-error');
    expect(await page.locator('#reason-error').innerText()).toContain(
      'Skriv, hvorfor oplysningen skal forblive skjult.',
    );
    await expectNoSeriousAxeViolations(page);
    await page.getByLabel('Begrundelse').fill('Adressen er en privat adresse');
    await page.getByRole('button', { name: 'Behold skjult' }).click();
    await page.waitForSelector('#kept');
    expect(await page.locator('#kept').innerText()).toContain(`${admin1}: Adressen er en privat adresse`);
    await page.context().close();
  });

  it('adds a word to the list, refusing a bad one in Danish next to the field', async () => {
    const page = await rig.newPage();
    await loginAs(page, admin1);
    await page.getByRole('link', { name: 'Ordliste', exact: true }).first().click();
    await page.waitForSelector('#words');
    await page.getByLabel('Ord', { exact: true }).fill('to ord');
    await page.getByRole('button', { name: 'Tilføj' }).click();
    await page.waitForSelector('#word-error');
    expect(await page.locator('#word-error').innerText()).toContain('2–64 bogstaver');
    await expectNoSeriousAxeViolations(page);
    await screenshot(page, 'ordliste-fejl');
    await page.getByLabel('Ord', { exact: true }).fill('familien');
    await page.getByRole('button', { name: 'Tilføj' }).click();
    await page.waitForSelector('#rescan-result');
    expect(await page.locator('#words').innerText()).toContain('familien');
    await expectNoSeriousAxeViolations(page);
    await screenshot(page, 'ordliste');
    await page.goto('/revisionsspor');
    expect(await page.locator('main').innerText()).toContain('wordlist.add');
    await expectNoSeriousAxeViolations(page);
    await screenshot(page, 'revisionsspor');
    await page.context().close();
  });
});

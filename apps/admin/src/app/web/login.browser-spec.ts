import { TEST_MUNICIPALITY } from '@overblik/testing';
import {
  expectNoSeriousAxeViolations,
  loginAs,
  screenshot,
  startAdminBrowserRig,
  type AdminBrowserRig,
} from './testing/browser';

let rig: AdminBrowserRig;
const admin1 = `admin1-${TEST_MUNICIPALITY.cvr}`;

beforeAll(async () => {
  rig = await startAdminBrowserRig();
});
afterAll(async () => {
  await rig?.close();
});

describe('logging in and out in the browser', () => {
  it('shows a wrong password as a Danish message next to the field, and the page stays accessible', async () => {
    const page = await rig.newPage();
    await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/log-ind');
    await expectNoSeriousAxeViolations(page);
    await screenshot(page, 'log-ind');
    await page.getByLabel('Brugernavn').fill(admin1);
    await page.getByLabel('Adgangskode').fill('forkert-kodeord');
    await page.getByRole('button', { name: 'Log ind' }).click();
    await page.waitForSelector('#password-error');
    expect(await page.locator('#password-error').innerText()).toContain('Brugernavnet eller adgangskoden er forkert.');
    expect(await page.getByLabel('Adgangskode').getAttribute('aria-describedby')).toContain('password-error');
    expect(await page.locator('.alert-error').innerText()).toContain('Brugernavnet eller adgangskoden er forkert.');
    await expectNoSeriousAxeViolations(page);
    await screenshot(page, 'log-ind-fejl');
    await page.context().close();
  });

  it('logs in to the front page and out again', async () => {
    const page = await rig.newPage();
    await loginAs(page, admin1);
    expect(await page.locator('h1').innerText()).not.toBe('');
    expect(await page.content()).toContain('Administrator 1');
    await expectNoSeriousAxeViolations(page);
    await screenshot(page, 'forside-kommune');
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/log-ind'),
      page.getByRole('button', { name: 'Log ud' }).click(),
    ]);
    await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/log-ind');
    await page.context().close();
  });

  it('shows the operator the municipalities', async () => {
    const page = await rig.newPage();
    await loginAs(page, 'operator');
    expect(await page.content()).toContain(TEST_MUNICIPALITY.name);
    await expectNoSeriousAxeViolations(page);
    await screenshot(page, 'forside-operatoer');
    await page.context().close();
  });
});

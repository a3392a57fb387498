import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { AdminAccessRepository } from '@overblik/persistence';
import { generateDevKeyPair, loadConfig, type DevKeyPair } from '@overblik/platform';
import {
  createTestDatabase,
  DEV_ADMIN_PASSWORD,
  devAdminUsers,
  OTHER_MUNICIPALITY,
  seedTestReference,
  TEST_MUNICIPALITY,
  testEnv,
  type TestDatabase,
} from '@overblik/testing';
import { adminConfigSchema } from '../../admin.config';
import { createAdminApp } from '../../admin.app';
import { WORKSPACE_ROOT_OF_ADMIN } from '../paths';

/** Debian's Chromium, headless, without anything that talks to the network by itself. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface AdminBrowserRig {
  db: TestDatabase;
  app: INestApplication;
  keys: DevKeyPair;
  baseUrl: string;
  browser: Browser;
  /** A fresh page in its own browser context (its own cookies), at the app's address. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * The admin app on an ephemeral port with its own test database and the development users, and a
 * headless Chromium to drive it. `seed` runs against the database before the app boots.
 */
export async function startAdminBrowserRig(seed?: (db: TestDatabase) => Promise<void>): Promise<AdminBrowserRig> {
  const db = await createTestDatabase();
  await seedTestReference(db.dataSource);
  await new AdminAccessRepository(db.dataSource).upsertUsers(
    await devAdminUsers([TEST_MUNICIPALITY, OTHER_MUNICIPALITY]),
  );
  if (seed) await seed(db);
  const keys = await generateDevKeyPair('admin-browser-test');
  const app = await createAdminApp(
    loadConfig(adminConfigSchema, testEnv(db, { ADMIN_JWKS: keys.jwks, ADMIN_COOKIE_SECURE: 'false' })),
  );
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  return {
    db,
    app,
    keys,
    baseUrl,
    browser,
    async newPage() {
      const context = await browser.newContext({
        baseURL: baseUrl,
        locale: 'da-DK',
        viewport: { width: 1280, height: 900 },
      });
      return context.newPage();
    },
    async close() {
      await browser.close().catch(() => undefined);
      await app.close();
      await db.drop();
    },
  };
}

/** Log in with the local login form as a development user; ends on the front page. */
export async function loginAs(page: Page, username: string, password = DEV_ADMIN_PASSWORD): Promise<void> {
  await page.goto('/log-ind');
  await page.getByLabel('Brugernavn').fill(username);
  await page.getByLabel('Adgangskode').fill(password);
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/'),
    page.getByRole('button', { name: 'Log ind' }).click(),
  ]);
}

/** axe-core on the page as it is now: no violation of impact serious or critical. */
export async function expectNoSeriousAxeViolations(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const serious = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  expect({ url: page.url(), serious }).toEqual({ url: page.url(), serious: [] });
}

export const SCREENSHOT_DIR = path.join(WORKSPACE_ROOT_OF_ADMIN, 'docs/screenshots');

/** A full-page screenshot in docs/screenshots/<name>.png, only when SCREENSHOTS=1 (`npm run screenshots`). */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env['SCREENSHOTS'] !== '1') return;
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`screenshot names are kebab-case: ${name}`);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

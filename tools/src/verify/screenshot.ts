/**
 * The picture of the HTML report in the vendor guide: a verification run against one defective simulator
 * variant (the CPR number in document titles, default), its report.html rendered in Debian's Chromium.
 *   npm run screenshot:verify-report -- [variant] [docs/screenshots/compliance-report.png]
 */
import path from 'node:path';
import { chromium } from 'playwright-core';
import { renderHtml, verifyProvider } from '@overblik/compliance';
import { isSimulatorVariant, SIMULATOR_FAGSYSTEM, startSimulator } from '../simulators/simulator';

async function main(): Promise<void> {
  const variant = process.argv[2] ?? 'cpr-in-document-title';
  if (!isSimulatorVariant(variant)) throw new Error(`unknown variant ${variant}`);
  const file = path.resolve(process.argv[3] ?? 'docs/screenshots/compliance-report.png');
  const sim = await startSimulator({ variant });
  const run = await verifyProvider({
    baseUrl: sim.url,
    fagsystem: { id: SIMULATOR_FAGSYSTEM, version: '2026.11' },
  }).finally(() => sim.close());
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.setContent(renderHtml(run), { waitUntil: 'load' });
    await page.screenshot({ path: file, fullPage: true });
  } finally {
    await browser.close();
  }
  process.stdout.write(`${file}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});

#!/usr/bin/env node
// Renders images/icon.svg to images/icon.png (256×256), the Marketplace icon
// (the Marketplace takes PNG only), with Debian's Chromium through
// playwright-core. Run after editing the SVG; the PNG is committed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const svg = readFileSync(path.join(here, '..', 'images', 'icon.svg'), 'utf8');
const browser = await chromium.launch({
    executablePath: process.env.PMPATH_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
});
try {
    const page = await browser.newPage({ viewport: { width: 256, height: 256 }, deviceScaleFactor: 1 });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page.locator('svg').screenshot({ path: path.join(here, '..', 'images', 'icon.png'), omitBackground: true });
} finally {
    await browser.close();
}
console.log('images/icon.png written');

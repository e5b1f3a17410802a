/**
 * Headless Debian Chromium for browser tests (playwright-core, no bundled
 * browser download). Screenshots go to `test-results/` (git-ignored; CI keeps
 * them as artefacts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.PMPATH_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) console.warn(`SKIPPED: no Chromium at ${CHROMIUM} (apt-get install chromium, or set PMPATH_CHROMIUM); browser tests do not run.`);

export const resultsDir = path.resolve(import.meta.dirname, '../../test-results/browser');

export async function launchChromium(): Promise<Browser> {
    fs.mkdirSync(resultsDir, { recursive: true });
    return chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
}

/** Fraction of pixels in a PNG screenshot that differ from white, computed in the page (no PNG decoder needed). */
export const NON_WHITE_SCRIPT = `async (dataUrl) => {
  const img = new Image();
  img.src = dataUrl;
  await img.decode();
  const canvas = document.createElementNS('http://www.w3.org/1999/xhtml', 'canvas');
  canvas.width = img.width; canvas.height = img.height;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const data = ctx.getImageData(0, 0, img.width, img.height).data;
  let dark = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200) dark++;
  return dark / (data.length / 4);
}`;

#!/usr/bin/env node
// Prints the page's icon as a PNG data URI, drawn by Chromium from the SVG below (index.html carries the
// PNG). Why not the SVG itself: an SVG icon made Chromium build a whole SVG document on the page's main
// thread while the app was loading (15-30 ms in traces of a start), where a PNG is decoded off it.
// Usage: node scripts/favicon.mjs   (then paste the output into index.html's <link rel="icon">)
import { chromium } from 'playwright-core';

const svg = `<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'><rect width='16' height='16' rx='3' fill='#0f4c5c'/><path d='M3 6h10M8 3v10M4 6l-1.5 4h3zM12 6l-1.5 4h3z' stroke='#fff' fill='none'/></svg>`;
const size = 32;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  const uri = await page.evaluate(async ({ svg, size }) => {
    const image = new Image();
    image.src = `data:image/svg+xml,${encodeURIComponent(svg)}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = size;
    canvas.getContext('2d').drawImage(image, 0, 0, size, size);
    return canvas.toDataURL('image/png');
  }, { svg, size });
  console.log(uri);
} finally {
  await browser.close();
}

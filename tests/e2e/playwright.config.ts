import { defineConfig } from '@playwright/test';

// The system Chromium (Debian), kept off the network: these flags stop its background connections.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

const port = 4173;

export default defineConfig({
  testDir: '.',
  outputDir: './.output',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://127.0.0.1:${port}/timbang/`,
    browserName: 'chromium',
    launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs },
    locale: 'id-ID',
    trace: 'off',
  },
  webServer: {
    // TIMBANG_DIST serves another build (e.g. one made with its own target dir); the default is dist/.
    command: `node tests/e2e/serve.mjs ${process.env.TIMBANG_DIST ?? 'dist'} ${port}`,
    cwd: '../..',
    url: `http://127.0.0.1:${port}/timbang/`,
    reuseExistingServer: false,
    timeout: 20_000,
  },
});

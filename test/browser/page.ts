/**
 * One page in Debian's headless Chromium, driven by playwright-core (never
 * a downloaded browser): files served from memory on 127.0.0.1, the page's
 * index.html opened, and the value it stores in a global read back once set.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serveFiles } from './serve.js';

/** Debian's Chromium, which scripts/install-toolchains.sh installs. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Serves `files`, opens their index.html and returns `globalThis[result]`
 * once the page has set it. `extraArgs` go to Chromium's command line (a
 * development tool passes V8 flags).
 */
export async function runPage<T>(files: ReadonlyMap<string, Uint8Array>, result: string, timeoutMs: number, extraArgs: readonly string[] = []): Promise<T> {
  const server = await serveFiles(files);
  const profile = mkdtempSync(join(tmpdir(), 'ingot-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...extraArgs],
  });
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}index.html`);
    await page.waitForFunction((name) => (globalThis as Record<string, unknown>)[name] !== undefined, result, { timeout: timeoutMs });
    return (await page.evaluate((name) => (globalThis as Record<string, unknown>)[name], result)) as T;
  } finally {
    await context.close();
    await server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

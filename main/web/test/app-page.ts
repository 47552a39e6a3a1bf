// The app in headless Chromium over the app's own lab (LabHost) with one target `name`: made and prepared as the
// seed's target, on the network cable, powered on and at its prompt, the page at the start screen. For browser
// tests of the app's lab windows; close() in after().
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startWebServer, type WebServer } from '../server.ts';
import { ensureRenderer } from '../renderer-build.ts';
import { appLab } from '../lab-factory.ts';
import type { LabHost } from '../../api/host/lab/lab-host.ts';
import { waitForPrompt } from '../../api/host/lab/console-runner.ts';
import { prepareTarget } from '../../engine/provision/prepare.ts';
import { openBrowser } from './browser.ts';
import { shots } from './hello-page.ts';

export interface AppPage { lab: LabHost; server: WebServer; page: Page; workspace: string; close(): Promise<void> }

/** `problems` collects browser console errors and server log lines (a test ends by asserting it is empty). */
export async function appPage(name: string, tempPrefix: string, problems: string[]): Promise<AppPage> {
  const lab = appLab();
  const engine = await lab.lab();
  await engine.newTarget(name);
  await prepareTarget(engine, name, {});
  engine.cable({ kind: 'net', a: 'host', b: name });
  lab.setNetCable(name, true);
  await Promise.all([engine.power(name, true), ensureRenderer()]);
  await waitForPrompt(lab, engine, name, 120_000);
  const workspace = mkdtempSync(path.join(os.tmpdir(), tempPrefix));
  mkdirSync(shots, { recursive: true });
  const server = await startWebServer({ workspace, port: 0, log: (m) => problems.push(`server: ${m}`), lab });
  const { page, close: closeBrowser } = await openBrowser(problems, /ENGINE_NOT_AVAILABLE/);
  await page.goto(server.url);
  await page.getByText('Create a new project').waitFor();
  return {
    lab, server, page, workspace,
    async close() {
      await closeBrowser();
      await server.close();
      await lab.close();
      rmSync(workspace, { recursive: true, force: true });
    },
  };
}

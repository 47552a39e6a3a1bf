// A web server and a Chromium page over a running target with KmdfHelloWorld installed (the engine's hello-target
// fixture), for browser tests of the target's windows. Call in before(); close() in after().
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startWebServer, type WebServer } from '../server.ts';
import { ensureRenderer } from '../renderer-build.ts';
import { LabHost } from '../../api/host/lab/lab-host.ts';
import { repoRoot } from '../../toolchain/clang.ts';
import { helloTarget, type HelloTarget } from '../../engine/test/fixtures/hello-target.ts';
import { CHROMIUM, openBrowser } from './browser.ts';

export const shots = path.join(repoRoot, 'test-results');

export interface HelloPage {
  page: Page; server: WebServer; target: HelloTarget;
  /** Browser console errors and server log lines: a test ends by asserting it is empty. */
  problems: string[];
  close(): Promise<void>;
}

/** undefined when Chromium is not installed (the test skips and says why). */
export async function helloPage(name: string): Promise<HelloPage | undefined> {
  if (!existsSync(CHROMIUM)) return undefined;
  const problems: string[] = [];
  const [target] = await Promise.all([helloTarget(name), ensureRenderer()]);
  const workspace = mkdtempSync(path.join(os.tmpdir(), `dl-${name.toLowerCase()}-`));
  mkdirSync(shots, { recursive: true });
  const server = await startWebServer({ workspace, port: 0, log: (m) => problems.push(`server: ${m}`), lab: new LabHost(async () => target.lab) });
  const { page, close: closeBrowser } = await openBrowser(problems);
  return {
    page, server, target, problems,
    async close() {
      await closeBrowser();
      await server.close();
      await target.lab.shutdown();
      rmSync(workspace, { recursive: true, force: true });
    },
  };
}

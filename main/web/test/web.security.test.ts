// The web build's boundary. In headless Chromium the page has no privileged API (no require, process, Buffer,
// no Node modules, no file://) and our CSP blocks inline script and eval. Over raw HTTP/WebSocket (adding to the
// token/Origin cases in main/api/test/contract.test.ts): look-alike tokens and origins, other paths, other Host
// names (DNS rebinding) and path traversal are refused.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startWebServer, type WebServer } from '../server.ts';
import { ensureRenderer } from '../renderer-build.ts';

const CHROMIUM = '/usr/bin/chromium';
let server: WebServer, workspace: string;
let context: BrowserContext | undefined, page: Page, profile: string | undefined;
const violations: string[] = [];

before(async () => {
  await ensureRenderer();
  workspace = mkdtempSync(path.join(os.tmpdir(), 'dl-websec-'));
  server = await startWebServer({ workspace, port: 0, log: () => {}, lab: false });
  if (!existsSync(CHROMIUM)) return;
  profile = mkdtempSync(path.join(os.tmpdir(), 'dl-websec-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = context.pages()[0] ?? await context.newPage();
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.warn(`CSP ${e.violatedDirective}`));
  });
  page.on('console', (m) => { if (m.text().startsWith('CSP ')) violations.push(m.text()); });
});
after(async () => {
  await context?.close();
  await server?.close();
  for (const d of [workspace, profile]) if (d) rmSync(d, { recursive: true, force: true });
});

test('the page has no Node, no file system and no privileged API', async (t) => {
  if (!context) { t.skip(`${CHROMIUM} is not installed (apt-get install -y chromium)`); return; }
  const res = await page.goto(server.url);
  assert.match(res?.headers()['content-security-policy'] ?? '', /script-src 'self'(;|$)/);
  await page.getByText('Create a new project').waitFor();
  // Page scripts are strings: the test runner's TypeScript transform would add helpers the page does not have.
  const seen = await page.evaluate(`(async () => {
    const names = ['require', 'process', 'Buffer', 'module', 'exports', '__dirname', 'global', 'fs', 'electron', 'driverlabIpc', 'nodeRequire'];
    const present = names.filter((n) => typeof globalThis[n] !== 'undefined');
    const attempt = async (f) => { try { await f(); return 'reached'; } catch { return 'refused'; } };
    return { present, nodeImport: await attempt(() => import('node:fs')), fileFetch: await attempt(() => fetch('file:///etc/passwd')) };
  })()`) as { present: string[]; nodeImport: string; fileFetch: string };
  assert.deepEqual(seen.present, [], `globals the page must not have: ${seen.present.join(', ')}`);
  assert.equal(seen.nodeImport, 'refused');
  assert.equal(seen.fileFetch, 'refused');
});

test('the CSP blocks inline script, eval and new Function', async (t) => {
  if (!context) { t.skip(`${CHROMIUM} is not installed`); return; }
  violations.length = 0;
  const r = await page.evaluate(`(async () => {
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = true;';
    document.body.appendChild(s);
    const a = document.createElement('a');
    a.setAttribute('onclick', 'window.__handlerRan = true'); document.body.appendChild(a); a.click();
    const tryIt = (f) => { try { f(); return 'ran'; } catch (e) { return e.name; } };
    const timer = tryIt(() => setTimeout('window.__timerRan = true'));
    await new Promise((res) => setTimeout(res, 50));
    return { inline: window.__inlineRan === true, handler: window.__handlerRan === true,
      eval: tryIt(() => (0, eval)('1 + 1')), fn: tryIt(() => new Function('return 1')()), timer };
  })()`) as { inline: boolean; handler: boolean; eval: string; fn: string; timer: string };
  await page.waitForTimeout(50);
  assert.equal(r.inline, false, 'inline <script> did not run');
  assert.equal(r.handler, false, 'inline event handler did not run');
  assert.equal(r.eval, 'EvalError');
  assert.equal(r.fn, 'EvalError');
  assert.equal(await page.evaluate('window.__timerRan === true'), false, 'setTimeout(string) did not run');
  assert.ok(violations.some((v) => /script-src/.test(v)), `CSP reported the blocks: ${violations.join(', ')}`);
});

/** The HTTP status a WebSocket upgrade gets (101 when let in). */
function upgrade(pathAndQuery: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${pathAndQuery}`, { headers });
    ws.on('open', () => { ws.close(); resolve(101); });
    ws.on('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(0));
  });
}

test('the WebSocket refuses look-alike tokens, other origins and other paths', async () => {
  const good = `http://127.0.0.1:${server.port}`;
  const tok = server.token;
  const cases: [string, Record<string, string>, number][] = [
    [`/api?token=${tok.toUpperCase() === tok ? tok.toLowerCase() : tok.toUpperCase()}`, { Origin: good }, 401],
    [`/api?token=${tok.slice(0, -1)}`, { Origin: good }, 401],
    [`/api?token=${tok}x`, { Origin: good }, 401],
    [`/api?token=`, { Origin: good }, 401],
    [`/api?x=1&token=${encodeURIComponent(' ' + tok)}`, { Origin: good }, 401],
    [`/api`, { Origin: good, Authorization: `Bearer ${tok}` }, 401],
    [`/api?token=${tok}`, { Origin: 'null' }, 403],
    [`/api?token=${tok}`, { Origin: `http://127.0.0.1:${server.port + 1}` }, 403],
    [`/api?token=${tok}`, { Origin: `https://127.0.0.1:${server.port}` }, 403],
    [`/api?token=${tok}`, { Origin: `http://127.0.0.1:${server.port}.evil.example` }, 403],
    [`/other?token=${tok}`, { Origin: good }, 404],
    [`/api/?token=${tok}`, { Origin: good }, 404],
    [`/api?token=${tok}`, { Origin: good }, 101],
    [`/api?token=${tok}`, { Origin: `http://localhost:${server.port}` }, 101],
  ];
  for (const [p, h, want] of cases) assert.equal(await upgrade(p, h), want, `${p.replace(tok, '<token>')} ${JSON.stringify(h).replace(tok, '<token>')}`);
});

/** Status of a plain GET with a given Host header and raw path. */
function get(rawPath: string, host = `127.0.0.1:${server.port}`): Promise<number> {
  return new Promise((resolve, reject) => {
    const q = request({ host: '127.0.0.1', port: server.port, path: rawPath, headers: { Host: host } }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
    q.on('error', reject);
    q.end();
  });
}

test('the web server serves only the renderer, only to its own Host names', async () => {
  assert.equal(await get('/'), 200);
  assert.equal(await get('/', 'evil.example'), 421, 'DNS rebinding: another Host name is refused');
  assert.equal(await get('/', `127.0.0.1.nip.io:${server.port}`), 421);
  for (const p of ['/../package.json', '/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/package.json', '/..\\..\\package.json', '/%00', '/index.html%00.js']) {
    assert.equal(await get(p), 404, p);
  }
});

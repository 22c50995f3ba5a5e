// parley studio in headless Chromium (driven by tests/studio_browser_test.sh): an edit moves
// the forecasts, "save as" writes a file whose forecasts are the page's, a refused edit
// shows the server's message and changes nothing, undo, "store this run", drag on a
// position chart, a screenshot; then the edit-to-chart time on the flagship and on a
// generated 100-actor x 8-issue scenario.
//
// node studio.test.mjs --parley P --url URL --store STORE --artefacts DIR --work DIR
// Exits 1 on any failed check, naming it.
import { spawn, execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
for (const key of ['parley', 'url', 'store', 'artefacts', 'work']) {
  if (!args[key]) {
    console.error(`usage: node studio.test.mjs --parley P --url URL --store STORE --artefacts DIR --work DIR (missing --${key})`);
    process.exit(2);
  }
}
const browserPath = process.env.CHROMIUM || '/usr/bin/chromium';
mkdirSync(args.artefacts, { recursive: true });

let passed = 0;
let failed = 0;
function check(ok, message) {
  if (ok) passed += 1;
  else {
    failed += 1;
    console.log('FAIL ' + message);
  }
  return ok;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// Parses CSV as parley writes it (quoted fields may hold commas).
function parseCsv(text) {
  const rows = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const fields = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quoted) {
        if (c === '"' && line[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false;
        else field += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') { fields.push(field); field = ''; } else field += c;
    }
    fields.push(field);
    rows.push(fields);
  }
  const [head, ...body] = rows;
  return body.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
}

const token = (url) => new URL(url).searchParams.get('token');
const salienceInput = (issue, actor) =>
  `input[data-issue="${issue}"][data-actor="${actor}"][data-field="salience"]`;
const version = (page) => page.$eval('#version', (el) => Number(el.textContent));

async function openPage(browser, url, errors, timeout = 120000) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.on('pageerror', (e) => errors.push('page error: ' + e.message));
  // (refused requests, 409 and 422, are part of the test; Chromium logs them as errors)
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (409|422)/.test(m.text())) errors.push('console error: ' + m.text());
  });
  page.on('dialog', (d) => d.accept());
  await page.goto(url, { waitUntil: 'load' });
  // the first State drawn (its version may be 0)
  await page.waitForFunction(() => window.parleyStudio && window.parleyStudio.renders > 0, { timeout });
  return page;
}

// Types a value into an input, presses Enter; with `expectEdit` waits until #version moves
// and returns the page's own edit-to-chart time (window.parleyStudio.lastUpdateMs).
async function typeValue(page, selector, text, expectEdit = true, timeout = 60000) {
  const before = await version(page);
  await page.$eval(selector, (el) => { el.focus(); el.select(); });
  await page.keyboard.type(text);
  const t0 = Date.now();
  await page.keyboard.press('Enter');
  if (!expectEdit) return null;
  await page.waitForFunction((v) => Number(document.querySelector('#version').textContent) > v, { timeout }, before);
  const [ms, server] = await page.evaluate(() => [window.parleyStudio.lastUpdateMs, window.parleyStudio.state.timing_ms.total]);
  return { ms, server, wall: Date.now() - t0, version: await version(page) };
}

async function forecastCells(page) {
  return page.$$eval('[data-forecast-model][data-forecast-issue]', (cells) =>
    cells.map((c) => ({ model: c.dataset.forecastModel, issue: c.dataset.forecastIssue, text: c.textContent.trim() })));
}

// Starts `parley studio FILE --port 0 ...` and resolves with the child and its address.
function startStudio(file, extra = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(args.parley, ['studio', file, '--port', '0', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no address from parley studio in 30 s:\n${out}${err}`)), 30000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/\S+\?token=[0-9a-f]+/);
      if (m) { clearTimeout(timer); resolve({ child, url: m[0], output: () => out + err }); }
    });
    child.stderr.on('data', (d) => { err += d; });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`parley studio exited (${code}):\n${out}${err}`)); });
  });
}

function stopStudio(studio) {
  return new Promise((resolve) => {
    studio.child.removeAllListeners('exit');
    const timer = setTimeout(() => { studio.child.kill('SIGKILL'); resolve('timeout'); }, 60000);
    studio.child.on('exit', (code, signal) => { clearTimeout(timer); resolve(signal ? 'signal ' + signal : code); });
    studio.child.kill('SIGINT');
  });
}

// A 100-actor x 8-issue scenario from a fixed seed (mulberry32).
function bigScenario(seed = 20170401) {
  let a = seed;
  const rand = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const actors = Array.from({ length: 100 }, (_, i) => `A${String(i + 1).padStart(3, '0')}`);
  let yaml = 'parley: 1\nname: Generated 100 actors x 8 issues\nactors:\n';
  for (const id of actors) yaml += `  - {id: ${id}, name: Actor ${id}, capability: ${1 + Math.floor(rand() * 10)}}\n`;
  yaml += 'issues:\n';
  for (let k = 1; k <= 8; k++) {
    yaml += `  - id: issue-${k}\n    name: Issue ${k}\n    scale: {min: 0, max: 100}\n`;
    yaml += `    status_quo: ${Math.round(rand() * 100)}\n    positions:\n`;
    for (const id of actors) {
      yaml += `      ${id}: {position: ${Math.round(rand() * 100)}, salience: ${(0.1 + 0.9 * rand()).toFixed(2)}}\n`;
    }
  }
  return yaml;
}

const browser = await puppeteer.launch({
  executablePath: browserPath,
  headless: true,
  protocolTimeout: 900000, // the 100x8 studio takes minutes to answer its first State
  args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage',
    '--disable-background-networking', '--disable-component-update', '--no-first-run', '--hide-scrollbars'],
});

const errors = [];
let flagshipMedian = NaN;
let bigMedian = NaN;
try {
  // ---- the flagship ------------------------------------------------------------------------
  const page = await openPage(browser, args.url, errors);
  const v0 = await version(page);
  const chnSalience = salienceInput('nk-pressure', 'CHN');
  check(await page.$eval(chnSalience, (el) => el.value) === '0.6', 'CHN salience on nk-pressure starts at 0.6');
  check((await page.$$('svg.position-chart[data-issue]')).length === 4, 'a position chart per issue');
  check((await page.$$('#forecast-chart svg')).length > 0, 'the forecasts chart is drawn');
  const cells0 = await forecastCells(page);
  check(cells0.length >= 4, `forecast cells: ${cells0.length}`);

  const times = [];
  const serverTimes = [];
  const first = await typeValue(page, chnSalience, '0.8');
  times.push(first.ms);
  serverTimes.push(first.server);
  check(first.version === v0 + 1, `#version ${first.version} after one edit (was ${v0})`);
  check(await page.$eval(chnSalience, (el) => el.value) === '0.8', 'the input shows 0.8 after the edit');
  const cells = await forecastCells(page);
  check(cells.length === cells0.length, 'as many forecast cells after the edit');
  check(JSON.stringify(cells) !== JSON.stringify(cells0), 'some forecast moved after the edit');
  check((await page.$$('td.moved')).length > 0, 'moved cells are highlighted');
  const changes = await page.$eval('#changes', (el) => el.textContent);
  check(changes.includes('0.8'), `"what moved" lists the change: ${changes.slice(0, 200)}`);

  // save as, then `parley run` on the saved file gives the page's forecasts
  const saved = join(args.work, 'saved.yaml');
  await page.$eval('#save-path', (el, p) => { el.value = p; }, saved);
  await page.click('#save-as');
  await page.waitForFunction(() => /Saved as/.test(document.querySelector('#status').textContent), { timeout: 30000 });
  check(existsSync(saved), `save as wrote ${saved}`);
  const csv = parseCsv(execFileSync(args.parley, ['run', saved, '-f', 'csv'], { encoding: 'utf8' }));
  check(csv.length === cells.length, `parley run on the saved file: ${csv.length} forecasts, the page ${cells.length}`);
  for (const row of csv) {
    const cell = cells.find((c) => c.model === row.model && c.issue === row.issue);
    check(cell && cell.text === Number(row.forecast).toFixed(2),
      `${row.model} on ${row.issue}: parley run says ${Number(row.forecast).toFixed(2)}, the page ${cell && cell.text}`);
  }
  // saving again over it asks (confirm, accepted) and overwrites
  await page.$eval('#status', (el) => { el.textContent = ''; });
  await page.click('#save-as');
  await page.waitForFunction(() => /Saved as/.test(document.querySelector('#status').textContent), { timeout: 30000 });
  check(true, 'save as over an existing file, confirmed');

  // a refused edit: the server's message beside the input, the old value back, no new version
  const vBefore = await version(page);
  const expected = await page.evaluate(async (t) => {
    const r = await fetch('/api/edit', {
      method: 'POST', headers: { 'X-Parley-Token': t, 'Content-Type': 'application/json' },
      body: JSON.stringify({ edits: [{ op: 'set', path: ['issues', 'nk-pressure', 'positions', 'CHN', 'salience'], value: 1.5 }] }),
    });
    return { status: r.status, body: await r.json() };
  }, token(args.url));
  check(expected.status === 422, `salience 1.5 is refused with 422 (got ${expected.status})`);
  await typeValue(page, chnSalience, '1.5', false);
  await page.waitForFunction((sel) => {
    const input = document.querySelector(sel);
    const slot = input.parentElement.querySelector('.field-error');
    return slot && slot.textContent.trim() !== '';
  }, { timeout: 30000 }, chnSalience);
  const shown = await page.$eval(chnSalience, (el) => el.parentElement.querySelector('.field-error').textContent.trim());
  check(shown === expected.body.error, `the field error shows the server's message: "${shown}" vs "${expected.body.error}"`);
  check(/1\.5/.test(shown), `the message names the value: ${shown}`);
  check(await page.$eval(chnSalience, (el) => el.value) === '0.8', 'the input has its old value back');
  await new Promise((r) => setTimeout(r, 300));
  check(await version(page) === vBefore, `#version unchanged after a refused edit (${await version(page)} vs ${vBefore})`);

  // undo with the keyboard (not while typing in an input)
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  await page.keyboard.down('Control');
  await page.keyboard.press('z');
  await page.keyboard.up('Control');
  await page.waitForFunction((v) => Number(document.querySelector('#version').textContent) > v, { timeout: 30000 }, vBefore);
  check(await page.$eval(chnSalience, (el) => el.value) === '0.6', 'undo puts the salience back to 0.6');
  check(JSON.stringify(await forecastCells(page)) === JSON.stringify(cells0), 'undo puts the forecasts back');
  check(await page.$eval('#redo', (el) => !el.disabled), 'redo is available after undo');

  // more edits for the timing (saliences on nk-program)
  for (const [actor, value] of [['USA', '0.8'], ['CHN', '0.9'], ['KOR', '0.7'], ['JPN', '0.6'], ['RUS', '0.8']]) {
    const r = await typeValue(page, salienceInput('nk-program', actor), value);
    times.push(r.ms);
    serverTimes.push(r.server);
  }
  flagshipMedian = median(times);
  console.log(`flagship edit-to-chart times (ms): ${times.map((t) => t.toFixed(0)).join(' ')}; ` +
    `of which the server (timing_ms.total): ${serverTimes.map((t) => t.toFixed(0)).join(' ')}`);

  // drag an actor on a position chart: the edit is sent on drop
  const vDrag = await version(page);
  const marker = await page.$('svg.position-chart[data-issue="nk-pressure"] [data-actor="RUS"] circle');
  await marker.scrollIntoView();
  const box = await marker.boundingBox();
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(cx + 8 * i, cy, { steps: 1 });
  await new Promise((r) => setTimeout(r, 100));
  check(await version(page) === vDrag, 'nothing is sent while dragging');
  await page.mouse.up();
  await page.waitForFunction((v) => Number(document.querySelector('#version').textContent) > v, { timeout: 30000 }, vDrag);
  const rus = await page.$eval('input[data-issue="nk-pressure"][data-actor="RUS"][data-field="position"]', (el) => Number(el.value));
  check(rus > 15, `dragging RUS to the right raised its position on nk-pressure (now ${rus})`);

  // store this run
  await page.click('#store-run');
  await page.waitForFunction(() => /Stored as run/.test(document.querySelector('#status').textContent), { timeout: 30000 });
  const runs = parseCsv(execFileSync(args.parley, ['runs', 'list', '--store', args.store, '-f', 'csv'], { encoding: 'utf8' }));
  check(runs.length === 1, `the store has one run (has ${runs.length})`);

  // the brief and the linkage findings of the current version (GET /api/analysis)
  await page.waitForFunction(() => window.parleyStudio.analysisVersion === window.parleyStudio.state.version, { timeout: 120000 });
  const brief = await page.$eval('#brief', (el) => el.textContent);
  check(brief.length > 100, 'the brief is shown');
  const linkage = await page.$eval('#linkage', (el) => el.textContent);
  check(/joint gain/.test(linkage), 'linkage findings are shown');

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(args.artefacts, 'studio-viewport.png') });
  await page.screenshot({ path: join(args.artefacts, 'studio.png'), fullPage: true });
  await page.close();

  // ---- 100 actors x 8 issues ---------------------------------------------------------------
  const bigFile = join(args.work, 'big-100x8.yaml');
  writeFileSync(bigFile, bigScenario());
  const big = await startStudio(bigFile);
  try {
    // every default model, the brief and the linkage analysis on 100 actors: slow on the server
    const bigPage = await openPage(browser, big.url, errors, 600000);
    const bigTimes = [];
    const bigServer = [];
    for (let i = 1; i <= 5; i++) {
      const r = await typeValue(bigPage, salienceInput(`issue-${i}`, `A00${i}`), '0.95', true, 600000);
      bigTimes.push(r.ms);
      bigServer.push(r.server);
    }
    bigMedian = median(bigTimes);
    console.log(`100x8 edit-to-chart times (ms): ${bigTimes.map((t) => t.toFixed(0)).join(' ')}; ` +
      `of which the server (timing_ms.total): ${bigServer.map((t) => t.toFixed(0)).join(' ')}`);
    check((await bigPage.$$('[data-forecast-issue]')).length >= 8, 'the 100x8 page shows forecasts');
    // the brief and the linkage findings of the last version arrive (seconds at this size)
    const t0 = Date.now();
    await bigPage.waitForFunction(() => window.parleyStudio.analysisVersion === window.parleyStudio.state.version, { timeout: 600000 });
    console.log(`100x8 brief and linkage shown ${((Date.now() - t0) / 1000).toFixed(1)} s after the last edit's forecasts`);
    await bigPage.close();
  } finally {
    const code = await stopStudio(big);
    check(code === 0, `the second studio exits 0 on SIGINT (got ${code})`);
  }
} catch (e) {
  check(false, 'unexpected: ' + (e && e.stack || e));
} finally {
  await browser.close();
}
for (const e of errors) check(false, e);
console.log(`studio edit-to-chart: flagship ${flagshipMedian.toFixed(0)} ms, 100x8 ${bigMedian.toFixed(0)} ms`);
console.log(`${passed} checks passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

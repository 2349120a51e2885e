// Real-browser test of the operator's path through the Camunda webapps, run by TasklistBrowserIT:
//
//   node src/test/browser/tasklist.mjs <baseUrl> <runId> <screenshotDir>
//
// Debian's chromium (/usr/bin/chromium, or $CHROMIUM) driven by playwright-core; no browser is downloaded.
// Run <runId> of controller-split-brain waits in "Choose the master" (Task_ChooseMaster). As demo/demo:
// Cockpit shows the running instance's "Command journal" tab; Tasklist shows the task with both controllers'
// outputs; vkt04 is chosen and the task completed; Cockpit's "Runbook runs" page then lists the finished run with
// its outcome and its journal. A screenshot per step goes to <screenshotDir>. Exit code 0 when every check held,
// 1 with the reason otherwise.

import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [baseUrl, runId, screenshotDir] = process.argv.slice(2);
if (!baseUrl || !runId || !screenshotDir) {
  console.error('usage: node tasklist.mjs <baseUrl> <runId> <screenshotDir>');
  process.exit(2);
}
mkdirSync(screenshotDir, {recursive: true});
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT = 30_000;

let step = 0;
async function shot(page, name) {
  step += 1;
  const file = join(screenshotDir, String(step).padStart(2, '0') + '-' + name + '.png');
  await page.screenshot({path: file, fullPage: true});
  console.log('screenshot ' + file);
}

function check(condition, message) {
  if (!condition) {
    throw new Error('check failed: ' + message);
  }
  console.log('ok: ' + message);
}

/**
 * Logs in on the webapp's log-in page that {@code url} shows to a browser without a session. The page may still be
 * redrawn (and the fields emptied) while it loads: fill, check, submit, and try again if the log-in page stays.
 */
async function login(page, url, app) {
  await page.goto(url);
  const username = page.getByPlaceholder('Username');
  const password = page.getByPlaceholder('Password');
  for (let attempt = 1; ; attempt++) {
    await page.waitForLoadState('networkidle');
    await username.fill('demo');
    await password.fill('demo');
    if (await username.inputValue() !== 'demo' || await password.inputValue() !== 'demo') {
      continue;
    }
    if (attempt === 1) {
      await shot(page, app + '-login');
    }
    await page.getByRole('button', {name: 'Log in'}).click();
    try {
      await username.waitFor({state: 'detached', timeout: 10_000});
      return;
    } catch (e) {
      if (attempt >= 3) {
        throw e;
      }
    }
  }
}

async function engineGet(page, path) {
  const r = await page.request.get(baseUrl + '/camunda/api/engine/engine/default' + path,
    {headers: {Accept: 'application/json'}});
  if (!r.ok()) {
    throw new Error('GET ' + path + ' answered ' + r.status());
  }
  return r.json();
}

const browser = await chromium.launch({executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage']});
const page = await browser.newPage({viewport: {width: 1440, height: 1000}});
page.setDefaultTimeout(TIMEOUT);
page.on('pageerror', e => console.log('page error: ' + e.message));
let failed = null;
try {
  // 1. Cockpit: the running instance, its "Command journal" tab shows the two checks so far
  const cockpit = baseUrl + '/camunda/app/cockpit/default/';
  await login(page, cockpit + '#/process-instance/' + runId + '/runtime', 'cockpit');
  await page.goto(cockpit + '#/process-instance/' + runId + '/runtime');
  const tab = page.locator('a, li', {hasText: 'Command journal'}).last();
  await tab.click();
  const running = page.locator('.harunbooks-journal-tab table.harunbooks-journal');
  await running.waitFor();
  const runningText = await running.innerText();
  check(runningText.includes('vkt03') && runningText.includes('vkt04') && runningText.includes('ipros_cluster_show'),
    'the Command journal tab of the running instance shows the checks on vkt03 and vkt04');
  await shot(page, 'cockpit-running-journal-tab');

  // 2. Tasklist: the task "Choose the master" of this run, with both controllers' outputs
  const tasks = await engineGet(page, '/task?processInstanceId=' + encodeURIComponent(runId)
    + '&taskDefinitionKey=Task_ChooseMaster');
  check(tasks.length === 1, 'the run waits in Task_ChooseMaster');
  const taskId = tasks[0].id;
  const tasklist = baseUrl + '/camunda/app/tasklist/default/';
  await page.goto(tasklist);
  await page.locator('.task-card, .tasks-list li').first().waitFor();
  await shot(page, 'tasklist-list');
  await page.goto(tasklist + '#/?task=' + taskId);
  const claim = page.locator('button', {hasText: /^\s*Claim\s*$/}).first();
  const masterField = page.getByLabel(/^Controller that stays master/);
  await claim.or(masterField).first().waitFor();
  if (await claim.isVisible()) {
    await claim.click();
  }
  await masterField.waitFor();
  const outputA = await page.getByLabel('Output on the first controller (nodeA)', {exact: true}).inputValue();
  const outputB = await page.getByLabel('Output on the second controller (nodeB)', {exact: true}).inputValue();
  check(outputA.includes('self main') && outputB.includes('self main') && outputA !== outputB,
    'the form shows both controllers\' outputs, each saying "self main"');
  check(await page.getByLabel('First controller (nodeA)', {exact: true}).inputValue() === 'vkt03'
    && await page.getByLabel('Second controller (nodeB)', {exact: true}).inputValue() === 'vkt04', 'the form names vkt03 and vkt04');
  const reportLink = page.getByRole('link', {name: /Run report/});
  check(await reportLink.count() > 0 && (await reportLink.first().getAttribute('href') || '').includes('/api/runs/' + runId + '/report'),
    'the form links the run report (variable runReport)');
  await shot(page, 'tasklist-choose-master');
  await masterField.fill('vkt04');
  await page.getByLabel('Why this controller (optional)', {exact: true}).fill('vkt04 got the master role legitimately (browser test)');
  await shot(page, 'tasklist-vkt04-chosen');
  await page.locator('button', {hasText: /^\s*Complete\s*$/}).first().click();
  await page.waitForFunction(async ([api, id]) => {
    const r = await fetch(api + '/task/' + id, {headers: {Accept: 'application/json'}});
    return r.status === 404;
  }, [baseUrl + '/camunda/api/engine/engine/default', taskId], {polling: 250, timeout: TIMEOUT});
  check(true, 'the task is completed');
  await shot(page, 'tasklist-completed');

  // 3. Cockpit: the finished run on the "Runbook runs" page, its outcome and its journal
  const deadline = Date.now() + 90_000;
  for (;;) {
    const h = await engineGet(page, '/history/process-instance/' + encodeURIComponent(runId));
    if (h.state !== 'ACTIVE') {
      check(h.state === 'COMPLETED', 'the run has completed');
      break;
    }
    if (Date.now() > deadline) {
      throw new Error('the run did not end within 90 s');
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  await page.goto(cockpit + '#/');
  await page.locator('a.harunbooks-runs-nav').click();
  const row = page.locator('tr.harunbooks-run[data-run-id="' + runId + '"]');
  await row.waitFor();
  check((await row.locator('.harunbooks-outcome').innerText()).trim() === 'recovered',
    'Runbook runs lists the finished run with outcome "recovered"');
  check(await row.locator('a.harunbooks-report-link').getAttribute('href') === '/api/runs/' + runId
    + '/report?format=html', 'the finished run links its report');
  const report = await page.request.get(baseUrl + '/api/runs/' + runId + '/report?format=html');
  check(report.status() === 200 && (await report.text()).includes('<table id="timeline">'),
    'the report link opens the run\'s report with the browser\'s session');
  await shot(page, 'cockpit-runbook-runs');
  await row.locator('button.harunbooks-open-journal').click();
  const journal = page.locator('tr.harunbooks-run[data-run-id="' + runId + '"] + tr table.harunbooks-journal');
  await journal.waitFor();
  const text = await journal.innerText();
  for (const command of ['systemctl stop ctlr-1', 'cp -rp /data/ctlr-1', '/usr/local/bin/im_deployer --ctlr-repl --update',
    'systemctl disable ctlr-1', '/usr/lib/check_mk_agent/local/ctlr_topo_check.sh']) {
    check(text.includes(command), 'the finished run\'s journal shows ' + command);
  }
  check(text.includes('DECISION') && text.includes('master=vkt04') && text.includes('demo'),
    'the journal shows demo\'s decision master=vkt04');
  await journal.scrollIntoViewIfNeeded();
  await shot(page, 'cockpit-finished-journal');
} catch (e) {
  failed = e;
  console.error(e.stack || String(e));
  try {
    await shot(page, 'failure');
  } catch (ignored) {
    // the screenshot of the failure is a courtesy
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);

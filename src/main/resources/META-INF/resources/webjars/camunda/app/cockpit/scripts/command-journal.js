// ha-runbooks Cockpit plugin (registered in config.js as a custom script): what a run did, for audit, in the
// Community Edition, whose Cockpit has no per-instance history.
//
// - "Command journal" tab on the process-instance view: every command the run sent (host, command, exit code,
//   duration, error, who had decided before), every decision (who, what they submitted), the PLANNED commands of a
//   plan, from GET /api/runs/{id}/journal, and a link to the run report (/api/runs/{id}/report?format=html).
// - "Runbook runs" page (navigation entry, route #/runbook-runs): finished runs, newest first, with their outcome
//   (historic variable "outcome"), report link and journal.
//
// Cockpit's own engine API (api.engineApi) answers with the browser's webapp session; the project's /api accepts
// the same session for reading (see io.harunbooks.security.SecurityConfiguration). All values are put into the page
// as text, never as HTML: command output comes from the hosts.

const ROUTE = '/runbook-runs';

/** The project's /api: next to the webapp, which lives at <context>/camunda (app-root). */
function apiBase() {
  const base = document.querySelector('base');
  const appRoot = (base && base.getAttribute('app-root')) || '/camunda';
  return appRoot.replace(/\/[^/]*$/, '') + '/api';
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => {
    if (v === undefined || v === null) {
      return;
    }
    if (k === 'className') {
      node.className = v;
    } else if (k === 'onclick') {
      node.addEventListener('click', v);
    } else {
      node.setAttribute(k, v);
    }
  });
  children.flat().forEach(c => {
    if (c !== undefined && c !== null) {
      node.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
  });
  return node;
}

async function getJson(url) {
  const r = await fetch(url, {credentials: 'same-origin', headers: {Accept: 'application/json'}});
  if (!r.ok) {
    throw new Error('GET ' + url + ' answered ' + r.status);
  }
  return r.json();
}

function time(iso) {
  if (!iso) {
    return '–';
  }
  const d = new Date(iso);
  return isNaN(d) ? String(iso) : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

function duration(ms) {
  if (ms === undefined || ms === null) {
    return '–';
  }
  return ms < 1000 ? ms + ' ms' : (ms / 1000).toFixed(1) + ' s';
}

function reportLink(id) {
  return el('a', {href: apiBase() + '/runs/' + encodeURIComponent(id) + '/report?format=html', target: '_blank',
    rel: 'noopener', className: 'harunbooks-report-link'}, 'Run report');
}

function excerpt(text) {
  if (!text) {
    return null;
  }
  return el('details', {}, el('summary', {}, 'output'), el('pre', {style: 'white-space: pre-wrap; max-height: 20em;'},
    text));
}

/** The journal of run {@code id} as a table, into {@code node}. */
async function renderJournal(node, id) {
  node.textContent = '';
  const status = el('p', {className: 'harunbooks-journal-status'}, 'Loading the command journal…');
  node.appendChild(status);
  let entries;
  try {
    entries = await getJson(apiBase() + '/runs/' + encodeURIComponent(id) + '/journal');
  } catch (e) {
    status.textContent = 'Could not load the command journal: ' + e.message;
    return;
  }
  const commands = entries.filter(e => e.kind !== 'DECISION').length;
  const decisions = entries.length - commands;
  status.textContent = entries.length === 0 ? 'Nothing in the journal yet.'
    : commands + ' command(s), ' + decisions + ' decision(s).';
  if (entries.length === 0) {
    return;
  }
  const body = el('tbody');
  entries.forEach((e, i) => {
    const failed = e.kind !== 'DECISION' && e.kind !== 'PLANNED' && (e.error || (e.exitCode !== null && e.exitCode !== 0));
    const row = el('tr', {className: 'harunbooks-journal-entry harunbooks-' + String(e.kind).toLowerCase()
        + (failed ? ' danger' : e.kind === 'DECISION' ? ' info' : e.kind === 'PLANNED' ? ' warning' : ''),
      'data-kind': e.kind},
    el('td', {}, i + 1),
    el('td', {}, e.kind === 'PLANNED' ? 'PLANNED (not sent)' : e.kind),
    el('td', {}, time(e.startedAt)),
    el('td', {}, e.kind === 'DECISION' ? '' : (e.host || '')),
    el('td', {}, e.kind === 'DECISION'
      ? [el('strong', {}, e.command || 'decision'), el('div', {className: 'harunbooks-decision-values'},
        e.stdout || '')]
      : [el('code', {className: 'harunbooks-command'}, e.command || ''), excerpt(e.stdout), excerpt(e.stderr)]),
    el('td', {}, e.kind === 'DECISION' || e.kind === 'PLANNED' ? '' : (e.exitCode === null ? '–' : e.exitCode)),
    el('td', {}, e.kind === 'DECISION' ? '' : duration(e.durationMs)),
    el('td', {}, e.error || ''),
    el('td', {}, e.actor || ''));
    body.appendChild(row);
  });
  node.appendChild(el('table', {className: 'cam-table table table-condensed harunbooks-journal'},
    el('thead', {}, el('tr', {}, ['#', 'kind', 'time', 'host', 'command / decision', 'exit', 'duration', 'error',
      'actor'].map(h => el('th', {}, h)))), body));
}

const journalTab = {
  id: 'harunbooks.commandJournal',
  pluginPoint: 'cockpit.processInstance.runtime.tab',
  priority: 20,
  label: 'Command journal',
  properties: {label: 'Command journal'},
  render: (node, {processInstanceId}) => {
    const journal = el('div', {className: 'harunbooks-journal-body'});
    node.appendChild(el('div', {className: 'harunbooks-journal-tab', style: 'padding: 10px;'},
      el('p', {}, reportLink(processInstanceId), ' · ',
        el('a', {href: '#' + ROUTE}, 'finished runs'), ' · ',
        el('button', {className: 'btn btn-xs btn-default', type: 'button',
          onclick: () => renderJournal(journal, processInstanceId)}, 'Refresh')),
      journal));
    renderJournal(journal, processInstanceId);
  }
};

const navigation = {
  id: 'harunbooks.runsNavigation',
  pluginPoint: 'cockpit.navigation',
  priority: 5,
  label: 'Runbook runs',
  properties: {path: ROUTE, label: 'Runbook runs'},
  render: node => {
    node.appendChild(el('a', {href: '#' + ROUTE, className: 'harunbooks-runs-nav'}, 'Runbook runs'));
  }
};

async function renderRuns(node, api) {
  node.textContent = '';
  const status = el('p', {}, 'Loading finished runs…');
  node.appendChild(status);
  let runs;
  let outcomes = {};
  try {
    runs = await getJson(api.engineApi
      + '/history/process-instance?finished=true&sortBy=endTime&sortOrder=desc&maxResults=100');
    if (runs.length > 0) {
      const vars = await getJson(api.engineApi + '/history/variable-instance?variableName=outcome&processInstanceIdIn='
        + runs.map(r => r.id).join(','));
      vars.forEach(v => {
        outcomes[v.processInstanceId] = v.value;
      });
    }
  } catch (e) {
    status.textContent = 'Could not load the finished runs: ' + e.message;
    return;
  }
  status.textContent = runs.length === 0 ? 'No finished runs yet.'
    : runs.length + ' finished run(s), newest first (at most 100).';
  const body = el('tbody');
  runs.forEach(run => {
    const journalCell = el('td', {colspan: '7'});
    const journalRow = el('tr', {className: 'harunbooks-run-journal', style: 'display: none;'}, journalCell);
    const toggle = el('button', {className: 'btn btn-xs btn-default harunbooks-open-journal', type: 'button',
      onclick: () => {
        const open = journalRow.style.display === 'none';
        journalRow.style.display = open ? '' : 'none';
        if (open) {
          renderJournal(journalCell, run.id);
        }
      }}, 'Command journal');
    body.appendChild(el('tr', {className: 'harunbooks-run', 'data-run-id': run.id},
      el('td', {}, time(run.endTime)),
      el('td', {}, run.processDefinitionName || run.processDefinitionKey || ''),
      el('td', {}, el('code', {}, run.id)),
      el('td', {}, run.state || ''),
      el('td', {className: 'harunbooks-outcome'}, outcomes[run.id] === undefined ? '–' : String(outcomes[run.id])),
      el('td', {}, reportLink(run.id)),
      el('td', {}, toggle)));
    body.appendChild(journalRow);
  });
  if (runs.length > 0) {
    node.appendChild(el('table', {className: 'cam-table table harunbooks-runs'},
      el('thead', {}, el('tr', {}, ['ended', 'runbook', 'run', 'state', 'outcome', 'report', 'journal']
        .map(h => el('th', {}, h)))), body));
  }
}

const runsPage = {
  id: 'harunbooks.runsPage',
  pluginPoint: 'cockpit.route',
  priority: 0,
  properties: {path: ROUTE, label: 'Runbook runs'},
  render: (node, {api}) => {
    const list = el('div');
    node.appendChild(el('div', {className: 'harunbooks-runs-page', style: 'padding: 20px;'},
      el('h1', {className: 'section-title'}, 'Runbook runs'),
      el('p', {}, 'Finished runs with their outcome, command journal and report. Running ones: open the process '
        + 'instance and its "Command journal" tab. ',
      el('button', {className: 'btn btn-xs btn-default', type: 'button', onclick: () => renderRuns(list, api)},
        'Refresh')),
      list));
    renderRuns(list, api);
  }
};

export default [journalTab, navigation, runsPage];

// The live request inspector (docs/toolkit.md "Request inspector"): a page of recent requests,
// then new ones as they arrive over Server-Sent Events. Plain script, no build step.
(function () {
  'use strict';
  // The API lives next to this page: /inspector -> /api/_inspector/..., and the same under a
  // path prefix.
  const base = location.pathname.replace(/inspector\/?$/, '') + 'api/_inspector';
  const rows = document.getElementById('requests');
  const live = document.getElementById('live');
  const empty = document.getElementById('empty');
  const statusFilter = document.getElementById('filter-status');
  const pathFilter = document.getElementById('filter-path');
  const records = [];

  function cell(text, className) {
    const td = document.createElement('td');
    td.textContent = text == null ? '' : String(text);
    if (className) td.className = className;
    return td;
  }

  function matches(record) {
    const status = statusFilter.value.trim();
    const path = pathFilter.value.trim();
    return (!status || String(record.status).startsWith(status)) &&
      (!path || record.path.includes(path));
  }

  function details(record) {
    const tr = document.createElement('tr');
    tr.className = 'details';
    const td = document.createElement('td');
    td.colSpan = 9;
    const parts = [
      ['request id', record.requestId],
      ['request content type', record.requestContentType],
      ['request body', record.requestBody],
      ['response body', record.responseBody],
    ];
    for (const [name, value] of parts) {
      const label = document.createElement('div');
      label.textContent = name;
      const pre = document.createElement('pre');
      pre.textContent = value == null ? '(none)' : value;
      td.append(label, pre);
    }
    tr.append(td);
    return tr;
  }

  function row(record) {
    const tr = document.createElement('tr');
    tr.className = 'request';
    tr.dataset.id = record.id;
    tr.append(
      cell(new Date(record.at).toLocaleTimeString()),
      cell(record.method),
      cell(record.path, 'path'),
      cell(record.status, 's' + String(record.status)[0]),
      cell(Math.round(record.durationMs)),
      cell(record.origin || ''),
      cell(record.credentials),
      cell(record.cors),
    );
    const diagnosis = document.createElement('td');
    for (const found of record.diagnoses) {
      const div = document.createElement('div');
      div.className = 'diagnosis';
      const code = document.createElement('b');
      code.textContent = found.code;
      div.append(code, document.createTextNode(' ' + found.message));
      diagnosis.append(div);
    }
    tr.append(diagnosis);
    tr.addEventListener('click', () => {
      const next = tr.nextElementSibling;
      if (next && next.className === 'details') next.remove();
      else tr.after(details(record));
    });
    return tr;
  }

  function render() {
    rows.replaceChildren(...records.filter(matches).map(row));
    empty.hidden = records.length > 0;
  }

  function add(record) {
    records.unshift(record);
    if (records.length > 500) records.pop();
    if (matches(record)) rows.prepend(row(record));
    empty.hidden = true;
  }

  statusFilter.addEventListener('input', render);
  pathFilter.addEventListener('input', render);

  fetch(base + '/requests?limit=500')
    .then((response) => response.json())
    .then((page) => {
      records.push(...page.items);
      render();
      const newest = records.length ? records[0].id : 0;
      const stream = new EventSource(base + '/stream?lastEventId=' + newest);
      stream.addEventListener('open', () => { live.textContent = 'live'; live.className = 'on'; });
      stream.addEventListener('error', () => { live.textContent = 'reconnecting…'; live.className = ''; });
      stream.addEventListener('request', (event) => add(JSON.parse(event.data)));
    })
    .catch((error) => { live.textContent = 'error: ' + error.message; });
})();

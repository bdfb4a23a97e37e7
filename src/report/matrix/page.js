
'use strict';
// The matrix page's behaviour: the filters, and the dialog that shows a
// cell. Everything shown comes from the JSON block and is set as text
// (textContent), never as markup: exchanges are whatever a target sent.
(function () {
  const data = JSON.parse(document.getElementById('matrix-data').textContent);
  const table = document.getElementById('matrix');
  const dialog = document.getElementById('detail');
  const title = document.getElementById('detail-title');
  const body = document.getElementById('detail-body');
  const form = document.getElementById('filters');
  const shown = document.getElementById('shown');
  let opener = null;

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function pre(text) { return el('pre', text); }

  function facts(pairs) {
    const list = el('dl');
    for (const [term, value] of pairs) {
      if (value === undefined || value === null || value === '') continue;
      list.append(el('dt', term));
      const dd = el('dd');
      if (value instanceof Node) dd.append(value); else dd.textContent = String(value);
      list.append(dd);
    }
    return list;
  }

  function issueLink(issue) {
    if (!issue) return null;
    if (!/^https?:\/\//i.test(issue)) return issue;
    const link = el('a', issue);
    link.href = issue;
    link.rel = 'noopener noreferrer';
    return link;
  }

  // The same lines the terminal and JUnit traces print.
  function trace(exchange) {
    const lines = ['> ' + exchange.request.method + ' ' + exchange.request.url];
    for (const [name, value] of exchange.request.headers) lines.push('> ' + name + ': ' + value);
    lines.push('> ' + exchange.request.body);
    lines.push('< HTTP ' + exchange.response.status + ' (' + exchange.response.elapsed_ms + ' ms)');
    for (const [name, value] of exchange.response.headers) lines.push('< ' + name + ': ' + value);
    lines.push('< ' + exchange.response.body);
    return lines.join('\n');
  }

  function show(rowIndex, colIndex) {
    const row = data.rows[rowIndex];
    const column = data.columns[colIndex];
    const cell = data.cells[rowIndex][colIndex];
    const [label, meaning] = data.labels[cell.verdict];
    title.textContent = row.name + ' — ' + column.name;
    body.replaceChildren();
    const verdict = el('p', null, 'verdict v-' + cell.verdict);
    verdict.append(el('strong', label), ': ' + meaning);
    body.append(verdict);
    body.append(facts([
      ['Target', column.name + (column.endpoint ? ' at ' + column.endpoint : ' (the built-in stub)')],
      ['Feature', row.feature],
      ['Where', row.location],
      ['Evidence', row.evidence ? row.evidence.toUpperCase() : null],
      ['Tags', row.tags.map((tag) => '@' + tag).join(' ')],
      ['Took', cell.elapsed_ms !== undefined ? cell.elapsed_ms + ' ms' : null],
    ]));
    if (cell.expected) {
      body.append(el('h3', cell.expected.outcome === 'flaky' ? 'Listed as flaky' : 'Listed as an expected failure'));
      body.append(facts([['Reason', cell.expected.reason], ['Issue', issueLink(cell.expected.issue)]]));
    }
    if (cell.reason) {
      body.append(el('h3', cell.verdict === 'skip' ? 'Why it was skipped' : 'Why it did not run'));
      body.append(el('p', cell.reason, 'reason'));
    }
    if (cell.failure) {
      body.append(el('h3', 'Failing step'));
      body.append(pre(cell.failure.step));
      body.append(el('h3', 'Reason'));
      body.append(pre(cell.failure.message));
    }
    if (cell.lenient && cell.lenient.length) {
      body.append(el('h3', 'Passed leniently'));
      const list = el('ul');
      for (const note of cell.lenient) list.append(el('li', note));
      body.append(list);
    }
    const exchanges = cell.exchanges || [];
    body.append(el('h3', 'HTTP exchanges (' + exchanges.length + ')'));
    if (!exchanges.length) body.append(el('p', 'None recorded.'));
    exchanges.forEach((exchange, index) => {
      const part = el('section', null, 'exchange');
      const heading = el('h4', 'Exchange ' + (index + 1) + ' of ' + exchanges.length + ': ' +
        (exchange.operation || '(no X-Amz-Target)') + ' ');
      const underTest = cell.first_action !== null && cell.first_action !== undefined && index >= cell.first_action;
      heading.append(el('span', underTest ? 'under test' : 'setup', 'role'));
      part.append(heading, pre(trace(exchange)));
      body.append(part);
    });
    if (typeof dialog.showModal === 'function') {
      if (!dialog.open) dialog.showModal();
    } else {
      dialog.setAttribute('open', '');
    }
    body.scrollTop = 0;
  }

  table.addEventListener('click', (event) => {
    const button = event.target.closest('td.cell button');
    if (!button) return;
    opener = button;
    show(Number(button.dataset.row), Number(button.dataset.col));
  });
  document.getElementById('detail-close').addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => { if (opener) opener.focus(); });

  const filters = {
    feature: document.getElementById('filter-feature'),
    evidence: document.getElementById('filter-evidence'),
    verdict: document.getElementById('filter-verdict'),
    target: document.getElementById('filter-target'),
    disagree: document.getElementById('filter-disagree'),
  };

  function apply() {
    const feature = filters.feature.value;
    const evidence = filters.evidence.value;
    const verdict = filters.verdict.value;
    const target = filters.target.value;
    const disagree = filters.disagree.checked;
    let visible = 0;
    let total = 0;
    for (const group of table.tBodies) {
      let any = false;
      for (const row of group.querySelectorAll('tr.scenario')) {
        total += 1;
        const verdicts = row.dataset.verdicts.split(' ');
        let keep = (!feature || row.dataset.feature === feature) &&
          (!evidence || row.dataset.evidence === evidence) &&
          (!disagree || row.dataset.disagree === '1');
        if (keep && verdict) {
          keep = target === '' ? verdicts.includes(verdict) : verdicts[Number(target)] === verdict;
        }
        row.hidden = !keep;
        if (keep) { any = true; visible += 1; }
      }
      group.hidden = !any;
    }
    shown.textContent = 'Showing ' + visible + ' of ' + total + ' scenarios.';
  }

  form.addEventListener('change', apply);
  form.addEventListener('submit', (event) => event.preventDefault());
  form.addEventListener('reset', () => setTimeout(apply, 0));
  apply();
}());

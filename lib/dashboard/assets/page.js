/* Dashboard page, part 5 of 5: the sweeps table, the page, live refresh. */

function sweepsTable(m) {
  if (!m.sweeps.length) return h('p', { class: 'muted', text: 'No sweep summaries in these logs.' });
  const head = ['Finished (UTC)', 'Result', 'Duration', 'Scanned', 'Due', 'Renewed', 'Recovered', 'Failed', 'Deferred', 'Pending import', 'Min days left', 'Throttled'];
  const rows = m.sweeps.map((s) => {
    const result = s.dry_run ? { text: 'dry run', cls: 'muted' } : sweepResult(s);
    return h('tr', null,
      h('td', { text: time(s.ts).replace(' UTC', '') }),
      h('td', null, h('span', { class: `badge ${result.cls}`, text: result.text })),
      h('td', { class: 'num', text: duration(s.duration_ms) }),
      ...[s.scanned, s.due, s.renewed, s.recovered, s.failed, s.deferred, s.pending_import].map((v) => h('td', { class: 'num', text: int(v) })),
      h('td', { class: `num ${daysClass(s.min_days_left)}`, text: days(s.min_days_left) }),
      h('td', { class: 'num', text: int(s.throttled) }));
  });
  return h('div', null, h('div', { class: 'table-wrap' },
    h('table', { testid: 'sweeps-table' }, h('thead', null, h('tr', null, head.map((t) => h('th', { text: t })))), h('tbody', null, rows))),
    h('p', { class: 'note', text: `The latest ${int(m.sweeps.length)} of ${int(m.fleet.sweeps)} sweeps, newest first.` }));
}

function header(m, options) {
  const sk = m.sources.skipped;
  const skipped = sk.malformed + sk.too_long + sk.not_object + sk.missing_fields;
  const parts = [
    m.as_of === null ? 'no dated lines yet' : `as of ${time(m.as_of)} (the latest log line)`,
    `${int(m.sources.lines)} lines from ${m.sources.files.join(', ') || 'no file'}`,
  ];
  return h('header', null,
    h('h1', { text: 'byok-keeper fleet' }),
    h('div', { class: 'sub' }, parts.join(' · '),
      skipped ? h('span', { class: 'warn', testid: 'skipped', text: ` · ${int(skipped)} lines skipped (${int(sk.malformed)} not JSON, ${int(sk.too_long)} too long, ${int(sk.not_object)} not objects, ${int(sk.missing_fields)} missing fields)` }) : null,
      options.live ? h('span', { class: 'live', id: 'live-status', text: ` · live, refreshed every ${options.live.interval_s} s` }) : null));
}

function render(m, options) {
  current = m;
  for (const u of charts) u.destroy();
  charts = [];
  const app = document.getElementById('app');
  const sweepsEl = h('div', { class: 'chart', testid: 'chart-sweeps' });
  const timelineEl = h('div', { class: 'timeline', testid: 'chart-timeline' });
  const throttleEl = h('div', { class: 'chart', testid: 'chart-throttling' });
  const errorsEl = h('div', { class: 'chart', testid: 'chart-errors' });
  const bucket = m.series.t.length ? ` Each bar is ${span(m.series.bucket_s)} of logs.` : '';
  app.replaceChildren(
    header(m, options),
    summary(m),
    section('Sweeps', `Keys renewed, recovered and failed per time bucket, and the lowest days left any sweep reported.${bucket}`, sweepsEl),
    section('Key expiry timeline', 'One row per key: when it was seen, each renewal, any time in Pending import, and how long its material stays valid after the last log line. Drag to zoom, double-click to reset.', timelineEl),
    h('div', { class: 'two' },
      section('Throttling', 'Calls the gateway throttled (HTTP 429 / APIG.0308) after the client retried.', throttleEl),
      section('Failed tries by error code', 'Every failed stage try or invocation; the sweep retries, so a try is not a lost key.', errorsEl)),
    section('Last sweeps', null, sweepsTable(m)),
    h('footer', null, `Model built ${m.generated_at.replace('T', ' ').slice(0, 19)} UTC. ${int(m.sources.other_events)} lines of other events ignored. Charts: uPlot 1.6.32 (MIT), bundled in this page.`));
  sweepsChart(sweepsEl, m);
  timeline(timelineEl, m);
  throttleChart(throttleEl, m);
  errorsChart(errorsEl, m);
}

/** Key rows travel as columns with mark times as differences (lib/dashboard/packModel.ts). */
function unpackKeys(m) {
  const { count, columns, delta } = m.keys;
  const rows = [];
  for (let i = 0; i < count; i++) {
    const row = {};
    for (const [field, values] of Object.entries(columns)) {
      let value = values[i];
      if (delta.includes(field)) {
        let t = 0;
        value = value.map((d) => (t += d));
      }
      row[field] = value;
    }
    rows.push(row);
  }
  return { ...m, keys: rows };
}

function readJson(id) {
  const el = document.getElementById(id);
  return el ? JSON.parse(el.textContent) : null;
}

const options = readJson('byok-options') || {};
render(unpackKeys(readJson('byok-model')), options);

let resizeTimer;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => render(current, options), 150);
});

if (options.live) {
  const poll = async () => {
    const status = document.getElementById('live-status');
    try {
      const response = await fetch('model.json', { cache: 'no-store' });
      if (!response.ok) throw new Error(String(response.status));
      const next = await response.json();
      if (next.rev !== current.rev) render(unpackKeys(next), options);
      else if (status) status.textContent = ` · live, refreshed every ${options.live.interval_s} s`;
    } catch {
      if (status) status.textContent = ' · live: the server does not answer';
    }
  };
  setInterval(poll, options.live.interval_s * 1000);
}

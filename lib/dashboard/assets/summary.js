/* Dashboard page, part 2 of 5: the summary cards. */

function sweepResult(sweep) {
  if (!sweep) return { text: 'no sweep yet', cls: 'muted' };
  if (sweep.pending_import > 0) return { text: `${int(sweep.pending_import)} in Pending import`, cls: 'bad' };
  if (sweep.failed > 0 || sweep.targets_failed > 0) return { text: `${int(sweep.failed + sweep.targets_failed)} failed`, cls: 'bad' };
  if (sweep.deferred > 0) return { text: `OK, ${int(sweep.deferred)} deferred`, cls: 'warn' };
  return { text: 'OK', cls: 'good' };
}

function card(title, testid, main, ...lines) {
  return h('div', { class: 'card', testid }, h('div', { class: 'card-title', text: title }), main, ...lines.map((l) => (typeof l === 'string' ? h('div', { class: 'card-line', text: l }) : l)));
}

function summary(m) {
  const f = m.fleet;
  const known = Object.keys(STATES).filter((s) => f.by_state[s]);
  const others = Object.keys(f.by_state).filter((s) => !STATES[s]).sort();
  const stateRows = [...known, ...others].map((s) =>
    h('div', { class: 'state-row', testid: `state-${s}` },
      h('span', { class: 'dot', background: stateOf(s).color }),
      h('span', { class: 'state-name', text: stateOf(s).label }),
      h('span', { class: 'state-count', text: int(f.by_state[s]) })));
  const last = f.last_sweep;
  const result = sweepResult(last);
  const closest = f.closest ? `closest to expiry: ${keyLabel(f.closest)} (${days(f.closest.days_left)} at the last line)` : null;
  return h('div', { class: 'cards' },
    card('Keys', 'keys', h('div', { class: 'big', testid: 'keys-total', text: int(f.keys) }),
      f.overdue ? h('div', { class: 'card-line bad', text: `${int(f.overdue)} past expiry with no renewal logged` }) : null,
      f.untracked_key_lines ? `${int(f.untracked_key_lines)} lines about keys beyond the tracking limit` : null),
    card('Keys by state', 'by-state', h('div', { class: 'states' }, stateRows.length ? stateRows : h('div', { class: 'muted', text: 'no keys in these logs' }))),
    card('Minimum days left', 'min-days', h('div', { class: `big ${daysClass(f.min_days_left)}`, text: days(f.min_days_left) }), 'at the last sweep', closest),
    card('Last sweep', 'last-sweep', h('div', { class: `${result.text.length > 12 ? 'mid' : 'big'} ${result.cls}`, text: result.text }),
      last ? `${time(last.ts)}, took ${duration(last.duration_ms)}` : null,
      last ? `scanned ${int(last.scanned)}, renewed ${int(last.renewed)}, recovered ${int(last.recovered)}` : null),
    card('Over these logs', 'totals', h('div', { class: 'big', text: `${int(f.sweeps)} sweeps` }),
      f.sweeps_unfinished ? h('div', { class: 'card-line bad', text: `${int(f.sweeps_unfinished)} started but never finished` }) : null,
      `${int(f.renewals)} renewals, ${int(f.recoveries)} recoveries`,
      h('div', { class: `card-line ${f.key_failures ? 'bad' : ''}`, text: `${int(f.key_failures)} key failures, ${int(f.errors)} failed tries` }),
      `${int(f.throttled)} throttled calls`,
      f.gaps ? `${int(f.gaps)} delete-first gaps, longest ${duration(f.max_gap_ms)}${f.gaps_open ? `, ${int(f.gaps_open)} left open` : ''}` : null));
}

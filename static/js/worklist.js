import { api, frame, el, $, $$, options, zh, day, dueBadge, showMessage } from './api.js';

const form = $('#filters');
const body = $('#list tbody');
let cursor = null;
let selected = 0;

$('#f-status').append(...options('status', '全部'));
$('#f-type').append(...options('case_type', '全部'));
$('#f-channel').append(...options('channel', '全部'));

function query(from) {
  const p = new URLSearchParams();
  for (const [k, v] of new FormData(form)) {
    if (!v || k === 'due') continue;
    p.set(k, v);
  }
  const due = form.due.value;
  if (due === 'overdue') p.set('overdue', 'true');
  else if (due) p.set('due_within_days', due);
  p.set('limit', '25');
  if (from) p.set('cursor', from);
  return p.toString();
}

async function load(from) {
  try {
    const r = await api('GET', '/cases?' + query(from));
    body.replaceChildren();
    for (const c of r.items) {
      const tr = el('tr', { tabindex: '-1', 'data-id': c.id },
        el('td', {}, el('a', { href: `/case?id=${c.id}` }, c.case_no)),
        el('td', {}, c.applicant.name),
        el('td', {}, zh('case_type', c.case_type)),
        el('td', {}, zh('channel', c.channel)),
        el('td', {}, day(c.received_at)),
        el('td', { class: 'status' }, zh('status', c.status)),
        el('td', {}, dueBadge(c) || ''));
      tr.addEventListener('click', () => select($$('tr', body).indexOf(tr)));
      tr.addEventListener('dblclick', open);
      body.append(tr);
    }
    if (!r.items.length) body.append(el('tr', {}, el('td', { colspan: 7, class: 'hint' }, '没有符合条件的案件')));
    cursor = r.next_cursor;
    $('#next').disabled = !cursor;
    select(0);
  } catch (e) {
    showMessage($('#msg'), e.message);
  }
}

function select(i) {
  const rows = $$('tr[data-id]', body);
  if (!rows.length) return;
  selected = Math.max(0, Math.min(i, rows.length - 1));
  rows.forEach((r, k) => r.classList.toggle('selected', k === selected));
  rows[selected].focus({ preventScroll: false });
}

function open() {
  const row = $$('tr[data-id]', body)[selected];
  if (row) location.href = `/case?id=${row.dataset.id}`;
}

document.addEventListener('keydown', (ev) => {
  if (ev.target.closest('form')) return;
  if (ev.key === 'j' || ev.key === 'ArrowDown') { select(selected + 1); ev.preventDefault(); }
  else if (ev.key === 'k' || ev.key === 'ArrowUp') { select(selected - 1); ev.preventDefault(); }
  else if (ev.key === 'Enter') open();
  else if (ev.key === 'n' && cursor) load(cursor);
  else if (ev.key === '/') { form.q.focus(); ev.preventDefault(); }
});
form.addEventListener('submit', (ev) => { ev.preventDefault(); load(); });
$('#next').addEventListener('click', () => cursor && load(cursor));
$('#first').addEventListener('click', () => load());

await frame('案件工作台');
const p = new URLSearchParams(location.search);
if (p.get('overdue')) form.due.value = 'overdue';
load();

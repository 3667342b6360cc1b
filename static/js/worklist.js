// The worklist: GET /cases with filters, paged by next_cursor; due and overdue cases stand out;
// j/k or arrows move, Enter opens. The single-key shortcuts act only outside the page header
// and form fields, and a switch turns them off (WCAG 2.1.4), remembered on this computer.
import { api, frame, el, $, $$, options, zh, day, dueOf, dueBadge, showMessage, hide, typing } from './api.js';
import { warnCalendar } from './calendar-warning.js';

const form = $('#filters');
const body = $('#list tbody');
const PAGE = 25;
let cursors = [null]; // cursors[i] opens page i
let page = 0;
let nextCursor = null;
let selected = 0;
let rows = [];

$('#f-status').append(...options('status', '全部'));
$('#f-type').append(...options('case_type', '全部'));
$('#f-channel').append(...options('channel', '全部'));

// The filters as the API's query (and the page's own URL, so a reload keeps them).
function filters() {
  const p = new URLSearchParams();
  for (const [k, v] of new FormData(form)) {
    const s = String(v).trim();
    if (!s || k === 'due') continue;
    p.set(k, s);
  }
  const due = form.due.value;
  if (due === 'overdue') p.set('overdue', 'true');
  else if (due !== '') p.set('due_within_days', due);
  return p;
}

async function load(to = 0) {
  hide($('#msg'));
  const p = filters();
  history.replaceState(null, '', p.toString() ? '?' + p : location.pathname);
  p.set('limit', String(PAGE));
  if (cursors[to]) p.set('cursor', cursors[to]);
  body.setAttribute('aria-busy', 'true');
  try {
    const r = await api('GET', '/cases?' + p);
    page = to;
    nextCursor = r.next_cursor;
    if (nextCursor) cursors[page + 1] = nextCursor;
    render(r.items);
  } catch (e) {
    showMessage($('#msg'), e.message);
  } finally {
    body.removeAttribute('aria-busy');
  }
}

function render(items) {
  rows = items;
  body.replaceChildren(...items.map((c, i) => {
    const d = dueOf(c);
    const tr = el('tr', { 'data-id': c.id, class: d && !d.paused && d.level !== 'later' ? 'row-' + d.level : '' },
      el('td', { class: 'nowrap' }, el('a', { href: `/case?id=${c.id}` }, c.case_no)),
      el('td', {}, c.applicant.name, c.duplicate_of && c.duplicate_of.length ? el('span', { class: 'badge warn', title: '同一申请人另有未结案件' }, '重复') : ''),
      el('td', {}, zh('case_type', c.case_type)),
      el('td', {}, zh('channel', c.channel)),
      el('td', { class: 'nowrap' }, day(c.received_at)),
      el('td', {}, el('span', { class: `badge status s-${c.status}` }, zh('status', c.status)), c.urgent ? el('span', { class: 'badge due-soon' }, '先行援助') : ''),
      el('td', {}, dueBadge(c) || ''),
      el('td', {}, c.lawyer_name || ''));
    tr.addEventListener('click', (ev) => { if (!ev.target.closest('a')) select(i); });
    tr.addEventListener('dblclick', open);
    return tr;
  }));
  if (!items.length) body.append(el('tr', {}, el('td', { colspan: 8, class: 'empty' }, '没有符合条件的案件')));
  const overdue = items.filter((c) => (dueOf(c) || {}).level === 'overdue' && !dueOf(c).paused).length;
  const soon = items.filter((c) => (dueOf(c) || {}).level === 'due-soon' && !dueOf(c).paused).length;
  $('#summary').replaceChildren(
    el('span', {}, '本页 ', el('strong', {}, items.length), ' 件'),
    overdue ? el('span', { class: 'badge overdue' }, `逾期 ${overdue} 件`) : '',
    soon ? el('span', { class: 'badge due-soon' }, `2天内到期 ${soon} 件`) : '',
    overdueAll ? el('button', { type: 'button', class: 'link', id: 'all-overdue', onclick: () => { form.due.value = 'overdue'; restart(); } },
      `全部逾期案件 ${overdueAll} 件，查看`) : '');
  $('#page-no').textContent = `第 ${page + 1} 页`;
  $('#prev').disabled = page === 0;
  $('#next').disabled = !nextCursor;
  selected = Math.min(selected, Math.max(items.length - 1, 0));
  select(items.length ? 0 : -1, false);
}

function select(i, focus = true) {
  const trs = $$('tr[data-id]', body);
  if (!trs.length || i < 0) return;
  selected = Math.max(0, Math.min(i, trs.length - 1));
  trs.forEach((r, k) => {
    r.classList.toggle('selected', k === selected);
    const a = r.querySelector('a');
    if (k === selected) a.setAttribute('aria-current', 'true'); else a.removeAttribute('aria-current');
  });
  const tr = trs[selected];
  tr.scrollIntoView({ block: 'nearest' });
  if (focus) tr.querySelector('a').focus({ preventScroll: true });
}

function open() {
  const c = rows[selected];
  if (c) location.href = `/case?id=${c.id}`;
}

// The total overdue, whatever the filters: a reminder that never scrolls away.
let overdueAll = '';
async function overdueCount() {
  try {
    const r = await api('GET', '/cases?overdue=true&limit=100');
    overdueAll = r.items.length ? r.items.length + (r.next_cursor ? '+' : '') : '';
  } catch { /* not essential */ }
}

function restart() { cursors = [null]; load(0); }

const shortcuts = $('#shortcuts');
shortcuts.checked = localStorage.getItem('worklist-shortcuts') !== 'off';
const syncShortcuts = () => {
  $('#keys-help').classList.toggle('off', !shortcuts.checked);
  localStorage.setItem('worklist-shortcuts', shortcuts.checked ? 'on' : 'off');
};
shortcuts.addEventListener('change', syncShortcuts);
syncShortcuts();

document.addEventListener('keydown', (ev) => {
  if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.isComposing) return;
  if (typing(ev)) {
    if (ev.key === 'Escape' && ev.target.closest('#filters')) { ev.target.blur(); select(selected); }
    return;
  }
  // Links, buttons and the header keep their own keys: Enter on the skip link or on 申请登记
  // goes there, not to the selected case.
  if (ev.target.closest('header, nav, button, [role=dialog], dialog')) return;
  const k = ev.key;
  const inList = !!ev.target.closest('#list');
  if (k === 'Enter') {
    // On a case's link the link itself opens it; with nothing focused, the selected case.
    if (!inList && (ev.target === document.body || ev.target.matches('main'))) { ev.preventDefault(); open(); }
    return;
  }
  if (k === 'ArrowDown' && inList) { select(selected + 1); ev.preventDefault(); return; }
  if (k === 'ArrowUp' && inList) { select(selected - 1); ev.preventDefault(); return; }
  if (!shortcuts.checked || ev.target.closest('a:not(#list a)')) return;
  if (k === 'j' || k === 'ArrowDown') { select(selected + 1); ev.preventDefault(); }
  else if (k === 'k' || k === 'ArrowUp') { select(selected - 1); ev.preventDefault(); }
  else if (k === 'n' && nextCursor) load(page + 1);
  else if (k === 'p' && page > 0) load(page - 1);
  else if (k === '/') { form.q.focus(); form.q.select(); ev.preventDefault(); }
  else if (k === 'o') { form.due.value = form.due.value === 'overdue' ? '' : 'overdue'; restart(); }
});
form.addEventListener('submit', (ev) => { ev.preventDefault(); restart(); });
form.addEventListener('change', (ev) => { if (ev.target.matches('select')) restart(); });
// 清除: every filter back to its empty value (the button had the id "reset", which shadowed
// form.reset(): "form.reset is not a function", and the filters stayed).
$('#clear-filters').addEventListener('click', () => {
  HTMLFormElement.prototype.reset.call(form);
  restart();
  form.q.focus();
});
$('#next').addEventListener('click', () => nextCursor && load(page + 1));
$('#prev').addEventListener('click', () => page > 0 && load(page - 1));

const me = await frame('案件工作台');
if (['reviewer', 'admin'].includes(me.role)) {
  document.querySelector('main').prepend(el('div', { id: 'calendar-warning' }));
  warnCalendar($('#calendar-warning'));
}
// Filters from the URL (a reload, a link from elsewhere).
const p = new URLSearchParams(location.search);
for (const [k, v] of p) if (form[k] && k !== 'due') form[k].value = v;
if (p.get('overdue') === 'true') form.due.value = 'overdue';
else if (p.get('due_within_days')) form.due.value = p.get('due_within_days');
await overdueCount();
await load(0);

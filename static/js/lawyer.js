// A lawyer's own cases (GET /cases answers a lawyer only its own): accept or decline, record
// stages, close. Phone first: one column, big touch targets, the applicant's number dialable.
import { api, frame, el, $, zh, dateTime, yuan, dueBadge, showMessage, hide, all, param,
  venueOptions, centers } from './api.js';
import { lawyerActions, stageText } from './actions.js';

const msg = $('#msg');
let user, cases = [], current = null, venueNames = new Map();

const ORDER = { assigned: 0, in_progress: 1, closed: 2, terminated: 3 };
const FILTERS = { open: ['assigned', 'in_progress'], assigned: ['assigned'], done: ['closed', 'terminated'] };

async function loadList() {
  cases = await all('/cases');
  cases.sort((a, b) => (ORDER[a.status] ?? 9) - (ORDER[b.status] ?? 9) || b.id - a.id);
  renderList();
}

function renderList() {
  const f = $('#filter input:checked').value;
  const shown = f ? cases.filter((c) => FILTERS[f].includes(c.status)) : cases;
  const waiting = cases.filter((c) => c.status === 'assigned').length;
  $('#count').textContent = `共 ${cases.length} 件${waiting ? `，${waiting} 件待接受` : ''}`;
  $('#cards').replaceChildren(...shown.map((c) => el('button', { type: 'button', class: 'case-card', 'data-id': c.id, onclick: () => open(c.id, true) },
    el('div', { class: 'line' }, el('span', { class: 'no' }, c.case_no), el('span', { class: `badge status s-${c.status}` }, zh('status', c.status))),
    el('div', { class: 'line' }, el('span', {}, `${c.applicant.name} · ${zh('case_type', c.case_type)}${c.stage ? ' · ' + zh('stage', c.stage) : ''}`), dueBadge(c) || ''),
    c.summary ? el('div', { class: 'line' }, el('span', {}, c.summary.length > 40 ? c.summary.slice(0, 40) + '…' : c.summary)) : '')));
  if (!shown.length) $('#cards').append(el('div', { class: 'card empty' }, f === 'assigned' ? '没有待接受的指派' : '没有案件'));
}

async function claims() {
  try {
    const items = await all('/subsidies');
    if (!items.length) return;
    $('#claims-card').classList.remove('hidden');
    $('#claims-sum').textContent = `合计 ${yuan(items.reduce((s, k) => s + k.total_fen, 0))}`;
    $('#my-claims').replaceChildren(...items.slice(0, 20).map((k) => el('tr', {}, el('td', {}, k.case_no || '值班'), el('td', {}, zh('item', k.item)),
      el('td', {}, zh('grade', k.grade)), el('td', { class: 'num' }, yuan(k.total_fen)), el('td', {}, zh('claim_status', k.status)))));
  } catch { /* claims are a convenience here */ }
}

const ctx = {
  get case() { return current; },
  msg,
  async done(after, title) {
    showMessage(msg, `${title}：已完成`, 'ok');
    current = after;
    renderDetail();
    loadList().catch(() => {});
    window.scrollTo({ top: 0, behavior: 'smooth' });
  },
  conflict: () => open(current.id, false),
};

async function open(id, push) {
  hide(msg);
  current = await api('GET', `/cases/${id}`);
  if (push) history.pushState({ id }, '', `?id=${id}`);
  renderDetail();
  window.scrollTo({ top: 0 });
}

function row(label, value) {
  return value == null || value === '' ? '' : [el('dt', {}, label), el('dd', {}, value)];
}

function renderDetail() {
  const c = current;
  hide($('#list-view'));
  $('#detail-view').classList.remove('hidden');
  document.title = `${c.case_no} · 我的案件`;
  const p = c.applicant;
  $('#detail').replaceChildren(
    el('div', { class: 'case-head' }, el('h1', { id: 'detail-no' }, c.case_no), el('span', { class: `badge status s-${c.status}`, id: 'detail-status' }, zh('status', c.status))),
    el('dl', { class: 'facts' },
      row('受援人', `${p.name}（${p.sex === 'F' ? '女' : '男'}，${p.birth_date ? p.birth_date.slice(0, 4) + '年生' : ''}）`),
      row('联系电话', p.phone ? el('a', { href: 'tel:' + p.phone, class: 'tel' }, p.phone) : '—'),
      row('住址', p.address),
      row('案件类型', zh('case_type', c.case_type)),
      row('诉讼阶段', zh('stage', c.stage)),
      row('援助事项', zh('matter', c.matter)),
      row('对方当事人', c.opposing_party),
      row('案情摘要', c.summary),
      row('指派时间', dateTime(c.assigned_at)),
      row('结案', c.closure ? `${c.closure.closed_on} ${c.closure.outcome}` : ''),
      row('质量等级', zh('grade', c.grade))));
  const acts = lawyerActions(c, ctx, 'venues');
  $('#actions').replaceChildren(...(acts.length ? acts : [el('p', { class: 'hint' }, c.status === 'closed' ? (c.grade ? '已结案并评定，补贴见“我的办案补贴”。' : '已结案，等待中心评定办案质量。') : '没有需要办理的事项。')]));
  $('#stage-list').replaceChildren(...((c.stages || []).length
    ? [el('ul', { class: 'timeline', id: 'stages' }, c.stages.map((s) => el('li', {}, el('div', { class: 'what' }, stageText(s, venueNames)), el('div', { class: 'when' }, `${s.started_on} 至 ${s.ended_on || '今'}`))))]
    : [el('p', { class: 'hint' }, '尚未记录办案阶段。')]));
  timeline(c);
}

async function timeline(c) {
  try {
    const r = await api('GET', `/cases/${c.id}/events`);
    $('#timeline').replaceChildren(...r.items.slice().reverse().map((e) => el('li', {},
      el('div', { class: 'what' }, zh('action', e.action)), el('div', { class: 'when' }, `${dateTime(e.at)} · ${e.actor || ''}`))));
  } catch { $('#timeline').replaceChildren(); }
}

function showList() {
  current = null;
  hide($('#detail-view'));
  $('#list-view').classList.remove('hidden');
  document.title = '我的案件 · 法律援助案件管理';
  renderList();
}

$('#back').addEventListener('click', () => { history.pushState({}, '', location.pathname); showList(); });
$('#filter').addEventListener('change', renderList);
window.addEventListener('popstate', () => { const id = param('id'); if (id) open(id, false); else showList(); });

user = await frame('我的案件');
try {
  await loadList();
  claims();
  const me = (await centers()).find((x) => x.id === user.center_id);
  if (me) {
    const opts = await venueOptions(me.region_code);
    venueNames = new Map(opts.map((o) => [o.value, o.textContent]));
    document.body.append(el('datalist', { id: 'venues' }, opts));
  }
  if (param('id')) await open(param('id'), false);
  document.body.dataset.loaded = 'true';
} catch (e) { showMessage(msg, e.message); }

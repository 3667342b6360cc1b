// A lawyer's own cases (GET /cases answers a lawyer only its own): accept or decline, record
// stages, close. Phone first: one column, big touch targets, the applicant's number dialable.
import { api, frame, el, $, $$, zh, dateTime, yuan, dueBadge, showMessage, hide, all, param,
  venueOptions, centers, focusMessage, uploadPaper, newKey, options } from './api.js';
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

const LABELS = { open: '在办', assigned: '待接受', done: '已结束', '': '全部' };
const inFilter = (f) => (f ? cases.filter((c) => FILTERS[f].includes(c.status)) : cases);
function renderList() {
  const f = $('#filter input:checked').value;
  const shown = inFilter(f);
  // Each tab carries its own count, and the line above says what the tab shows: never
  // "共 1 件" over a tab that reads 没有案件.
  for (const input of $$('#filter input')) input.parentElement.lastChild.textContent = ` ${LABELS[input.value]} ${inFilter(input.value).length}`;
  $('#count').textContent = `${LABELS[f]} ${shown.length} 件（共 ${cases.length} 件）`;
  $('#cards').replaceChildren(...shown.map((c) => el('button', { type: 'button', class: 'case-card', 'data-id': c.id, onclick: () => open(c.id, true) },
    el('div', { class: 'line' }, el('span', { class: 'no' }, c.case_no), el('span', { class: `badge status s-${c.status}` }, zh('status', c.status))),
    el('div', { class: 'line' }, el('span', {}, `${c.applicant.name} · ${zh('case_type', c.case_type)}${c.stage ? ' · ' + zh('stage', c.stage) : ''}`), dueBadge(c) || ''),
    c.summary ? el('div', { class: 'line' }, el('span', {}, c.summary.length > 40 ? c.summary.slice(0, 40) + '…' : c.summary)) : '')));
  if (!shown.length) {
    const other = Object.keys(FILTERS).find((k) => k !== f && inFilter(k).length);
    $('#cards').append(el('div', { class: 'card empty', id: 'empty' }, f === 'assigned' ? '没有待接受的指派。' : `没有${LABELS[f]}的案件。`,
      other ? el('button', { type: 'button', class: 'link', onclick: () => { $(`#filter input[value="${other}"]`).click(); } }, `查看${LABELS[other]}的 ${inFilter(other).length} 件`) : ''));
  }
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
    focusMessage(msg);
  },
  conflict: () => open(current.id, false),
};

async function open(id, push) {
  hide(msg);
  current = await api('GET', `/cases/${id}`);
  if (push) history.pushState({ id }, '', `?id=${id}`);
  renderDetail();
  window.scrollTo({ top: 0 });
  // The case opened: the focus on its number, not left on the card that is gone.
  $('#detail-no').focus();
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
    el('div', { class: 'case-head' }, el('h1', { id: 'detail-no', tabindex: '-1' }, c.case_no), el('span', { class: `badge status s-${c.status}`, id: 'detail-status' }, zh('status', c.status))),
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
    ? [el('ul', { class: 'timeline', id: 'stages' }, c.stages.map((s) => el('li', {}, el('div', { class: 'what' }, stageText(s, venueNames)), el('div', { class: 'when' }, `${s.started_on} 至 ${stageEnd(s, c)}`))))]
    : [el('p', { class: 'hint' }, '尚未记录办案阶段。')]));
  timeline(c);
  papers(c);
}

// A stage with no end date: still running while the case is, ended with it once closed or
// terminated (a closed case's stage read "至今").
function stageEnd(s, c) {
  if (s.ended_on) return s.ended_on;
  if (c.closure) return `结案（${c.closure.closed_on}）`;
  if (c.termination) return `终止（${String(c.termination.terminated_at).slice(0, 10)}）`;
  return '今';
}

// ---- papers: the judgment photographed on the phone, straight into the case file ----
async function papers(c) {
  const box = $('#papers');
  let items = [];
  try { items = (await api('GET', `/cases/${c.id}/attachments?limit=500`)).items; } catch { /* shown empty */ }
  box.replaceChildren(...(items.length ? [el('ul', { class: 'paper-list', id: 'paper-list' }, items.map((a) => el('li', { 'data-paper': a.id },
    el('a', { href: `/api/v1/attachments/${a.id}`, download: a.filename }, a.filename), el('span', { class: 'hint' }, ` ${zh('attachment_kind', a.kind)} · ${dateTime(a.uploaded_at)}`))))]
    : [el('p', { class: 'hint' }, '卷宗中还没有材料。')]));
  $('#paper-form').classList.toggle('hidden', !!c.archived_at || c.lawyer_id !== user.id);
  const kind = $('#paper-form').kind;
  if (!kind.dataset.touched) kind.value = c.status === 'closed' ? 'closing_report' : 'judgment';
}
let paperKey = newKey();
function paperForm() {
  const f = $('#paper-form');
  f.kind.append(...options('attachment_kind'));
  f.kind.addEventListener('change', () => { f.kind.dataset.touched = '1'; });
  for (const input of [f.photo, f.file]) input.addEventListener('change', () => { paperKey = newKey(); $('#paper-chosen').textContent = input.files[0] ? `已选：${input.files[0].name}` : ''; if (input === f.photo) f.file.value = ''; else f.photo.value = ''; });
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const file = f.photo.files[0] || f.file.files[0];
    const bad = !file ? '请先拍照或选择文件' : !['application/pdf', 'image/jpeg', 'image/png'].includes(file.type) ? '只能上传 PDF、JPG 或 PNG 文件'
      : file.size > 20 * 1024 * 1024 ? '文件超过 20 MB 的上限' : '';
    if (bad) { showMessage(msg, bad); focusMessage(msg); return; }
    const btn = $('#paper-submit');
    btn.disabled = true;
    btn.textContent = '正在上传…';
    try {
      const a = await uploadPaper(current.id, file, f.kind.value, paperKey);
      paperKey = newKey();
      f.reset();
      delete f.kind.dataset.touched;
      $('#paper-chosen').textContent = '';
      showMessage(msg, `已上传：${zh('attachment_kind', a.kind)}《${a.filename}》`, 'ok');
      await papers(current);
      focusMessage(msg);
    } catch (e) {
      showMessage(msg, e.status === 0 ? '网络中断，文件未上传。请在信号好时再点“上传”（不会重复保存）。' : e.message);
      focusMessage(msg);
    } finally {
      btn.disabled = false;
      btn.textContent = '上传';
    }
  });
}

async function timeline(c) {
  try {
    const r = await api('GET', `/cases/${c.id}/events`);
    $('#timeline').replaceChildren(...r.items.slice().reverse().map((e) => el('li', {},
      el('div', { class: 'what' }, zh('action', e.action)), el('div', { class: 'when' }, `${dateTime(e.at)} · ${e.actor || ''}`),
      e.action === 'attachment' && e.detail && e.detail.filename ? el('div', { class: 'detail' }, `${zh('attachment_kind', e.detail.kind)}《${e.detail.filename}》`) : '')));
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
paperForm();
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

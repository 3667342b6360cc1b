import { api, frame, el, $, zh, dueBadge, showMessage, showErrors, options, today, fenOf } from './api.js';

const msg = $('#msg');
const detail = $('#detail');

async function load() {
  const r = await api('GET', '/cases?limit=200');
  const body = $('#mine tbody');
  body.replaceChildren();
  for (const c of r.items) {
    const open = el('button', { type: 'button', class: 'secondary', 'data-id': c.id }, '办理');
    open.addEventListener('click', () => show(c.id));
    body.append(el('tr', {}, el('td', {}, c.case_no), el('td', {}, c.applicant.name),
      el('td', {}, zh('case_type', c.case_type)), el('td', {}, zh('status', c.status), ' ', dueBadge(c) || ''), el('td', {}, open)));
  }
  if (!r.items.length) body.append(el('tr', {}, el('td', { colspan: 5, class: 'hint' }, '目前没有指派给您的案件')));
}

function post(c, path, body, title) {
  return async () => {
    try {
      await api('POST', `/cases/${c.id}/${path}`, { ...body(), version: c.version });
      showMessage(msg, `${title}：已完成`, 'ok');
      await load();
      await show(c.id);
    } catch (e) {
      showErrors(detail, e, msg);
    }
  };
}

async function show(id) {
  const c = await api('GET', `/cases/${id}`);
  detail.classList.remove('hidden');
  detail.replaceChildren(el('h2', {}, c.case_no, ' ', zh('status', c.status)),
    el('p', {}, `${c.applicant.name} · ${zh('case_type', c.case_type)} · ${c.summary || ''}`),
    el('p', { class: 'hint' }, `电话 ${c.applicant.phone || '—'}；对方 ${c.opposing_party || '—'}`));
  if (c.status === 'assigned') {
    const accept = el('button', { type: 'button', id: 'accept' }, '接受指派');
    accept.addEventListener('click', post(c, 'accept', () => ({}), '接受指派'));
    const why = el('input', { name: 'reason', placeholder: '拒绝理由', 'data-field': 'reason' });
    const decline = el('button', { type: 'button', class: 'danger' }, '拒绝');
    decline.addEventListener('click', post(c, 'decline', () => ({ reason: why.value }), '拒绝指派'));
    detail.append(el('div', { class: 'actions' }, accept), el('div', { class: 'actions' }, el('label', {}, '拒绝理由', why), decline));
  }
  if (c.status === 'in_progress') {
    const stage = el('select', { name: 'stage', 'data-field': 'stage', id: 'stage' }, options('stage'));
    const venue = el('input', { name: 'venue_region_code', maxlength: 6, inputmode: 'numeric', 'data-field': 'venue_region_code', id: 'venue' });
    const started = el('input', { type: 'date', name: 'started_on', value: today(), 'data-field': 'started_on', id: 'started' });
    const add = el('button', { type: 'button', id: 'add-stage' }, '记录阶段');
    add.addEventListener('click', async () => {
      try {
        await api('POST', `/cases/${c.id}/stages`, { stage: stage.value, venue_region_code: venue.value || undefined, started_on: started.value });
        showMessage(msg, '已记录办案阶段', 'ok');
        await show(c.id);
      } catch (e) { showErrors(detail, e, msg); }
    });
    const outcome = el('textarea', { name: 'outcome', 'data-field': 'outcome', id: 'outcome' });
    const recovered = el('input', { type: 'number', min: 0, step: '0.01', name: 'recovered', id: 'recovered' });
    const closedOn = el('input', { type: 'date', name: 'closed_on', value: today(), 'data-field': 'closed_on', id: 'closed-on' });
    const close = el('button', { type: 'button', id: 'close' }, '结案');
    close.addEventListener('click', post(c, 'closure', () => ({ outcome: outcome.value, recovered_fen: fenOf(recovered.value) || 0, closed_on: closedOn.value }), '结案'));
    detail.append(el('h3', {}, '办案阶段'),
      el('ul', {}, (c.stages || []).map((s) => el('li', {}, `${zh('stage', s.stage)} ${s.started_on}${s.venue_region_code ? ' · ' + s.venue_region_code : ''}`))),
      el('div', { class: 'grid' }, el('label', {}, '阶段', stage), el('label', {}, '办案地（地区码）', venue), el('label', {}, '开始日期', started)),
      el('div', { class: 'actions' }, add),
      el('h3', {}, '结案'),
      el('div', { class: 'grid' }, el('label', { class: 'wide' }, '办理结果', outcome), el('label', {}, '挽回经济损失（元）', recovered), el('label', {}, '结案日期', closedOn)),
      el('div', { class: 'actions' }, close));
  }
  detail.scrollIntoView({ behavior: 'smooth' });
}

await frame('我的案件');
try { await load(); } catch (e) { showMessage(msg, e.message); }

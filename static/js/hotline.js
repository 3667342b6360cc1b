import { api, frame, el, $, zh, options, dateTime, showMessage, showErrors, checkResidentId } from './api.js';

const form = $('#call');
const msg = $('#msg');
$('#kind').append(...options('kind'));
$('#topic').append(...options('topic'));
const outcomes = options('outcome').filter((o) => o.value !== 'converted');
$('#outcome').append(...outcomes);
$('#cv-type').append(...options('case_type'));
$('#cv-matter').append(...options('matter', '（非民事案件不填）'));
let converting = null;

function phoneRow(k) {
  return [el('td', {}, dateTime(k.started_at)), el('td', {}, k.caller_phone || '—')];
}

async function history(phone) {
  const box = $('#history');
  if (!/^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/.test(phone)) return;
  try {
    const r = await api('GET', '/hotline/callers/' + encodeURIComponent(phone));
    box.replaceChildren(
      el('div', {}, `以往来电 ${r.calls.length} 次`),
      el('ul', {}, r.calls.slice(0, 5).map((k) => el('li', {}, `${dateTime(k.started_at)} ${zh('topic', k.topic)} · ${zh('outcome', k.outcome)}`))),
      el('div', {}, `相关案件 ${r.cases.length} 件`),
      el('ul', {}, r.cases.map((c) => el('li', {}, el('a', { href: `/case?id=${c.id}` }, c.case_no), ` ${c.applicant_name} ${zh('status', c.status)}`))));
  } catch (e) { box.textContent = e.message; }
}

form.caller_phone.addEventListener('input', () => history(form.caller_phone.value.trim()));

async function lists() {
  const [q, today] = await Promise.all([api('GET', '/hotline/follow-ups?limit=50'), api('GET', '/hotline/calls?limit=30')]);
  $('#queue').replaceChildren(...q.items.map((k) => {
    const done = el('button', { type: 'button', class: 'secondary' }, '已回访');
    done.addEventListener('click', async () => {
      const note = prompt('回访情况');
      if (!note) return;
      try { await api('POST', `/hotline/calls/${k.id}/follow-up`, { note }); await lists(); } catch (e) { showMessage(msg, e.message); }
    });
    const due = k.feedback_due ? el('span', { class: 'badge due-soon' }, `回复期限 ${k.feedback_due}`) : k.satisfied === false ? el('span', { class: 'badge overdue' }, '不满意') : '';
    return el('tr', {}, ...phoneRow(k), el('td', {}, zh('topic', k.topic)), el('td', {}, zh('outcome', k.outcome)), el('td', {}, due), el('td', {}, done));
  }));
  if (!q.items.length) $('#queue').append(el('tr', {}, el('td', { colspan: 6, class: 'hint' }, '回访队列为空')));
  $('#calls').replaceChildren(...today.items.map((k) => {
    const cv = el('button', { type: 'button', class: 'secondary', disabled: k.outcome === 'converted' }, k.outcome === 'converted' ? k.case_no : '转为申请');
    cv.addEventListener('click', () => { converting = k; $('#convert-card').classList.remove('hidden'); $('#convert').name.focus(); });
    return el('tr', {}, ...phoneRow(k), el('td', {}, zh('kind', k.kind)), el('td', {}, zh('topic', k.topic)), el('td', {}, zh('outcome', k.outcome)), el('td', {}, cv));
  }));
}

// Alt+1..9 picks a topic; Ctrl+Enter saves.
document.addEventListener('keydown', (ev) => {
  if (ev.altKey && ev.key >= '1' && ev.key <= '9') {
    const o = form.topic.options[Number(ev.key) - 1];
    if (o) { form.topic.value = o.value; ev.preventDefault(); }
  }
  if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey) && form.contains(document.activeElement)) { ev.preventDefault(); form.requestSubmit(); }
});

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const b = { kind: form.kind.value, topic: form.topic.value, outcome: form.outcome.value,
    duration_s: Math.round(Number(form.minutes.value || 0) * 60), follow_up: form.follow_up.checked };
  if (form.caller_phone.value.trim()) b.caller_phone = form.caller_phone.value.trim();
  if (form.caller_region_code.value.trim()) b.caller_region_code = form.caller_region_code.value.trim();
  if (form.summary.value.trim()) b.summary = form.summary.value.trim();
  if (form.satisfied.value) b.satisfied = form.satisfied.value === 'true';
  try {
    const k = await api('POST', '/hotline/calls', b, { 'Idempotency-Key': crypto.randomUUID ? crypto.randomUUID() : String(Math.random()) });
    showMessage(msg, `来电已保存（${zh('outcome', k.outcome)}）`, 'ok');
    form.reset();
    form.caller_phone.focus();
    await lists();
  } catch (e) { showErrors(form, e, msg); }
});

$('#convert').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const f = ev.target;
  if (!checkResidentId(f.id_number.value).ok) { showMessage(msg, '身份证号有误'); return; }
  const b = { case_type: f.case_type.value, applicant: { name: f.name.value.trim(), id_number: f.id_number.value.trim().toUpperCase() } };
  if (f.matter.value) b.matter = f.matter.value;
  if (f.opposing_party.value.trim()) b.opposing_party = f.opposing_party.value.trim();
  try {
    const c = await api('POST', `/hotline/calls/${converting.id}/convert`, b);
    showMessage(msg, `已转为法律援助申请：${c.case_no}`, 'ok');
    $('#convert-card').classList.add('hidden');
    f.reset();
    await lists();
  } catch (e) { showErrors(f, e, msg); }
});
$('#cv-cancel').addEventListener('click', () => $('#convert-card').classList.add('hidden'));

await frame('12348热线');
try { await lists(); } catch (e) { showMessage(msg, e.message); }

// The 12348 console: log a call in a few keystrokes (the call is timed from the first key),
// see the caller's earlier calls and cases, convert a call into an application, and work
// through the follow-up queue.
import { api, frame, el, $, zh, options, dateTime, today, showMessage, hide, showErrors,
  clearErrors, markField, checkResidentId, fenOf, newKey, venueOptions, centers, confirmAction,
  checkLimits, focusMessage } from './api.js';
import { stagesFor } from './actions.js';

const form = $('#call');
const msg = $('#msg');
const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;
const NEEDS_MATTER = ['civil', 'administrative', 'labor_arbitration', 'state_compensation'];
const fullPhones = new Map(); // call id → the full number, for calls logged here
let converting = null;
let idemKey = newKey();

form.kind.append(...options('kind'));
form.topic.append(...options('topic'));
form.outcome.append(...options('outcome').filter((o) => o.value !== 'converted'));
$('#topic-keys').append(...[...form.topic.options].slice(0, 10).map((o, i) => el('span', {}, el('span', { class: 'kbd' }, `Alt+${(i + 1) % 10}`), ' ', o.textContent)));

// ---- the call timer: from the first key of a call to its saving ----
let started = null, tick = null;
function startTimer() {
  if (started) return;
  started = new Date();
  tick = setInterval(showTimer, 1000);
}
function elapsed() { return started ? Math.round((Date.now() - started.getTime()) / 1000) : 0; }
function showTimer() {
  const s = elapsed();
  $('#timer').textContent = `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}
function resetCall() {
  form.reset();
  clearErrors(form);
  clearInterval(tick);
  started = null;
  showTimer();
  $('#history').replaceChildren('输入完整号码后，显示该号码以往的来电和法律援助案件。');
  form.caller_phone.focus();
}

// ---- the caller's history, by the full number ----
let shownFor = '';
async function history(phone) {
  const box = $('#history');
  if (!PHONE.test(phone) || phone === shownFor) return;
  shownFor = phone;
  try {
    const r = await api('GET', '/hotline/callers/' + encodeURIComponent(phone));
    if (shownFor !== phone) return;
    box.className = '';
    box.replaceChildren(
      el('div', { class: 'hint', id: 'history-summary' }, `以往来电 ${r.calls.length} 次 · 相关案件 ${r.cases.length} 件`),
      r.cases.length ? el('h3', {}, '法律援助案件') : '',
      r.cases.length ? el('ul', { class: 'rules' }, r.cases.map((c) => el('li', {}, el('a', { href: `/case?id=${c.id}` }, c.case_no), ` ${c.applicant_name} · ${zh('case_type', c.case_type)} · `, el('span', { class: `badge s-${c.status}` }, zh('status', c.status))))) : '',
      r.calls.length ? el('h3', {}, '以往来电') : '',
      r.calls.length ? el('ul', { class: 'timeline' }, r.calls.slice(0, 6).map((k) => el('li', {},
        el('div', { class: 'what' }, `${zh('topic', k.topic)} · ${zh('outcome', k.outcome)}`),
        el('div', { class: 'when' }, `${dateTime(k.started_at)} · ${k.operator || ''}`),
        k.summary ? el('div', { class: 'detail' }, k.summary) : ''))) : '');
  } catch (e) { box.textContent = e.message; }
}

// ---- lists: the follow-up queue and today's calls ----
function why(k) {
  const out = [];
  if (k.outcome === 'work_order_12345') out.push(el('span', { class: 'badge info' }, '12345工单'));
  if (k.satisfied === false) out.push(el('span', { class: 'badge overdue' }, '不满意'));
  if (k.follow_up) out.push(el('span', { class: 'badge' }, '需回访'));
  return out;
}

function followForm(k) {
  // Each row's controls name their call: "完成" alone, repeated down the queue, says nothing.
  const which = `${dateTime(k.started_at)} ${k.caller_phone || '未留号码'}`;
  const note = el('input', { name: 'note', placeholder: '回访情况', 'aria-label': `回访情况（${which}）`, maxlength: 2000 });
  const sat = el('select', { name: 'satisfied', 'aria-label': `满意度（${which}）` }, el('option', { value: '' }, '—'), el('option', { value: 'true' }, '满意'), el('option', { value: 'false' }, '不满意'));
  const f = el('form', { class: 'follow-form', 'data-call': k.id }, note, sat, el('button', { type: 'submit', class: 'small', 'aria-label': `完成回访：${which}` }, '完成'));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!note.value.trim()) { note.focus(); note.classList.add('invalid'); return; }
    try {
      await api('POST', `/hotline/calls/${k.id}/follow-up`, { note: note.value.trim(), satisfied: sat.value === '' ? undefined : sat.value === 'true' });
      showMessage(msg, '已记录回访', 'ok');
      await lists();
    } catch (e) { showMessage(msg, e.message); }
  });
  return f;
}

async function lists() {
  const [queue, calls] = await Promise.all([
    api('GET', '/hotline/calls?follow_up=true&limit=100'),
    api('GET', `/hotline/calls?from=${today()}&to=${today()}&limit=100`)]);
  $('#queue-count').textContent = queue.items.length ? `${queue.items.length}${queue.next_cursor ? '+' : ''} 条待回访` : '';
  $('#queue').replaceChildren(...queue.items.map((k) => {
    const due = k.feedback_due || k.transfer_due;
    const late = due && due < today();
    return el('tr', { 'data-call': k.id, class: late ? 'row-overdue' : '' },
      el('td', { class: 'nowrap' }, dateTime(k.started_at)), el('td', { class: 'nowrap' }, k.caller_phone || '—'),
      el('td', {}, zh('topic', k.topic), k.summary ? el('div', { class: 'hint' }, k.summary.slice(0, 40)) : ''),
      el('td', {}, why(k)),
      el('td', { class: 'nowrap' }, k.transfer_due ? el('div', { class: 'hint' }, `转办 ${k.transfer_due}`) : '', k.feedback_due ? el('div', {}, `答复 ${k.feedback_due}`) : '—'),
      el('td', {}, followForm(k)));
  }));
  if (!queue.items.length) $('#queue').append(el('tr', {}, el('td', { colspan: 6, class: 'empty' }, '回访队列为空')));
  $('#today-count').textContent = `${calls.items.length}${calls.next_cursor ? '+' : ''} 通`;
  $('#calls').replaceChildren(...calls.items.map((k) => {
    let act = '';
    if (k.outcome === 'converted' && k.case_id) act = el('a', { href: `/case?id=${k.case_id}` }, k.case_no);
    else {
      act = el('button', { type: 'button', class: 'small secondary', 'data-convert': k.id, 'aria-label': `转为申请：${dateTime(k.started_at).slice(11)} ${k.caller_phone || '未留号码'}` }, '转为申请');
      act.addEventListener('click', () => startConvert(k));
    }
    return el('tr', { 'data-call': k.id },
      el('td', { class: 'nowrap' }, dateTime(k.started_at).slice(11)), el('td', { class: 'nowrap' }, k.caller_phone || '—'),
      el('td', {}, zh('kind', k.kind)), el('td', {}, zh('topic', k.topic)), el('td', {}, zh('outcome', k.outcome)),
      el('td', { class: 'num' }, `${Math.floor(k.duration_s / 60)}:${String(k.duration_s % 60).padStart(2, '0')}`),
      el('td', {}, k.operator || ''), el('td', {}, act));
  }));
  if (!calls.items.length) $('#calls').append(el('tr', {}, el('td', { colspan: 8, class: 'empty' }, '今天还没有来电')));
}

// Whether anything of a call has been entered (the timer alone is not a call).
const typedAnything = () => !!(form.caller_phone.value.trim() || form.summary.value.trim() || form.minutes.value.trim() ||
  form.caller_region_code.value.trim() || form.follow_up.checked || form.satisfied.value);

// ---- logging a call ----
async function save() {
  hide(msg);
  clearErrors(form);
  const phone = form.caller_phone.value.trim();
  const minutes = form.minutes.value.trim();
  // An empty console is not a call: Enter in the empty number field saved one (number "—"),
  // and the dashboard counted it.
  if (!phone && !form.summary.value.trim()) {
    showMessage(msg, '还没有可保存的来电：请输入来电号码或内容摘要（来电人不留号码时写摘要）。');
    form.caller_phone.focus();
    return;
  }
  const bad = checkLimits(form).map(([f, why]) => markField(form, f, why));
  if (phone && !PHONE.test(phone)) bad.push(markField(form, 'caller_phone', '号码格式不正确'));
  if (minutes && !/^\d+(\.\d+)?$/.test(minutes)) bad.push(markField(form, 'duration_s', '请输入分钟数'));
  if (form.caller_region_code.value && !/^\d{6}$/.test(form.caller_region_code.value)) bad.push(markField(form, 'caller_region_code', '须为6位地区码'));
  if (bad.length) { showMessage(msg, '请检查标红的内容'); bad[0].focus(); return; }
  const b = { kind: form.kind.value, topic: form.topic.value, outcome: form.outcome.value, follow_up: form.follow_up.checked,
    duration_s: minutes ? Math.round(Number(minutes) * 60) : elapsed() };
  if (started) b.started_at = started.toISOString();
  if (phone) b.caller_phone = phone;
  if (form.caller_region_code.value.trim()) b.caller_region_code = form.caller_region_code.value.trim();
  if (form.summary.value.trim()) b.summary = form.summary.value.trim();
  if (form.satisfied.value) b.satisfied = form.satisfied.value === 'true';
  const btn = $('#save-call');
  btn.disabled = true;
  try {
    const k = await api('POST', '/hotline/calls', b, { headers: { 'Idempotency-Key': idemKey } });
    idemKey = newKey();
    if (phone) fullPhones.set(k.id, phone);
    const conv = el('button', { type: 'button', class: 'link', id: 'convert-last' }, '转为法律援助申请');
    conv.addEventListener('click', () => startConvert(k));
    msg.className = 'msg ok';
    msg.replaceChildren(`来电已保存：${zh('topic', k.topic)} · ${zh('outcome', k.outcome)}${k.feedback_due ? `（答复期限 ${k.feedback_due}）` : ''}。`, conv);
    shownFor = '';
    resetCall();
    await lists();
  } catch (e) {
    if (e.status >= 400 && e.status < 500) idemKey = newKey();
    const first = showErrors(form, e, msg);
    if (first) first.focus();
  } finally {
    btn.disabled = false;
  }
}

form.addEventListener('input', startTimer);
form.addEventListener('change', startTimer);
form.caller_phone.addEventListener('input', () => history(form.caller_phone.value.trim()));
form.addEventListener('submit', (ev) => { ev.preventDefault(); save(); });
form.addEventListener('keydown', (ev) => {
  if (ev.isComposing || ev.keyCode === 229) return;
  if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); save(); }
  else if (ev.key === 'Enter' && ev.target.matches('input:not([type=checkbox]), select')) { ev.preventDefault(); save(); }
  // Esc closes what it closes (the region list, a select's options): it no longer wipes the
  // call and its timer. Clearing a call is the 清空 button, which asks first.
});
// Alt+1..9, Alt+0: the topic.
document.addEventListener('keydown', (ev) => {
  if (!ev.altKey || ev.ctrlKey || !/^Digit\d$/.test(ev.code)) return;
  const n = Number(ev.code.slice(5));
  const o = form.topic.options[(n + 9) % 10];
  if (o) { form.topic.value = o.value; startTimer(); ev.preventDefault(); }
});
$('#clear-call').addEventListener('click', async () => {
  if (typedAnything() && !(await confirmAction({ title: '清空这通来电？', text: '已填写的内容和通话计时将被清除，不会保存。', confirm: '清空', danger: true }))) return;
  resetCall();
});

// ---- converting a call into an application ----
const cv = $('#convert');
cv.case_type.append(...options('case_type'));
cv.matter.append(...options('matter', '请选择'));
function adaptConvert() {
  const t = cv.case_type.value;
  $('#cv-matter-box').classList.toggle('hidden', !NEEDS_MATTER.includes(t));
  const stages = ['notarization', 'document_drafting'].includes(t) ? [] : stagesFor(t);
  $('#cv-stage-box').classList.toggle('hidden', !stages.length);
  cv.stage.replaceChildren(el('option', { value: '' }, '（可不填）'), ...options('stage', undefined, stages));
}
cv.case_type.addEventListener('change', adaptConvert);
const TOPIC_CASE = { labour: ['labor_arbitration', 'labour_remuneration'], marriage_family: ['civil', 'support_payment'], traffic_accident: ['civil', 'personal_injury'],
  personal_injury: ['civil', 'personal_injury'], social_security: ['civil', 'social_insurance'], criminal: ['criminal_defense', null], administrative: ['administrative', 'other'] };

function startConvert(k) {
  converting = k;
  cv.reset();
  clearErrors(cv);
  const [t, m] = TOPIC_CASE[k.topic] || ['civil', 'other'];
  cv.case_type.value = t;
  adaptConvert();
  if (m) cv.matter.value = m;
  cv.phone.value = fullPhones.get(k.id) || '';
  cv.summary.value = k.summary || '';
  $('#cv-id-info').textContent = '';
  $('#convert-of').textContent = `${dateTime(k.started_at)} · ${k.caller_phone || '未留号码'} · ${zh('topic', k.topic)}`;
  $('#convert-card').classList.remove('hidden');
  $('#convert-card').scrollIntoView({ block: 'start', behavior: 'smooth' });
  cv.name.focus();
}
cv.id_number.addEventListener('input', () => {
  const v = cv.id_number.value.trim();
  const info = $('#cv-id-info');
  if (v.length < 18) { info.className = 'field-info'; info.textContent = v ? `已输入 ${v.length}/18 位` : ''; return; }
  const r = checkResidentId(v);
  info.className = 'field-info ' + (r.ok ? 'ok' : 'bad');
  info.textContent = r.ok ? `✓ ${r.birth}，${r.age} 岁，${r.sex}` : r.why;
});
cv.addEventListener('keydown', (ev) => {
  if (ev.key === 'Enter' && !ev.isComposing && ev.keyCode !== 229 && (ev.ctrlKey || ev.target.matches('input, select'))) { ev.preventDefault(); cv.requestSubmit(); }
  if (ev.key === 'Escape') $('#cv-cancel').click();
});
cv.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  clearErrors(cv);
  const bad = [];
  if (!cv.name.value.trim()) bad.push(markField(cv, 'applicant.name', 'required'));
  const r = checkResidentId(cv.id_number.value);
  if (!r.ok) bad.push(markField(cv, 'applicant.id_number', cv.id_number.value ? r.why : 'required'));
  const income = fenOf(cv.income.value);
  if (Number.isNaN(income)) bad.push(markField(cv, 'applicant.household_monthly_income_fen', '请输入金额'));
  if (bad.length) { showMessage(msg, '请检查标红的内容'); bad[0].focus(); return; }
  const b = { case_type: cv.case_type.value, applicant: { name: cv.name.value.trim(), id_number: r.id } };
  if (cv.phone.value.trim()) b.applicant.phone = cv.phone.value.trim();
  if (cv.household_size.value) b.applicant.household_size = Number(cv.household_size.value);
  if (income !== undefined) b.applicant.household_monthly_income_fen = income;
  if (!$('#cv-matter-box').classList.contains('hidden') && cv.matter.value) b.matter = cv.matter.value;
  if (!$('#cv-stage-box').classList.contains('hidden') && cv.stage.value) b.stage = cv.stage.value;
  if (cv.opposing_party.value.trim()) b.opposing_party = cv.opposing_party.value.trim();
  if (cv.summary.value.trim()) b.summary = cv.summary.value.trim();
  try {
    const c = await api('POST', `/hotline/calls/${converting.id}/convert`, b);
    msg.className = 'msg ok';
    msg.replaceChildren('已转为法律援助申请：', el('a', { href: `/case?id=${c.id}`, id: 'converted-case' }, c.case_no), `（${c.applicant.name}）`);
    hide($('#convert-card'));
    converting = null;
    await lists();
  } catch (e) {
    const first = showErrors(cv, e, msg);
    if (first) first.focus();
    else focusMessage(msg);
  }
});
$('#cv-cancel').addEventListener('click', () => { hide($('#convert-card')); converting = null; form.caller_phone.focus(); });

// ---- start ----
const user = await frame('12348热线');
form.caller_phone.focus();
try {
  await lists();
  const me = (await centers()).find((x) => x.id === user.center_id);
  if (me) $('#regions').replaceChildren(...await venueOptions(me.region_code));
  document.body.dataset.loaded = 'true';
} catch (e) {
  showMessage(msg, e.status === 404 ? '热线接口尚未开通' : e.message);
}


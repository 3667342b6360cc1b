import { api, frame, el, $, $$, options, ZH, checkResidentId, renderEligibility, showErrors,
  showMessage, fenOf } from './api.js';

const form = $('#intake');
const msg = $('#msg');
const CIVIL = ['civil', 'administrative', 'labor_arbitration', 'state_compensation'];
const CRIMINAL_STAGES = ['investigation', 'prosecution', 'trial', 'death_review'];

$('#channel').append(...options('channel'));
$('#case_type').append(...options('case_type'));
$('#matter').append(...options('matter', '请选择'));
$('#stage').append(...options('stage', '请选择'));
for (const [k, v] of Object.entries(ZH.group)) {
  if (['minor', 'elderly', 'woman', 'ethnic_minority'].includes(k)) continue;
  $('#groups').append(el('label', { class: 'inline' }, el('input', { type: 'checkbox', name: 'group', value: k }), v));
}
for (const [k, v] of Object.entries(ZH.criminal_ground))
  $('#grounds-box').append(el('label', { class: 'inline' }, el('input', { type: 'checkbox', name: 'ground', value: k }), v));
for (const [k, v] of Object.entries(ZH.exemption))
  $('#exemptions-box').append(el('label', { class: 'inline' }, el('input', { type: 'checkbox', name: 'exemption', value: k }), v));

// Show only the fields the case type and channel need.
function adapt() {
  const t = form.case_type.value, ch = form.channel.value;
  $('#matter-box').classList.toggle('hidden', !CIVIL.includes(t));
  const noStage = ['notarization', 'document_drafting'].includes(t);
  $('#stage-box').classList.toggle('hidden', noStage);
  for (const o of form.stage.options) {
    if (!o.value) continue;
    const criminal = CRIMINAL_STAGES.includes(o.value);
    o.hidden = ['criminal_defense', 'criminal_victim', 'plea_help'].includes(t) ? !criminal : criminal;
  }
  $('#grounds-box').classList.toggle('hidden', t !== 'criminal_defense');
  $('#notice-box').classList.toggle('hidden', !ch.startsWith('notice_'));
}

function body() {
  const f = form;
  const checked = (name) => $$(`input[name=${name}]:checked`, f).map((i) => i.value);
  const b = {
    channel: f.channel.value, case_type: f.case_type.value,
    applicant: {
      name: f.name.value.trim(), id_number: f.id_number.value.trim().toUpperCase(),
      groups: checked('group'),
    },
  };
  const a = b.applicant;
  if (f.phone.value.trim()) a.phone = f.phone.value.trim();
  if (f.ethnicity.value.trim()) a.ethnicity = f.ethnicity.value.trim();
  if (f.address.value.trim()) a.address = f.address.value.trim();
  if (f.household_size.value) a.household_size = Number(f.household_size.value);
  if (f.income.value !== '') a.household_monthly_income_fen = fenOf(f.income.value);
  if (f.received_at.value) b.received_at = f.received_at.value + ':00+08:00';
  if (!$('#matter-box').classList.contains('hidden') && f.matter.value) b.matter = f.matter.value;
  if (!$('#stage-box').classList.contains('hidden') && f.stage.value) b.stage = f.stage.value;
  if (f.venue_region_code.value.trim()) b.venue_region_code = f.venue_region_code.value.trim();
  if (f.opposing_party.value.trim()) b.opposing_party = f.opposing_party.value.trim();
  if (f.summary.value.trim()) b.summary = f.summary.value.trim();
  if (b.case_type === 'criminal_defense') b.criminal_grounds = checked('ground');
  b.exemptions = checked('exemption');
  if (b.channel.startsWith('notice_')) b.notice = { organ_name: f.organ_name.value.trim(), notice_no: f.notice_no.value.trim() };
  return b;
}

// The resident ID as it is typed: check character, birth date, age, sex.
form.id_number.addEventListener('input', () => {
  const info = $('#id-info');
  const v = form.id_number.value.trim();
  const label = form.id_number.closest('label');
  if (v.length < 18) { info.textContent = `已输入 ${v.length}/18 位`; label.classList.remove('invalid'); return; }
  const r = checkResidentId(v);
  label.classList.toggle('invalid', !r.ok);
  info.textContent = r.ok ? `出生 ${r.birth}，${r.age} 岁，${r.sex}${r.age < 18 ? '（未成年人）' : r.age >= 60 ? '（老年人）' : ''}` : r.why;
  if (r.ok) checkDuplicates(v.toUpperCase());
});

async function checkDuplicates(id) {
  try {
    const r = await api('GET', '/cases?limit=10&q=' + encodeURIComponent(id));
    const open = r.items.filter((c) => !['closed', 'terminated', 'rejected'].includes(c.status));
    $('#dup-box').classList.toggle('hidden', !open.length);
    $('#dups').replaceChildren(...open.map((c) => el('div', {}, el('a', { href: `/case?id=${c.id}` }, c.case_no), ' ', ZH.status[c.status])));
  } catch { /* the warning is a help, not a gate */ }
}

let timer = null;
function liveEligibility() {
  clearTimeout(timer);
  timer = setTimeout(async () => {
    const b = body();
    if (!b.applicant.name || !checkResidentId(b.applicant.id_number).ok) return;
    try {
      renderEligibility($('#elig'), await api('POST', '/eligibility/check', b));
    } catch (e) {
      $('#elig').replaceChildren(el('div', { class: 'hint' }, e.message));
    }
  }, 350);
}

form.addEventListener('input', liveEligibility);
form.addEventListener('change', () => { adapt(); liveEligibility(); });
form.addEventListener('keydown', (ev) => {
  if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); form.requestSubmit(); }
});
form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  msg.classList.add('hidden');
  $('#submit').disabled = true;
  try {
    const key = crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random();
    const c = await api('POST', '/cases', body(), { 'Idempotency-Key': key });
    showMessage(msg, `已登记：${c.case_no}`, 'ok');
    $('#done').classList.remove('hidden');
    $('#done-body').replaceChildren(
      el('div', {}, '案号：', el('strong', { id: 'case-no' }, c.case_no)),
      el('div', {}, '决定期限：', c.decision_due || '—'),
      c.duplicate_of && c.duplicate_of.length ? el('div', { class: 'msg warn' }, '该申请人另有未结案件：', c.duplicate_of.map((d) => d.case_no).join('、')) : '',
      el('div', { class: 'actions' },
        el('a', { href: `/case?id=${c.id}`, id: 'open-case' }, '打开案件'),
        el('a', { href: `/print?form=application&id=${c.id}` }, '打印申请表')));
    form.reset();
    adapt();
    form.name.focus();
  } catch (e) {
    showErrors(form, e, msg);
    const bad = form.querySelector('.invalid input, .invalid select');
    if (bad) bad.focus();
  } finally {
    $('#submit').disabled = false;
  }
});

const user = await frame('申请登记');
adapt();
if (user.role === 'admin' && !user.center_id) showMessage(msg, '管理员不属于任何中心，登记时请使用中心的受理员账号', 'warn');

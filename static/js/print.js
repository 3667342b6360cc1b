// The standard forms of SF/T 0024-2017, filled from the case.
import { api, currentUser, el, $, param, zh, day, yuan, checkResidentId } from './api.js';

const form = param('form');
const id = param('id');
const sheet = $('#form');

const row = (label, value, span) => el('tr', {}, el('th', {}, label), el('td', { colspan: span || 1 }, value ?? ''));
const cnDate = (iso) => {
  const d = iso ? String(iso).slice(0, 10) : new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 10);
  return `${d.slice(0, 4)}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
};
const seal = (center, date) => el('div', { class: 'seal' }, el('div', {}, `${center}（盖章）`), el('div', {}, cnDate(date)));

function application(c, center) {
  const a = c.applicant;
  const id = checkResidentId(a.id_number);
  return [el('h1', {}, '法律援助申请表'), el('div', { class: 'no' }, `编号：${c.case_no}`),
    el('table', {}, el('tbody', {},
      row('申请人姓名', a.name), row('性别', a.sex === 'F' ? '女' : '男'), row('出生日期', a.birth_date || (id.ok ? id.birth : '')),
      row('民族', a.ethnicity), row('身份证号码', a.id_number), row('联系电话', a.phone), row('住所地', a.address),
      row('家庭人口', a.household_size), row('家庭人均月收入', a.household_monthly_income_fen == null || !a.household_size ? '' : yuan(Math.round(a.household_monthly_income_fen / a.household_size))),
      row('特殊群体', (a.groups || []).map((g) => zh('group', g)).join('、')),
      row('案件类型', zh('case_type', c.case_type)), row('申请事项', zh('matter', c.matter) || zh('stage', c.stage)),
      row('对方当事人', c.opposing_party), row('案情及申请理由', c.summary),
      row('受理渠道', zh('channel', c.channel)), row('受理日期', day(c.received_at)))),
    el('p', { class: 'flush' }, '申请人承诺：以上所填内容及提交的材料真实有效，如有虚假，愿承担相应法律责任（《中华人民共和国法律援助法》第四十一条）。'),
    el('div', { class: 'sign' }, el('span', {}, '申请人（签名）：'), el('span', {}, `受理人：　　　　　${cnDate(c.received_at)}`)),
    el('div', { class: 'note' }, `受理机构：${center}`)];
}

function grant(c, center) {
  const arts = (c.eligibility && c.eligibility.rules || []).map((r) => r.article).filter((v, i, s) => s.indexOf(v) === i).join('、');
  return [el('h1', {}, '给予法律援助决定书'), el('div', { class: 'no' }, c.case_no),
    el('p', { class: 'flush' }, `${c.applicant.name}：`),
    el('p', {}, `你于${cnDate(c.received_at)}向本中心提出的法律援助申请（${zh('case_type', c.case_type)}），经审查，符合《中华人民共和国法律援助法》${arts || '相关条款'}规定的条件，本中心决定给予法律援助。`),
    el('p', {}, `本中心将于${c.assignment_due ? cnDate(c.assignment_due) + '前' : '三日内'}指派法律援助人员为你提供法律援助，请保持联系方式畅通，并如实陈述案件事实、配合法律援助人员开展工作。`),
    c.decision && c.decision.reason ? el('p', {}, `审查意见：${c.decision.reason}`) : '',
    seal(center, c.decision && c.decision.decided_at)];
}

function refuse(c, center) {
  return [el('h1', {}, '不予法律援助决定书'), el('div', { class: 'no' }, c.case_no),
    el('p', { class: 'flush' }, `${c.applicant.name}：`),
    el('p', {}, `你于${cnDate(c.received_at)}向本中心提出的法律援助申请，经审查，本中心决定不予法律援助。理由如下：`),
    el('p', {}, (c.decision && c.decision.reason) || ''),
    el('p', {}, '如对本决定有异议，可以向设立本法律援助机构的司法行政部门提出，司法行政部门应当自收到异议之日起五日内进行审查，作出维持或者责令法律援助机构改正的决定（《中华人民共和国法律援助法》第四十九条）。'),
    seal(center, c.decision && c.decision.decided_at)];
}

function assignment(c, center, lawyer) {
  return [el('h1', {}, '指派通知书'), el('div', { class: 'no' }, c.case_no),
    el('p', { class: 'flush' }, `${(lawyer && lawyer.firm) || '　　　　'}：`),
    el('p', {}, `根据《中华人民共和国法律援助法》的规定，本中心决定指派你所${lawyer ? (lawyer.display_name || lawyer.username) : '　　'}（执业证号：${lawyer ? lawyer.license_no : '　　'}）为受援人${c.applicant.name}${zh('case_type', c.case_type)}一案提供法律援助。`),
    el('p', {}, '请承办人员自接受指派之日起及时与受援人联系，依法履行职责，并在案件办结后按规定提交结案材料。'),
    el('table', {}, el('tbody', {}, row('受援人', c.applicant.name), row('联系电话', c.applicant.phone), row('案件类型', zh('case_type', c.case_type)),
      row('诉讼阶段', zh('stage', c.stage)), row('对方当事人', c.opposing_party))),
    seal(center, c.assigned_at)];
}

function materials(c, center) {
  return [el('h1', {}, '补充材料通知书'), el('div', { class: 'no' }, c.case_no),
    el('p', { class: 'flush' }, `${c.applicant.name}：`),
    el('p', {}, `你于${cnDate(c.received_at)}提出的法律援助申请，经审查，申请材料不齐全。根据《中华人民共和国法律援助法》第四十三条的规定，请补充以下材料（一次性告知）：`),
    el('p', {}, (c.materials_request && c.materials_request.reason) || ''),
    el('p', {}, '补充材料期间不计入审查期限。逾期未补充的，视为撤回申请。'),
    seal(center, c.materials_request && c.materials_request.requested_at)];
}

const FORMS = { application, grant, refuse, assignment, materials };

await currentUser();
const c = await api('GET', `/cases/${id}`);
const centers = await api('GET', '/centers');
const center = (centers.items.find((x) => x.id === c.center_id) || {}).name || '法律援助中心';
let lawyer = null;
if (form === 'assignment' && c.lawyer_id) {
  try { lawyer = (await api('GET', `/lawyers?center_id=${c.center_id}&limit=500`)).items.find((l) => l.id === c.lawyer_id); } catch { /* a lawyer cannot list lawyers */ }
}
const build = FORMS[form] || application;
sheet.replaceChildren(...build(c, center, lawyer));
document.title = `${sheet.querySelector('h1').textContent} ${c.case_no}`;
$('#back').href = `/case?id=${c.id}`;
$('#print').addEventListener('click', () => window.print());
document.body.dataset.loaded = 'true';

// The standard forms (SF/T 0024-2017), filled from the case: application, decision to grant
// or refuse, assignment notice, request for more papers. A4, see print.css.
import { api, currentUser, el, $, param, zh, yuan, cnDate, checkResidentId, centers } from './api.js';

const FORMS = {
  application: '法律援助申请表', materials: '补充材料通知书', grant: '给予法律援助决定书',
  refuse: '不予法律援助决定书', assignment: '指派通知书',
};
const formName = FORMS[param('form')] ? param('form') : 'application';
const id = param('id');
const sheet = $('#form');
const LAW = '《中华人民共和国法律援助法》';
const BLANK = '\u3000'.repeat(6);

const cell = (tag, text, attrs = {}) => el(tag, attrs, text == null || text === '' ? '\u3000' : text);
const row = (...pairs) => el('tr', {}, pairs.map(([label, value, span]) => [cell('th', label), cell('td', value, span ? { colspan: span } : {})]));
const numberLine = (c) => el('div', { class: 'no', id: 'form-no' }, `编号：${c.case_no}`);
const seal = (center, date) => el('div', { class: 'seal' }, el('div', {}, `${center}（盖章）`), el('div', { class: 'date' }, cnDate(date)));
const articles = (c) => [...new Set(((c.eligibility && c.eligibility.rules) || []).map((r) => r.article))];
const caseWhat = (c) => `${zh('case_type', c.case_type)}${c.matter ? '（' + zh('matter', c.matter) + '）' : ''}${c.stage ? zh('stage', c.stage) + '阶段' : ''}`;

function application(c, center, extra) {
  const a = c.applicant;
  const idc = checkResidentId(a.id_number || '');
  const perHead = a.household_monthly_income_fen != null && a.household_size ? yuan(Math.round(a.household_monthly_income_fen / a.household_size)) : '';
  return [
    el('div', { class: 'org' }, center),
    el('h1', {}, '法律援助申请表'),
    numberLine(c),
    el('table', { class: 'form' }, el('tbody', {},
      row(['申请人姓名', a.name], ['性　　别', a.sex === 'F' ? '女' : a.sex === 'M' ? '男' : '']),
      row(['出生日期', a.birth_date ? cnDate(a.birth_date) : idc.ok ? cnDate(idc.birth) : ''], ['民　　族', a.ethnicity]),
      row(['公民身份号码', a.id_number, 3]),
      row(['联系电话', a.phone], ['家庭人口', a.household_size ? `${a.household_size} 人` : '']),
      row(['住　　所', a.address, 3]),
      row(['家庭月收入', a.household_monthly_income_fen == null ? '' : yuan(a.household_monthly_income_fen)], ['人均月收入', perHead]),
      row(['特殊群体', (a.groups || []).map((g) => zh('group', g)).join('、') || '无', 3]),
      row(['案件类型', zh('case_type', c.case_type)], ['受理渠道', zh('channel', c.channel)]),
      row(['援助事项', zh('matter', c.matter)], ['诉讼阶段', zh('stage', c.stage)]),
      row(['对方当事人', c.opposing_party, 3]),
      c.notice ? row(['通知机关', `${c.notice.organ_name}（${c.notice.notice_no}）`, 3]) : '',
      el('tr', {}, cell('th', ['案情及', el('br'), '申请理由']), el('td', { colspan: 3, class: 'tall' }, c.summary || '')),
      el('tr', {}, el('td', { colspan: 4, class: 'pledge' },
        el('p', { class: 'flush' }, `申请人承诺：本人所填写的内容及提交的材料真实、有效，经济困难状况属实。如有虚假，愿承担相应的法律责任（${LAW}第四十一条、第四十八条）。`),
        el('div', { class: 'sign-line' }, el('span', {}, `申请人（签名）：${BLANK}`), el('span', {}, '年　　月　　日')))),
      el('tr', {}, cell('th', '受理情况'), el('td', { colspan: 3, class: 'pledge' },
        el('div', {}, `受理人：${extra.intakeBy || BLANK}　　　受理时间：${cnDate(c.received_at)}`),
        el('div', {}, `决定期限：${c.decision_due ? cnDate(c.decision_due) + '前' : ''}`),
        el('div', { class: 'sign-line' }, el('span', {}, `${center}（盖章）`)))))),
  ];
}

function grant(c, center) {
  const arts = articles(c);
  const decided = c.decision && c.decision.decided_at;
  return [
    el('div', { class: 'org' }, center), el('h1', {}, '给予法律援助决定书'), numberLine(c),
    el('p', { class: 'to' }, `${c.applicant.name}：`),
    el('p', {}, `你于${cnDate(c.received_at)}向本中心提出的${caseWhat(c)}法律援助申请，本中心已经受理。经审查，你的申请符合${LAW}${arts.length ? arts.join('、') : ''}规定的法律援助条件，现决定给予法律援助。`),
    c.decision && c.decision.reason ? el('p', {}, `审查意见：${c.decision.reason}`) : '',
    el('p', {}, `本中心将${c.assignment_due ? '于' + cnDate(c.assignment_due) + '前' : '自本决定作出之日起三日内'}指派法律援助人员为你提供法律援助。请你保持通讯畅通，如实陈述案件事实，提供相关证据材料，配合法律援助人员开展工作。`),
    el('p', {}, `受援人有证据证明法律援助人员不依法履行职责的，可以请求本中心更换法律援助人员（${LAW}第五十五条）。`),
    el('p', {}, '特此决定。'),
    seal(center, decided),
    el('p', { class: 'cc' }, `本决定书一式两份，一份送达申请人，一份存档。案号：${c.case_no}`),
  ];
}

function refuse(c, center) {
  const decided = c.decision && c.decision.decided_at;
  return [
    el('div', { class: 'org' }, center), el('h1', {}, '不予法律援助决定书'), numberLine(c),
    el('p', { class: 'to' }, `${c.applicant.name}：`),
    el('p', {}, `你于${cnDate(c.received_at)}向本中心提出的${caseWhat(c)}法律援助申请，本中心已经受理。经审查，本中心决定不予法律援助。理由如下：`),
    el('p', {}, (c.decision && c.decision.reason) || ''),
    el('p', {}, `如对本决定有异议，可以自收到本决定书之日起向设立本法律援助机构的司法行政部门提出。司法行政部门应当自收到异议之日起五日内进行审查，作出维持决定或者责令本中心改正的决定（${LAW}第四十九条）。`),
    el('p', {}, '特此决定。'),
    seal(center, decided),
    el('p', { class: 'cc' }, `本决定书一式两份，一份送达申请人，一份存档。案号：${c.case_no}`),
  ];
}

function assignment(c, center, extra) {
  const l = c.lawyer || {};
  const who = c.lawyer_name || BLANK;
  const firm = l.firm || BLANK;
  return [
    el('div', { class: 'org' }, center), el('h1', {}, '指派通知书'), numberLine(c),
    el('p', { class: 'to' }, `${firm}：`),
    el('p', {}, `根据${LAW}的规定，本中心决定指派你单位${who}（执业证号：${l.license_no || BLANK}）为受援人${c.applicant.name}${caseWhat(c)}一案提供法律援助。`),
    el('p', {}, '请承办人员自接受指派之日起及时会见或联系受援人，依法履行职责，维护受援人的合法权益；不得向受援人收取任何财物；案件办结后按规定提交结案材料，申领办案补贴。'),
    el('table', { class: 'form' }, el('tbody', {},
      row(['受援人', c.applicant.name], ['联系电话', c.applicant.phone]),
      row(['案件类型', zh('case_type', c.case_type)], ['诉讼阶段', zh('stage', c.stage)]),
      row(['对方当事人', c.opposing_party, 3]),
      el('tr', {}, cell('th', '案情摘要'), el('td', { colspan: 3, class: 'mid' }, c.summary || '')))),
    seal(center, c.assigned_at),
    el('div', { class: 'cut' }, el('span', {}, '沿此线剪下')),
    el('div', { class: 'receipt' }, el('h2', {}, '回　执'),
      el('p', { class: 'flush' }, `${center}：`),
      el('p', {}, `你中心${c.case_no}指派通知书收悉，本单位已安排${who}承办受援人${c.applicant.name}一案。`),
      el('div', { class: 'sign-line' }, el('span', {}, `承办人（签名）：${BLANK}`), el('span', {}, '（单位盖章）　　年　　月　　日'))),
  ];
}

function materials(c, center) {
  const m = c.materials_request || {};
  const list = String(m.reason || '').split(/[\n；;]+/).map((s) => s.trim().replace(/^\d+[.、．]\s*/, '')).filter(Boolean);
  return [
    el('div', { class: 'org' }, center), el('h1', {}, '补充材料通知书'), numberLine(c),
    el('p', { class: 'to' }, `${c.applicant.name}：`),
    el('p', {}, `你于${cnDate(c.received_at)}提出的${caseWhat(c)}法律援助申请，经审查，申请材料不齐全。根据${LAW}第四十三条的规定，请你补充以下材料：`),
    list.length ? el('ol', { class: 'items' }, list.map((s) => el('li', {}, s))) : el('p', {}, BLANK),
    el('p', {}, '以上材料一次性告知。补充材料期间不计入审查期限；材料补齐后，本中心将在规定期限内作出是否给予法律援助的决定。申请人未按要求补充材料的，视为撤回申请。'),
    el('p', {}, '特此通知。'),
    seal(center, m.requested_at),
  ];
}

const BUILD = { application, grant, refuse, assignment, materials };

try {
  await currentUser();
  if (!id) throw new Error('缺少案件编号');
  const c = await api('GET', `/cases/${id}`);
  const center = ((await centers()).find((x) => x.id === c.center_id) || {}).name || '法律援助中心';
  const extra = {};
  if (formName === 'application') {
    try { extra.intakeBy = ((await api('GET', `/cases/${c.id}/events`)).items.find((e) => e.action === 'intake') || {}).actor; } catch { /* left blank */ }
  }
  sheet.replaceChildren(...BUILD[formName](c, center, extra));
  document.title = `${FORMS[formName]} ${c.case_no}`;
  $('#back').href = `/case?id=${c.id}`;
  const available = ['application', ...(c.materials_request ? ['materials'] : []),
    ...(c.decision && c.decision.decision !== 'reject' ? ['grant'] : []), ...(c.decision && c.decision.decision === 'reject' ? ['refuse'] : []),
    ...(c.lawyer_id ? ['assignment'] : [])];
  $('#forms').replaceChildren(...available.map((f) => el('a', { href: `/print?form=${f}&id=${c.id}`, class: f === formName ? 'current' : '' }, FORMS[f])));
  document.body.dataset.loaded = 'true';
} catch (e) {
  const box = $('#msg');
  box.textContent = e.status === 404 ? '没有这个案件，或不在您的权限范围内。' : e.message;
  box.classList.remove('hidden');
  sheet.classList.add('hidden');
}
$('#print').addEventListener('click', () => window.print());

// The documents of a case, filled from it and printed on A4 through the browser's print dialog.
// Decisions, notices and letters are 公文 laid out after GB/T 9704-2012 (the red 发文机关标志 and
// rule, the title in 2号小标宋, the text in 3号仿宋 at 28 characters by 22 lines, the date with
// four characters to its right, the 版记); the others are the forms (表) of SF/T 0024-2017. A form
// the case's state does not allow is refused, saying why (print.css holds the layout).
import { api, currentUser, el, $, param, zh, yuan, cnDate, checkResidentId, centers } from './api.js';
import { FORMS, formName, whyNot, formsFor } from './forms.js';

const LAW = '《中华人民共和国法律援助法》';
const BLANK = '\u3000'.repeat(6);
const BOX = (on) => (on ? '☑' : '☐');

const cell = (tag, text, attrs = {}) => el(tag, attrs, text == null || text === '' ? '\u3000' : text);
const row = (...pairs) => el('tr', {}, pairs.map(([label, value, span]) => [cell('th', label, { scope: 'row' }), cell('td', value, span ? { colspan: span } : {})]));
const wide = (label, value, cls) => el('tr', {}, cell('th', label, { scope: 'row' }), el('td', { colspan: 3, class: cls || '' }, value == null || value === '' ? '\u3000' : value));
const table = (...rows) => el('table', { class: 'form' }, el('tbody', {}, rows));
const numberLine = (c) => el('div', { class: 'no', id: 'form-no' }, `编号：${c.case_no}`);
const caseWhat = (c) => `${zh('case_type', c.case_type)}${c.matter ? '（' + zh('matter', c.matter) + '）' : ''}${c.stage ? zh('stage', c.stage) + '阶段' : ''}`;
const articles = (c) => [...new Set(((c.eligibility && c.eligibility.rules) || []).map((r) => r.article))];
const lawyerOf = (c) => ({ name: c.lawyer_name || BLANK, firm: (c.lawyer && c.lawyer.firm) || BLANK, license: (c.lawyer && c.lawyer.license_no) || BLANK });
// "张三律师", not "张三律师律师" when the name already says it.
const asLawyer = (name) => (/律师$/.test(name) ? name : `${name}律师`);
const isMinor = (c) => ((c.applicant && c.applicant.groups) || []).includes('minor');
// The accused's name by the stage: 犯罪嫌疑人 before trial, 被告人 from trial on.
const accused = (c) => (['investigation', 'prosecution'].includes(c.stage) ? '犯罪嫌疑人' : c.stage ? '被告人' : '犯罪嫌疑人、被告人');
const sexOf = (a) => (a.sex === 'F' ? '女' : a.sex === 'M' ? '男' : '');
const signLine = (...parts) => el('div', { class: 'sign-line' }, parts.map((p) => el('span', {}, p)));

// ---- 公文 (GB/T 9704-2012) ----
// 版头: the issuing body in red and the document number over a red rule; 主体: title, addressee,
// text, the issuer and the date (右空四字), the seal's place; 版记: 抄送 and the issuing line.
function gongwen(c, center, { title, to, body, date, cc, notes, attach }) {
  return [
    el('header', { class: 'gw-head' },
      el('div', { class: 'gw-org' }, center),
      el('div', { class: 'gw-no', id: 'form-no' }, c.case_no),
      el('div', { class: 'gw-rule', role: 'presentation' })),
    el('h1', { class: 'gw-title' }, title),
    to ? el('p', { class: 'gw-to' }, `${to}：`) : '',
    ...body.map((b) => (typeof b === 'string' ? el('p', {}, b) : b)),
    // 附件说明: under the text, a line apart, two characters in.
    attach ? el('p', { class: 'gw-attach' }, `附件：${attach}`) : '',
    el('div', { class: 'gw-sign' },
      el('div', { class: 'gw-issuer' }, center),
      el('div', { class: 'gw-date' }, cnDate(date))),
    notes ? el('p', { class: 'gw-notes' }, `（${notes}）`) : '',
    // 版记: for a document copied to others (抄送) and issued as such; a decision served on the
    // applicant alone carries its 附注 only.
    cc ? el('footer', { class: 'gw-record' },
      el('div', { class: 'gw-cc' }, `抄送：${cc}。`),
      el('div', { class: 'gw-issue' }, el('span', {}, center), el('span', {}, `${cnDate(date)}印发`))) : '',
  ];
}

function grant(c, center) {
  const arts = articles(c);
  const lawyerLine = c.lawyer_id ? `本中心已指派${lawyerOf(c).firm}${lawyerOf(c).name}为你提供法律援助。`
    : `本中心将${c.assignment_due ? '于' + cnDate(c.assignment_due) + '前' : '自本决定作出之日起三日内'}指派法律援助人员为你提供法律援助。`;
  return gongwen(c, center, {
    title: '给予法律援助决定书', to: c.applicant.name, date: c.decision && c.decision.decided_at,
    body: [
      `你于${cnDate(c.received_at)}向本中心提出的${caseWhat(c)}法律援助申请，本中心已经受理。经审查，你的申请符合${LAW}${arts.length ? arts.join('、') : ''}规定的法律援助条件，现决定给予法律援助。`,
      c.decision && c.decision.reason ? `审查意见：${c.decision.reason}` : '',
      `${lawyerLine}请你保持通讯畅通，如实陈述案件事实，提供相关证据材料，配合法律援助人员开展工作。`,
      `受援人有权了解法律援助的进展情况；有事实证明法律援助人员不依法履行职责的，可以请求本中心更换法律援助人员（${LAW}第五十五条）。`,
      '特此决定。',
    ].filter(Boolean),
    notes: '本决定书一式两份，一份送达申请人，一份存档',
  });
}

function refuse(c, center) {
  return gongwen(c, center, {
    title: '不予法律援助决定书', to: c.applicant.name, date: c.decision && c.decision.decided_at,
    body: [
      `你于${cnDate(c.received_at)}向本中心提出的${caseWhat(c)}法律援助申请，本中心已经受理。经审查，本中心决定不予法律援助。理由如下：`,
      (c.decision && c.decision.reason) || BLANK,
      `如对本决定有异议，可以自收到本决定书之日起向设立本法律援助机构的司法行政部门提出。司法行政部门应当自收到异议之日起五日内进行审查，作出维持决定或者责令本中心改正的决定（${LAW}第四十九条）。`,
      '特此决定。',
    ],
    notes: '本决定书一式两份，一份送达申请人，一份存档',
  });
}

function materials(c, center) {
  const m = c.materials_request || {};
  const list = (m.papers && m.papers.length ? m.papers.map((p) => p.label || zh('attachment_kind', p.kind)) : [])
    .concat(String(m.reason || '').split(/[\n；;]+/).map((s) => s.trim().replace(/^\d+[.、．]\s*/, '')).filter(Boolean));
  return gongwen(c, center, {
    title: '补充材料通知书', to: c.applicant.name, date: m.requested_at,
    body: [
      `你于${cnDate(c.received_at)}提出的${caseWhat(c)}法律援助申请，经审查，申请材料不齐全。根据${LAW}第四十三条的规定，请你补充以下材料：`,
      list.length ? el('ol', { class: 'items' }, list.map((s) => el('li', {}, s))) : el('p', {}, BLANK),
      '以上材料一次性告知。补充材料期间不计入审查期限；材料补齐后，本中心将在规定期限内作出是否给予法律援助的决定。申请人未按要求补充材料的，视为撤回申请。',
      '特此通知。',
    ],
  });
}

function assignment(c, center) {
  const l = lawyerOf(c);
  return [
    ...gongwen(c, center, {
      title: '指派通知书', to: l.firm, date: c.assigned_at, cc: `受援人${c.applicant.name}`,
      body: [
        `根据${LAW}的规定，本中心决定指派你单位${l.name}（执业证号：${l.license}）为受援人${c.applicant.name}${caseWhat(c)}一案提供法律援助。`,
        '请承办人员自接受指派之日起及时会见或联系受援人，依法履行职责，维护受援人的合法权益；不得向受援人收取任何财物；案件办结后按规定提交结案材料，申领办案补贴。',
        table(row(['受援人', c.applicant.name], ['联系电话', c.applicant.phone]),
          row(['案件类型', zh('case_type', c.case_type)], ['诉讼阶段', zh('stage', c.stage)]),
          wide('对方当事人', c.opposing_party), wide('案情摘要', c.summary, 'mid')),
      ],
    }),
    el('div', { class: 'cut' }, el('span', {}, '沿此线剪下')),
    el('div', { class: 'receipt' }, el('h2', {}, '回　执'),
      el('p', { class: 'flush' }, `${center}：`),
      el('p', {}, `你中心${c.case_no}指派通知书收悉，本单位已安排${l.name}承办受援人${c.applicant.name}一案。`),
      signLine(`承办人（签名）：${BLANK}`, '（单位盖章）　　年　　月　　日')),
  ];
}

// Art. 36: the police, procuratorate or court is told which lawyer the centre assigned.
function organLetter(c, center) {
  const l = lawyerOf(c);
  const who = c.case_type === 'criminal_victim' ? '被害人' : accused(c);
  const role = c.case_type === 'criminal_victim' ? '诉讼代理人' : c.case_type === 'plea_help' ? '值班律师，为其提供法律帮助' : '辩护人';
  // The organ that notified the centre, else (an application) the organ handling the case,
  // which a criminal case records as its opposing party; else a blank to fill in by hand.
  const organ = (c.notice && c.notice.organ_name) || (/(公安|检察|法院|看守所)/.test(c.opposing_party || '') && c.opposing_party) || '　　　　　　（办案机关）';
  const source = c.notice ? `你单位${c.notice.notice_no ? '《' + c.notice.notice_no + '》' : ''}通知书收悉。` : `${who}${c.applicant.name}向本中心申请法律援助，本中心已决定给予法律援助。`;
  return gongwen(c, center, {
    title: '法律援助公函', to: organ, date: c.assigned_at, cc: `${l.firm}`,
    body: [
      `${source}根据${LAW}第三十六条的规定，本中心决定指派${l.firm}${asLawyer(l.name)}（执业证号：${l.license}）担任${who}${c.applicant.name}${c.stage ? zh('stage', c.stage) + '阶段' : ''}的${role}。`,
      '请你单位依法安排会见、阅卷等事宜，为法律援助人员履行职责提供便利。',
      '特此函告。',
    ],
    attach: '指派通知书',
  });
}

const GROUND_ITEM = { deception: '一', concealment: '二', illegal_use: '三', no_longer_eligible: '四', case_ended: '五', own_lawyer: '六', recipient_request: '七', other: '八' };
function termination(c, center) {
  const t = c.termination || {};
  const l = lawyerOf(c);
  return gongwen(c, center, {
    title: '终止法律援助决定书', to: c.applicant.name, date: t.terminated_at, cc: c.lawyer_id ? l.firm : '',
    body: [
      `本中心${c.decision && c.decision.decided_at ? '于' + cnDate(c.decision.decided_at) : ''}决定为你${caseWhat(c)}一案提供法律援助${c.lawyer_id ? `，指派${l.firm}${l.name}承办` : ''}。经审查，${zh('ground', t.ground)}，根据${LAW}第四十八条第一款第（${GROUND_ITEM[t.ground] || '八'}）项的规定，本中心决定终止对你的法律援助。`,
      t.reason ? `具体情况：${t.reason}` : '',
      `如对本决定有异议，可以自收到本决定书之日起向设立本法律援助机构的司法行政部门提出（${LAW}第四十九条）。`,
      '特此决定。',
    ].filter(Boolean),
    notes: '本决定书一式三份，受援人、承办律师所在单位各一份，一份存档',
  });
}

// ---- forms (表) ----
function application(c, center, extra) {
  const a = c.applicant;
  const idc = checkResidentId(a.id_number || '');
  const perHead = a.household_monthly_income_fen != null && a.household_size ? yuan(Math.round(a.household_monthly_income_fen / a.household_size)) : '';
  return [
    el('div', { class: 'org' }, center),
    el('h1', {}, '法律援助申请表'),
    numberLine(c),
    table(
      row(['申请人姓名', a.name], ['性　　别', sexOf(a)]),
      row(['出生日期', a.birth_date ? cnDate(a.birth_date) : idc.ok ? cnDate(idc.birth) : ''], ['民　　族', a.ethnicity]),
      wide('公民身份号码', a.id_number),
      row(['联系电话', a.phone], ['家庭人口', a.household_size ? `${a.household_size} 人` : '']),
      wide('住　　所', a.address),
      row(['家庭月收入', a.household_monthly_income_fen == null ? '' : yuan(a.household_monthly_income_fen)], ['人均月收入', perHead]),
      wide('特殊群体', (a.groups || []).map((g) => zh('group', g)).join('、') || '无'),
      row(['案件类型', zh('case_type', c.case_type)], ['受理渠道', zh('channel', c.channel)]),
      row(['援助事项', zh('matter', c.matter)], ['诉讼阶段', zh('stage', c.stage)]),
      wide('对方当事人', c.opposing_party),
      c.notice ? wide('通知机关', `${c.notice.organ_name}（${c.notice.notice_no}）`) : '',
      el('tr', {}, cell('th', ['案情及', el('br'), '申请理由'], { scope: 'row' }), el('td', { colspan: 3, class: 'tall' }, c.summary || '')),
      el('tr', {}, el('td', { colspan: 4, class: 'pledge' },
        el('p', { class: 'flush' }, `申请人承诺：本人所填写的内容及提交的材料真实、有效，经济困难状况属实。如有虚假，愿承担相应的法律责任（${LAW}第四十一条、第四十八条）。`),
        signLine(`申请人（签名）：${BLANK}`, '年　　月　　日'))),
      el('tr', {}, cell('th', '受理情况', { scope: 'row' }), el('td', { colspan: 3, class: 'pledge' },
        el('div', {}, `受理人：${extra.intakeBy || BLANK}　　　受理时间：${cnDate(c.received_at)}`),
        el('div', {}, `决定期限：${c.decision_due ? cnDate(c.decision_due) + '前' : ''}`),
        signLine(`${center}（盖章）`)))),
  ];
}

function agreement(c, center) {
  const a = c.applicant;
  const l = lawyerOf(c);
  const criminal = ['criminal_defense', 'plea_help'].includes(c.case_type);
  const minor = isMinor(c);
  return [
    el('div', { class: 'org' }, center),
    el('h1', {}, '法律援助委托协议'),
    numberLine(c),
    el('p', { class: 'flush' }, `甲方（受援人）：${a.name}　　性别：${sexOf(a) || BLANK}　　公民身份号码：${a.id_number || BLANK}`),
    el('p', { class: 'flush' }, `住所：${a.address || BLANK}　　联系电话：${a.phone || BLANK}`),
    // A minor signs through a guardian (法定代理人).
    minor ? el('p', { class: 'flush' }, `甲方法定代理人（监护人）：${BLANK}　　与甲方关系：${BLANK}　　联系电话：${BLANK}`) : '',
    el('p', { class: 'flush' }, `乙方（承办律师）：${l.name}　　执业证号：${l.license}　　执业机构：${l.firm}`),
    el('p', {}, `甲方的法律援助申请经${center}审查，决定给予法律援助（编号：${c.case_no}），并指派乙方承办。根据${LAW}的规定，甲、乙双方约定如下：`),
    el('p', {}, `一、委托事项：${caseWhat(c)}${c.opposing_party ? (criminal ? '，办案机关' : '，对方当事人') + c.opposing_party : ''}。乙方担任甲方的${criminal ? '辩护人' : '代理人'}。`),
    el('p', {}, `二、委托权限：${BOX(false)}一般代理　${BOX(false)}特别授权（代为承认、放弃、变更诉讼请求，进行和解，提起反诉或者上诉）。特别授权须另行出具授权委托书。`),
    el('p', {}, '三、乙方无偿为甲方提供法律服务，不得向甲方收取任何财物；乙方应依法履行职责，及时告知甲方案件办理情况，保守甲方的个人隐私和商业秘密。'),
    el('p', {}, `四、甲方应如实陈述案件事实，提供有关证据材料，配合乙方工作。甲方有权了解法律援助的进展情况；有事实证明乙方不依法履行职责的，甲方可以请求${center}更换法律援助人员（${LAW}第五十五条）。`),
    el('p', {}, `五、有${LAW}第四十八条规定情形之一的，${center}终止法律援助，本协议随之终止。`),
    el('p', {}, `六、本协议自双方签字之日起生效，至委托事项办结时终止。本协议一式三份，甲方、乙方和${center}各执一份。`),
    el('div', { class: 'sign-block' },
      el('div', {}, `甲方（签名）：${BLANK}`, el('br'), minor ? [`法定代理人（签名）：${BLANK}`, el('br')] : '', '年　　月　　日'),
      el('div', {}, `乙方（签名）：${BLANK}`, el('br'), `${l.firm}（盖章）`, el('br'), '年　　月　　日')),
  ];
}

const PAPER_KINDS = [['application', '申请书'], ['identity', '身份证明'], ['hardship_proof', '经济困难证明或承诺'],
  ['notice', '通知辩护/代理公函'], ['judgment', '判决书、裁定书、调解书'], ['closing_report', '结案报告']];
function closingReview(c, center, extra) {
  const l = lawyerOf(c);
  const kinds = new Set((extra.papers || []).map((p) => p.kind));
  const stages = (c.stages || []).map((s) => `${zh('stage', s.stage)}（${s.started_on}${s.ended_on ? ' 至 ' + s.ended_on : ''}）`).join('；');
  return [
    el('div', { class: 'org' }, center),
    el('h1', {}, '结案审查表'),
    numberLine(c),
    table(
      row(['受援人', c.applicant.name], ['案件类型', caseWhat(c)]),
      row(['承办律师', l.name], ['执业机构', l.firm]),
      row(['指派日期', c.assigned_at ? cnDate(c.assigned_at) : ''], ['结案日期', c.closure ? cnDate(c.closure.closed_on) : '']),
      wide('办理阶段', stages),
      wide('办理结果', c.closure && c.closure.outcome, 'mid'),
      row(['挽回经济损失', c.closure ? yuan(c.closure.recovered_fen || 0) : ''], ['卷宗材料件数', `${(extra.papers || []).length} 件`]),
      wide('卷宗材料', el('div', { class: 'checks' }, PAPER_KINDS.map(([k, t]) => el('span', {}, `${BOX(kinds.has(k))}${t}`)))),
      wide('承办人意见', '', 'mid'),
      wide('审查意见', c.grade ? `经审查，本案结案材料齐全，办案质量评定为“${zh('grade', c.grade)}”。` : '', 'mid'),
      el('tr', {}, el('td', { colspan: 4, class: 'pledge' }, signLine(`审查人（签名）：${BLANK}`, '（盖章）　　年　　月　　日')))),
  ];
}

const QUALITY_ITEMS = ['接受指派、会见或联系受援人及时', '阅卷、调查取证充分', '出庭、参加调解或仲裁认真', '法律文书规范、意见有据', '及时告知受援人办理进展', '结案材料齐全、按时归档'];
function quality(c, center) {
  const l = lawyerOf(c);
  const sat = c.satisfaction;
  return [
    el('div', { class: 'org' }, center),
    el('h1', {}, '法律援助案件质量评估表'),
    numberLine(c),
    table(
      row(['受援人', c.applicant.name], ['案件类型', caseWhat(c)]),
      row(['承办律师', l.name], ['执业机构', l.firm]),
      row(['结案日期', c.closure ? cnDate(c.closure.closed_on) : c.termination ? '已终止' : ''], ['受援人评价', sat ? (sat.satisfied ? '满意' : '不满意') : '未回访']),
      wide('评估方式', `${BOX(true)}卷宗审查　${BOX(false)}旁听庭审　${BOX(!!sat)}回访受援人（${LAW}第五十九条）`)),
    el('table', { class: 'form scores' },
      el('thead', {}, el('tr', {}, ['序号', '评估项目', '评价', '说明'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, QUALITY_ITEMS.map((t, i) => el('tr', {}, el('td', { class: 'c' }, String(i + 1)), el('td', {}, t),
        el('td', { class: 'c' }, `${BOX(false)}好 ${BOX(false)}一般 ${BOX(false)}差`), el('td', {}, '\u3000'))))),
    table(
      wide('质量等级', ['excellent', 'good', 'pass', 'fail'].map((g) => `${BOX(c.grade === g)}${zh('grade', g)}`).join('　　')),
      wide('评估意见', '', 'mid'),
      el('tr', {}, el('td', { colspan: 4, class: 'pledge' }, signLine(`评估人（签名）：${BLANK}`, '年　　月　　日')))),
  ];
}

function service(c, center) {
  const docs = [];
  if (c.decision && c.decision.decision === 'reject') docs.push(['不予法律援助决定书', c.decision.decided_at]);
  else if (c.decision) docs.push(['给予法律援助决定书', c.decision.decided_at]);
  if (c.termination) docs.push(['终止法律援助决定书', c.termination.terminated_at]);
  const [doc, at] = docs[docs.length - 1] || ['', null];
  return [
    el('div', { class: 'org' }, center),
    el('h1', {}, '送达回证'),
    numberLine(c),
    table(
      wide('送达文书', `${doc}（${c.case_no}）`),
      row(['受送达人', c.applicant.name], ['文书日期', cnDate(at)]),
      wide('送达地址', c.applicant.address),
      wide('送达方式', `${BOX(false)}直接送达　${BOX(false)}邮寄送达　${BOX(false)}电子送达　${BOX(false)}留置送达`),
      el('tr', {}, cell('th', '受送达人签收', { scope: 'row' }), el('td', { colspan: 3, class: 'mid' }, signLine(`签名：${BLANK}`, '年　　月　　日'))),
      wide('代收人及代收理由', '', 'mid'),
      row(['送达人', ''], ['送达日期', '年　　月　　日']),
      wide('备　　注', '')),
    el('p', { class: 'flush small' }, '受送达人拒绝签收的，送达人应注明情况并由见证人签名。'),
  ];
}

function followUp(c, center) {
  const sat = c.satisfaction;
  const l = lawyerOf(c);
  return [
    el('div', { class: 'org' }, center),
    el('h1', {}, '法律援助案件回访记录表'),
    numberLine(c),
    table(
      row(['受援人', c.applicant.name], ['联系电话', c.applicant.phone]),
      row(['案件类型', caseWhat(c)], ['承办律师', l.name]),
      row(['结案日期', c.closure ? cnDate(c.closure.closed_on) : c.termination ? `终止于${cnDate(c.termination.terminated_at)}` : ''], ['回访时间', sat ? cnDate(sat.at) : '年　　月　　日']),
      wide('回访方式', `${BOX(!!sat)}电话　${BOX(false)}当面　${BOX(false)}书面`),
      wide('对承办律师的评价', `${BOX(sat && sat.satisfied === true)}满意　${BOX(false)}基本满意　${BOX(sat && sat.satisfied === false)}不满意`),
      wide('受援人意见', (sat && sat.comment) || '', 'tall'),
      wide('处理情况', '', 'mid'),
      row(['回访人（签名）', ''], ['审核人（签名）', ''])),
  ];
}

const BUILD = { application, materials, grant, refuse, assignment, organ_letter: organLetter, agreement, termination,
  closing_review: closingReview, quality, service, follow_up: followUp };

const wanted = param('form') || 'application';
const id = param('id');
const sheet = $('#form');
try {
  await currentUser();
  if (!id) throw new Error('缺少案件编号');
  const c = await api('GET', `/cases/${id}`);
  const center = ((await centers()).find((x) => x.id === c.center_id) || {}).name || '法律援助中心';
  $('#back').href = `/case?id=${c.id}`;
  $('#forms').replaceChildren(...formsFor(c).map((f) => el('a', { href: `/print?form=${f}&id=${c.id}`, class: f === wanted ? 'current' : '', 'aria-current': f === wanted ? 'page' : undefined }, formName(f))));
  const why = whyNot(c, wanted);
  if (why) {
    // Print only what the case's state allows; anything else is said, not printed.
    const box = $('#msg');
    box.replaceChildren(el('strong', {}, `不能打印${formName(wanted) ? '“' + formName(wanted) + '”' : '这份文书'}：`), why,
      el('span', {}, `（案件 ${c.case_no}，${zh('status', c.status)}）本案可以打印的文书在上方列出。`));
    box.classList.remove('hidden');
    box.dataset.refused = wanted;
    sheet.classList.add('hidden');
    $('#print').disabled = true;
    document.title = `不能打印 · ${c.case_no}`;
  } else {
    const extra = {};
    if (wanted === 'application') {
      try { extra.intakeBy = ((await api('GET', `/cases/${c.id}/events`)).items.find((e) => e.action === 'intake') || {}).actor; } catch { /* left blank */ }
    }
    if (wanted === 'closing_review') {
      try { extra.papers = (await api('GET', `/cases/${c.id}/attachments?limit=500`)).items; } catch { extra.papers = []; }
    }
    sheet.classList.toggle('gw', FORMS[wanted][1]);
    sheet.dataset.form = wanted;
    sheet.replaceChildren(...BUILD[wanted](c, center, extra));
    document.title = `${formName(wanted)} ${c.case_no}`;
  }
  document.body.dataset.loaded = 'true';
} catch (e) {
  const box = $('#msg');
  box.textContent = e.status === 404 ? '没有这个案件，或不在您的权限范围内。' : e.message;
  box.classList.remove('hidden');
  sheet.classList.add('hidden');
  document.body.dataset.loaded = 'true';
}
$('#print').addEventListener('click', () => window.print());

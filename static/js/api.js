// Shared by every page: the API client (session cookie + CSRF header), the page frame,
// Chinese names of the enumerations, money and date helpers, resident-ID checks.

let csrf = sessionStorage.getItem('csrf') || '';
let me = null;

export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || `请求失败（${status}）`);
    this.status = status;
    this.code = e.code || 'error';
    this.fields = e.fields || {};
  }
}

// One request to /api/v1. body is sent as JSON; unsafe methods carry the CSRF token.
export async function api(method, path, body, extraHeaders = {}) {
  const headers = { Accept: 'application/json', ...extraHeaders };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  const res = await fetch('/api/v1' + path, {
    method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return null;
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = { error: { message: text } }; }
  if (res.status === 401 && !path.startsWith('/session')) {
    location.href = '/?next=' + encodeURIComponent(location.pathname + location.search);
    throw new ApiError(401, data);
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

export async function signIn(username, password) {
  const r = await api('POST', '/session', { username, password });
  csrf = r.csrf_token;
  sessionStorage.setItem('csrf', csrf);
  return r.user;
}

export async function signOut() {
  try { await api('DELETE', '/session'); } finally {
    sessionStorage.removeItem('csrf');
    location.href = '/';
  }
}

// The signed-in user (and its CSRF token), or a redirect to the sign-in page.
export async function currentUser() {
  if (me) return me;
  me = await api('GET', '/me');
  csrf = me.csrf_token;
  sessionStorage.setItem('csrf', csrf);
  return me;
}

export const ROLE_ZH = { admin: '管理员', clerk: '受理员', reviewer: '审查员', lawyer: '律师', supervisor: '主管' };
export const HOME = { clerk: '/worklist', reviewer: '/worklist', lawyer: '/lawyer', supervisor: '/dashboard', admin: '/admin' };

const NAV = [
  ['/intake', '申请登记', ['clerk', 'reviewer', 'admin']],
  ['/worklist', '案件工作台', ['clerk', 'reviewer', 'admin', 'supervisor']],
  ['/hotline', '12348热线', ['clerk']],
  ['/lawyer', '我的案件', ['lawyer']],
  ['/dashboard', '统计看板', ['supervisor', 'admin']],
  ['/admin', '系统管理', ['admin']],
];

// Builds the header: title, the role's pages, the user and sign-out. Returns the user.
export async function frame(pageTitle) {
  const user = await currentUser();
  document.title = `${pageTitle} · 法律援助案件管理`;
  const header = document.createElement('header');
  header.className = 'top';
  const title = el('div', { class: 'title' }, '法律援助案件管理');
  const nav = el('nav', { 'aria-label': '页面' });
  for (const [href, label, roles] of NAV) {
    if (!roles.includes(user.role)) continue;
    const a = el('a', { href }, label);
    if (location.pathname === href || location.pathname === href + '.html') a.className = 'current';
    nav.append(a);
  }
  const out = el('button', { type: 'button', title: '退出登录' }, '退出');
  out.addEventListener('click', signOut);
  const who = el('div', { class: 'who' }, `${user.display_name || user.username}（${ROLE_ZH[user.role] || user.role}）`, out);
  header.append(title, nav, who);
  document.body.prepend(header);
  return user;
}

// A small element builder: el('td', {class: 'num'}, 'text', child...)
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else if (v === true) e.setAttribute(k, '');
    else e.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

export function showMessage(box, text, kind = 'error') {
  box.className = `msg ${kind}`;
  box.textContent = text;
  box.classList.remove('hidden');
}

// Marks the fields of a validation error: inputs carry data-field="applicant.id_number".
export function showErrors(form, err, box) {
  $$('.invalid', form).forEach((n) => n.classList.remove('invalid'));
  $$('.error-text', form).forEach((n) => n.remove());
  if (box) showMessage(box, err.message);
  for (const [field, why] of Object.entries(err.fields || {})) {
    const input = form.querySelector(`[data-field="${CSS.escape(field)}"]`);
    if (!input) continue;
    const label = input.closest('label') || input;
    label.classList.add('invalid');
    label.append(el('span', { class: 'error-text' }, FIELD_REASON_ZH[why] || why));
  }
}

const FIELD_REASON_ZH = {
  required: '必填', 'check character mismatch': '校验码不符', 'must be 18 characters': '须为18位',
  'not a real birth date': '出生日期无效', 'unknown region code': '地区码无效',
  '17 digits and a digit or X': '前17位须为数字，末位为数字或X', 'not a valid phone number': '电话号码无效',
  'not an allowed value': '取值无效', 'out of range': '超出范围', 'too long': '过长',
  'must be in the future': '不能是将来时间', 'must not be in the future': '不能是将来时间',
  'contradicts the resident ID': '与身份证信息不符', 'required for this case type': '该案件类型必填',
  'required for a criminal case': '刑事案件必填', 'does not fit the case type': '与案件类型不符',
};

export const ZH = {
  case_type: { criminal_defense: '刑事辩护', criminal_victim: '刑事代理（被害人）', plea_help: '认罪认罚法律帮助', civil: '民事', administrative: '行政', labor_arbitration: '劳动仲裁', state_compensation: '国家赔偿', notarization: '公证', document_drafting: '代写法律文书' },
  channel: { window: '窗口', hotline_12348: '12348热线', online: '网络', notice_police: '公安机关通知', notice_procuratorate: '检察院通知', notice_court: '法院通知' },
  status: { submitted: '待审查', materials_requested: '待补材料', approved: '已批准待指派', rejected: '不予援助', assigned: '已指派', in_progress: '承办中', closed: '已结案', terminated: '已终止' },
  stage: { investigation: '侦查', prosecution: '审查起诉', trial: '审判', death_review: '死刑复核', first_instance: '一审', second_instance: '二审', retrial: '再审', arbitration: '仲裁', enforcement: '执行' },
  matter: { state_compensation: '国家赔偿', social_insurance: '社会保险', bereavement_pension: '抚恤金', support_payment: '赡养/抚养/扶养费', labour_remuneration: '劳动报酬', employment_confirmation: '确认劳动关系', incapacity_declaration: '宣告无/限制民事行为能力', personal_injury: '人身损害赔偿', environmental_damage: '环境污染损害', criminal_victim: '刑事被害人', retrial_petition: '申诉再审', other: '其他' },
  group: { minor: '未成年人', elderly: '老年人', woman: '妇女', ethnic_minority: '少数民族', migrant_worker: '农民工', disabled: '残疾人', military: '军人军属', low_income: '低保特困' },
  criminal_ground: { minor: '未成年人', sensory_disability: '盲、聋、哑人', mental_capacity: '限制行为能力的精神病人', life_or_death_penalty: '可能判处无期徒刑、死刑', death_review: '死刑复核', in_absentia: '缺席审判', compulsory_treatment: '强制医疗' },
  exemption: { martyr_relative: '英烈近亲属', bravery: '见义勇为', retrial_compensation: '再审无罪国家赔偿', abuse_victim: '虐待遗弃家暴受害人', no_fixed_income: '无固定生活来源', social_assistance: '社会救助对象', judicial_assistance: '司法救助对象', veteran_benefits: '优抚对象' },
  ground: { deception: '以欺骗手段获得援助', concealment: '隐瞒事实或提供虚假证据', illegal_use: '利用援助从事违法活动', no_longer_eligible: '经济状况改变不再符合条件', case_ended: '案件终止审理或撤销', own_lawyer: '自行委托律师', recipient_request: '受援人要求终止', other: '其他' },
  grade: { excellent: '优', good: '良', pass: '合格', fail: '不合格' },
  item: { criminal_investigation: '刑事侦查阶段', criminal_prosecution: '刑事审查起诉阶段', criminal_trial: '刑事审判阶段', criminal_death_review: '死刑复核阶段', civil: '民事', administrative: '行政', arbitration: '仲裁', notarization: '公证', duty_lawyer_day: '值班律师', document_drafting: '代写文书', service_hall_day: '服务大厅值班', hotline_day: '12348值班' },
  claim_status: { computed: '待审核', approved: '已审核', paid: '已支付' },
  kind: { consultation: '咨询', complaint: '投诉', suggestion: '建议' },
  topic: { labour: '劳动', marriage_family: '婚姻家庭', debt: '债务', traffic_accident: '交通事故', land: '土地', housing: '房屋', personal_injury: '人身损害', consumer: '消费', criminal: '刑事', administrative: '行政', social_security: '社会保障', other: '其他' },
  outcome: { answered: '已解答', referred_mediation: '转调解', referred_agency: '转其他部门', work_order_12345: '12345工单', converted: '转为援助申请' },
  scope: { local: '本地', cross_county: '本市跨县区', in_province: '本省' },
  action: { intake: '登记申请', approve: '批准援助', reject: '不予援助', request_materials: '通知补充材料', materials_received: '材料已补齐', urgent_aid: '先行援助', assign: '指派律师', accept: '律师接受', decline: '律师拒绝', stage: '记录办案阶段', close: '结案', grade: '质量评定', terminate: '终止援助', objection: '提出异议', objection_decision: '异议处理', replacement_request: '申请更换律师', satisfaction: '满意度回访', update: '修改申请信息', eligibility_override: '调整审查结论', archive: '卷宗归档' },
};

export const zh = (kind, key) => (key == null ? '' : (ZH[kind] && ZH[kind][key]) || key);

// Options for a <select> from an enumeration; blank adds an empty first choice.
export function options(kind, blank) {
  const out = [];
  if (blank !== undefined) out.push(el('option', { value: '' }, blank));
  for (const [k, v] of Object.entries(ZH[kind])) out.push(el('option', { value: k }, v));
  return out;
}

export function yuan(fen) {
  if (fen == null) return '—';
  const neg = fen < 0;
  const s = (Math.abs(fen) / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (neg ? '-' : '') + '¥' + s;
}
export const wan = (fen) => (fen == null ? '—' : (fen / 1000000).toFixed(2) + '万');
export const fenOf = (yuanText) => (yuanText === '' || yuanText == null ? undefined : Math.round(Number(yuanText) * 100));
export const day = (iso) => (iso ? String(iso).slice(0, 10) : '');
export const dateTime = (iso) => (iso ? String(iso).slice(0, 16).replace('T', ' ') : '');
export function today() {
  const d = new Date(Date.now() + 8 * 3600 * 1000);
  return d.toISOString().slice(0, 10);
}
export function daysUntil(iso) {
  if (!iso) return null;
  return Math.round((Date.parse(iso + 'T00:00:00Z') - Date.parse(today() + 'T00:00:00Z')) / 86400000);
}

// The deadline badge of a case: overdue, due within 2 days, or the date.
export function dueBadge(c) {
  const due = ['submitted', 'materials_requested'].includes(c.status) ? c.decision_due
    : c.status === 'approved' ? c.assignment_due : null;
  if (!due) return null;
  const n = daysUntil(due);
  const what = c.status === 'approved' ? '指派' : '决定';
  if (c.overdue || n < 0) return el('span', { class: 'badge overdue' }, `${what}逾期 ${-n} 天`);
  if (n <= 2) return el('span', { class: 'badge due-soon' }, `${what}期限 ${n === 0 ? '今天' : n + ' 天后'}`);
  return el('span', { class: 'badge' }, `${what}期限 ${due}`);
}

// Resident ID (GB 11643): length, date, check character; and what it encodes.
export function checkResidentId(id) {
  const s = (id || '').trim().toUpperCase();
  if (s.length !== 18) return { ok: false, why: '身份证号须为18位' };
  if (!/^\d{17}[\dX]$/.test(s)) return { ok: false, why: '前17位须为数字，末位为数字或X' };
  const y = +s.slice(6, 10), m = +s.slice(10, 12), d = +s.slice(12, 14);
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d || dt > new Date())
    return { ok: false, why: '出生日期无效' };
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += +s[i] * w[i];
  if ('10X98765432'[sum % 11] !== s[17]) return { ok: false, why: '校验码不符，请核对' };
  const birth = s.slice(6, 10) + '-' + s.slice(10, 12) + '-' + s.slice(12, 14);
  const now = new Date();
  let age = now.getFullYear() - y;
  if (now.getMonth() + 1 < m || (now.getMonth() + 1 === m && now.getDate() < d)) age--;
  return { ok: true, birth, age, sex: +s[16] % 2 ? '男' : '女' };
}

// Renders an eligibility answer into box.
export function renderEligibility(box, e) {
  box.replaceChildren();
  if (!e) return;
  const verdict = e.eligible === true ? ['elig-yes', '符合法律援助条件'] : e.eligible === false ? ['elig-no', '不符合法律援助条件'] : ['elig-unknown', '尚待补充信息'];
  box.append(el('div', { class: verdict[0] }, verdict[1], e.mandatory ? '（应当指派）' : ''));
  const means = { required: '需审查经济困难状况', exempt: '免予核查经济困难状况', not_applicable: '不审查经济状况' }[e.means_test];
  if (means) box.append(el('div', { class: 'hint' }, means));
  if (e.rules && e.rules.length) box.append(el('ul', { class: 'rules' }, e.rules.map((r) => el('li', {}, el('span', { class: 'art' }, r.article), r.text))));
  if (e.missing && e.missing.length) box.append(el('div', { class: 'hint' }, '缺少：' + e.missing.map((m) => MISSING_ZH[m] || m).join('、')));
}

const MISSING_ZH = {
  'applicant.household_monthly_income_fen': '家庭月收入', 'applicant.household_size': '家庭人口',
  hardship_threshold: '本地经济困难标准', matter: '援助事项', case_type: '案件类型',
};

// Reads a page's query parameter.
export const param = (name) => new URLSearchParams(location.search).get(name);

// Browser tests: Debian's chromium, headless, driven by playwright-core, against the real daemon
// and its database. One case goes all the way through the pages:
//   a clerk records an application by keyboard alone; a reviewer approves it and assigns the
//   suggested lawyer; the lawyer accepts, records a stage and closes it on a phone-sized screen;
//   the reviewer grades it and sees the claim; the admin sets the budget and targets; a
//   supervisor's dashboard shows the API's figures; the forms print to A4 PDF; the 12348 console
//   logs, converts and follows up calls.
//
//   cd tests/browser && npm ci
//   LEGALAID_URL=http://127.0.0.1:8080 LEGALAID_ADMIN=admin:password node run.mjs
//
// It creates its own users (suffixed with the time, so it can run again on the same database).
// A full-page screenshot of every page goes to tests/browser/artifacts/. Exit status 1 on any failure.
import { chromium } from 'playwright-core';
import { mkdirSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

const BASE = (process.env.LEGALAID_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
const ADMIN = process.env.LEGALAID_ADMIN || 'admin:admin-pass-2024';
const ADMIN_USER = ADMIN.slice(0, ADMIN.indexOf(':'));
const ADMIN_PASS = ADMIN.slice(ADMIN.indexOf(':') + 1);
const ART = join(dirname(fileURLToPath(import.meta.url)), 'artifacts');
mkdirSync(ART, { recursive: true });
for (const f of readdirSync(ART)) if (/\.(png|pdf)$/.test(f)) unlinkSync(join(ART, f));

const RUN = Date.now();
const suffix = RUN.toString(36);
const PASS = 'browser-pass-2024';
const CENTER = 2; // 阳泉市法律援助中心 (140300): its 2024 subsidy table ships as reference data
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const YEAR = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));

// ---- the API, for fixtures and for the figures the pages must show ----
async function apiCall(method, path, token, body) {
  const res = await fetch(BASE + '/api/v1' + path, {
    method,
    headers: { Accept: 'application/json', ...(token ? { Authorization: 'Bearer ' + token } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = text; }
  return { status: res.status, json };
}
async function api(method, path, token, body) {
  const r = await apiCall(method, path, token, body);
  if (r.status >= 400) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}
const tokenOf = async (username, password = PASS) => (await api('POST', '/session', null, { username, password })).token;

// A valid resident ID: 阳泉市城区 (140302), a birth date, a sequence (odd: man, even: woman).
function residentId(birth, seq) {
  const d17 = `140302${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(d17[i]) * w[i];
  return d17 + '10X98765432'[s % 11];
}
const CN = '明华建国文秀兰志强海燕丽娟春梅晓东玉珍德胜桂英';
const cnName = (surname, n) => surname + CN[n % CN.length] + CN[Math.floor(n / CN.length) % CN.length];
// The money format of the pages (api.js): ¥1,234.56, or 万元 from 10万 up.
function yuanText(fen) {
  const a = Math.abs(fen);
  return (fen < 0 ? '-' : '') + '¥' + String(Math.floor(a / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',') + '.' + String(a % 100).padStart(2, '0');
}
function moneyText(fen) {
  if (Math.abs(fen) < 10000000) return yuanText(fen);
  const h = Math.round(Math.abs(fen) / 10000);
  return (fen < 0 ? '-' : '') + String(Math.floor(h / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',') + '.' + String(h % 100).padStart(2, '0') + '万元';
}

// ---- the runner ----
const results = [];
async function test(name, fn) {
  const t0 = Date.now();
  try {
    const r = await fn();
    if (r === 'skip') { results.push([name, 'skip']); console.log(`skip ${name}`); return; }
    results.push([name, 'pass']);
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.push([name, 'fail']);
    console.log(`FAIL ${name}: ${e && e.stack ? e.stack : e}`);
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  // Chromium on Linux takes its UI language (and so how date inputs read) from LANG, not --lang.
  env: { ...process.env, LANG: 'zh_CN.UTF-8', LANGUAGE: 'zh_CN:zh' },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-quic'],
});

// The pages run under the daemon's Content-Security-Policy (no inline script or style, no eval):
// any violation, and any uncaught error, fails the last test.
const problems = [];
function watch(page, who) {
  // A wait only fails a test when something never comes; 15 s was not enough for a page's
  // load event on a 2-core machine at load average 28 (several builds and suites at once).
  page.setDefaultTimeout(45000);
  page.on('pageerror', (e) => problems.push(`${who} ${page.url()}: uncaught ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to|SyntaxError|TypeError|ReferenceError/.test(m.text())) problems.push(`${who} ${page.url()}: ${m.text()}`);
  });
}

async function newPage(who, viewport = DESKTOP) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', deviceScaleFactor: 1, isMobile: viewport === PHONE, hasTouch: viewport === PHONE });
  const page = await context.newPage();
  watch(page, who);
  return page;
}

// Signs in through the page, by keyboard: user name, Tab, password, Enter.
async function signIn(username, password = PASS, viewport = DESKTOP) {
  const page = await newPage(username, viewport);
  await page.goto(BASE + '/');
  await page.waitForSelector('#username:focus');
  await page.keyboard.type(username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  // The URL changing is the sign-in's answer; the header below is the page being usable (its
  // load event also waits for charts and fonts the caller may not need).
  await page.waitForURL((u) => u.pathname !== '/', { waitUntil: 'commit' });
  await page.waitForSelector('header.top #who-name');
  return page;
}

async function shot(page, name) {
  await page.evaluate(() => window.scrollTo(0, 0)); // the sticky header where it belongs
  await page.screenshot({ path: join(ART, name + '.png'), fullPage: true });
}
const text = async (page, sel) => (await page.textContent(sel)).replace(/\s+/g, ' ').trim();
// No part of the page is wider than the screen (nothing to scroll sideways on a phone).
async function noSidewaysScroll(page) {
  const [sw, vw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(sw <= vw, `page is ${sw}px wide on a ${vw}px screen`);
}

// ---- fixtures: the people of centre 2, and the applicant ----
const adminToken = await tokenOf(ADMIN_USER, ADMIN_PASS);
const names = { clerk: `b_clerk_${suffix}`, reviewer: `b_reviewer_${suffix}`, lawyer: `b_lawyer_${suffix}`, supervisor: `b_sup_${suffix}` };
const display = { clerk: '王受理', reviewer: '李审查', lawyer: cnName('张', RUN % 289) + '律师', supervisor: '赵主任' };
const ids = {};
for (const [role, username] of Object.entries(names)) {
  const body = { username, password: PASS, role, center_id: CENTER, display_name: display[role] };
  if (role === 'lawyer') body.lawyer = { license_no: `11403${String(RUN).slice(-9)}`, firm: '山西正义律师事务所', kind: 'lawyer', practice_years: 8, specialties: ['criminal_defense'] };
  ids[role] = (await api('POST', '/users', adminToken, body)).id;
}
const birth = `19${70 + (RUN % 20)}-0${1 + (RUN % 9)}-1${RUN % 10}`;
const applicant = cnName('陈', Math.floor(RUN / 7) % 289);
const idNumber = residentId(birth, 100 + (RUN % 400) * 2); // even: a woman
const phone = '139' + String(RUN).slice(-8);
let caseNo = null, caseId = null;

// Two applications received days ago, still undecided: one past its 7-day deadline, one due tomorrow.
const daysAgo = (n) => new Date(Date.now() - n * 86400000).toISOString().replace(/\.\d+Z$/, 'Z');
const clerkToken = await tokenOf(names.clerk);
const late = {};
for (const [key, n, seq] of [['overdue', 10, 201], ['soon', 6, 203]]) {
  late[key] = await api('POST', '/cases', clerkToken, { channel: 'window', received_at: daysAgo(n), case_type: 'civil', matter: 'support_payment',
    opposing_party: '被申请人' + key, applicant: { name: cnName('吴', (RUN >> 5) % 289 + seq), id_number: residentId('1950-02-02', seq + (RUN % 300) * 2), household_size: 1, household_monthly_income_fen: 90000 } });
}

await test('sign-in: a wrong password is refused; each role lands on its own page', async () => {
  const page = await newPage('login');
  await page.goto(BASE + '/');
  await shot(page, '01-login');
  await page.waitForSelector('#username:focus');
  await page.keyboard.type(names.reviewer);
  await page.keyboard.press('Tab');
  await page.keyboard.type('wrong-password');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#msg:not(.hidden)');
  assert.match(await text(page, '#msg'), /用户名或密码/);
  await page.context().close();
  for (const [role, path] of [['supervisor', '/dashboard'], ['reviewer', '/worklist']]) {
    const p = await signIn(names[role]);
    assert.equal(new URL(p.url()).pathname, path, role);
    assert.equal(await text(p, '#who-role'), { supervisor: '主管', reviewer: '审查员' }[role]);
    await p.click('#signout');
    await p.waitForURL((u) => u.pathname === '/');
    await p.goto(BASE + path); // signed out: back to the sign-in page
    await p.waitForURL((u) => u.pathname === '/');
    await p.context().close();
  }
});

// Issue 10: ?next= after sign-in may lead only to the service's own pages (a backslash or a tab
// after the first slash made the browser go to another host, at once when already signed in).
await test('sign-in: ?next= never leads off the service (open redirect)', async () => {
  const origin = new URL(BASE).origin;
  const hostile = ['/%5Cevil.example/x', '/%09/evil.example/x', '//evil.example/x', '/%5C%5Cevil.example', 'https://evil.example/',
    '/%0A/evil.example/x', '/nothing-here'];
  const page = await newPage('redirect');
  // Should the browser leave for evil.example, it lands on this stand-in (no network is reached).
  await page.route((u) => u.hostname.endsWith('evil.example'), (r) => r.fulfill({ status: 200, contentType: 'text/html', body: 'evil' }));
  for (const [i, next] of hostile.entries()) {
    await page.goto(`${BASE}/?next=${next}`);
    if (i === 0) { // signs in through the form the first time; later visits are already signed in
      await page.waitForSelector('#username:focus');
      await page.keyboard.type(names.reviewer);
      await page.keyboard.press('Tab');
      await page.keyboard.type(PASS);
      await page.keyboard.press('Enter');
    }
    await page.waitForURL((u) => u.pathname !== '/' || u.origin !== origin);
    const u = new URL(page.url());
    assert.equal(u.origin, origin, `next=${next} led to ${page.url()}`);
    assert.equal(u.pathname, '/worklist', `next=${next}`);
  }
  // A page of the service is still a fine destination.
  await page.goto(`${BASE}/?next=${encodeURIComponent('/worklist?status=submitted')}`);
  await page.waitForURL((u) => u.pathname !== '/');
  assert.equal(new URL(page.url()).search, '?status=submitted');
  await page.context().close();
});

await test('a clerk records an application by keyboard alone and sees its case number', async () => {
  const page = await signIn(names.clerk);
  assert.equal(new URL(page.url()).pathname, '/intake');
  await page.waitForSelector('#name:focus');
  const k = page.keyboard;
  await k.type(applicant);
  await k.press('Tab');
  // A wrong check character first: the page says so as it is typed.
  await k.type(idNumber.slice(0, 17) + (idNumber[17] === '1' ? '2' : '1'));
  await page.waitForSelector('#id-info.bad');
  assert.match(await text(page, '#id-info'), /校验码不符（按前17位应为 /);
  await shot(page, '03-intake-bad-id');
  await k.press('Backspace');
  await k.type(idNumber[17]);
  await page.waitForSelector('#id-info.ok');
  const info = await text(page, '#id-info');
  assert.ok(info.includes(`出生 ${birth}`) && info.includes('女'), info);
  assert.ok(await page.$('#derived [data-group=woman]'), 'woman derived from the ID');
  await k.press('Tab'); await k.type(phone);
  await k.press('Tab'); // 民族: 汉族 already
  await k.press('Tab'); await k.type('山西省阳泉市城区北大街12号');
  await k.press('Tab'); await k.type('3');
  await k.press('Tab'); await k.type('1500');
  for (let i = 0; i < 4; i++) await k.press('Tab'); // the group boxes, left unticked
  await k.press('Tab'); // 受理渠道: 窗口
  assert.equal(await page.evaluate(() => document.activeElement.id), 'channel');
  await k.press('Tab'); // 受理时间: now
  await k.press('Tab'); await k.press('ArrowDown'); // 案件类型: 刑事辩护
  assert.equal(await page.inputValue('#case_type'), 'criminal_defense');
  await k.press('Tab'); // 诉讼阶段 (援助事项 is hidden for criminal cases)
  assert.equal(await page.evaluate(() => document.activeElement.id), 'stage');
  for (let i = 0; i < 3; i++) await k.press('ArrowDown'); // 侦查, 审查起诉, 审判
  assert.equal(await page.inputValue('#stage'), 'trial');
  await k.press('Tab'); await k.type('140302');
  await page.waitForSelector('#venue-name:has-text("城区")');
  await k.press('Tab'); await k.type('阳泉市城区人民检察院');
  await k.press('Tab'); await k.type('涉嫌盗窃罪，可能判处无期徒刑，家庭经济困难，未委托辩护人。');
  await k.press('Tab'); // the grounds of Art. 25: 未成年人, 盲聋哑, 精神病人, 无期死刑
  for (let i = 0; i < 3; i++) await k.press('Tab');
  await k.press('Space');
  assert.ok(await page.isChecked('#grounds-box input[value=life_or_death_penalty]'));
  await page.waitForSelector('#elig [data-rule]:has-text("第二十五条")');
  assert.match(await text(page, '#elig'), /符合法律援助条件/);
  assert.match(await text(page, '#elig'), /第二十六条/);
  await shot(page, '04-intake-eligibility');
  await k.press('Enter'); // Enter submits
  await page.waitForSelector('#case-no');
  caseNo = await text(page, '#case-no');
  assert.match(caseNo, new RegExp(`^\\(${YEAR}\\)阳法援字第\\d{4,}号$`));
  caseId = Number(new URL(await page.getAttribute('#open-case', 'href'), BASE).searchParams.get('id'));
  assert.ok(caseId > 0);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'name', 'ready for the next applicant');
  // The same person again: the duplicate warning comes before anything is recorded.
  await k.type(applicant);
  await k.press('Tab');
  await k.type(idNumber);
  await page.waitForSelector(`#dup-box:not(.hidden) [data-case="${caseId}"]`);
  assert.match(await text(page, '#dups'), /未结案件/);
  await shot(page, '05-intake-done-duplicate');
  // The worklist: j/k move, Enter opens.
  await page.goto(BASE + '/worklist');
  await page.waitForSelector(`tr[data-id="${caseId}"]`);
  await shot(page, '02-worklist');
  assert.match(await text(page, `tr[data-id="${caseId}"]`), /待审查/);
  // Due and overdue cases stand out.
  assert.match(await page.getAttribute(`tr[data-id="${late.overdue.id}"]`, 'class'), /row-overdue/);
  assert.match(await text(page, `tr[data-id="${late.overdue.id}"]`), /决定已逾期 3 天/);
  assert.match(await page.getAttribute(`tr[data-id="${late.soon.id}"]`, 'class'), /row-due-soon/);
  assert.match(await text(page, `tr[data-id="${late.soon.id}"]`), /决定期限 1 天后/);
  assert.match(await text(page, '#summary'), /逾期/);
  await k.press('j'); await k.press('k');
  assert.equal(await page.getAttribute('tr.selected', 'data-id'), String(caseId));
  await k.press('Enter');
  await page.waitForURL(/\/case\?id=/);
  await page.waitForSelector(`#title:has-text("${caseNo}")`);
  assert.match(await text(page, '#no-actions'), /等待审查员/);
  await shot(page, '06-case-submitted-clerk');
  await page.context().close();
});

await test('a reviewer approves the application and assigns the suggested lawyer', async () => {
  assert.ok(caseId, 'the case of the intake test');
  const page = await signIn(names.reviewer);
  await page.waitForSelector(`tr[data-id="${caseId}"]`);
  await page.goto(`${BASE}/case?id=${caseId}`);
  await page.waitForSelector('#decision-form input[value=approve]:checked');
  assert.match(await text(page, '#elig'), /第二十五条/);
  await shot(page, '07-case-review');
  await page.click('#decision-form-submit');
  await page.waitForSelector('#status:has-text("已批准待指派")');
  await page.waitForSelector(`#suggestions [data-suggestion="${ids.lawyer}"]`);
  const s = await text(page, `#suggestions [data-suggestion="${ids.lawyer}"]`);
  assert.ok(s.includes(display.lawyer), s);
  assert.match(s, /执业 8 年/);
  assert.match(s, /第二十六条/); // Art. 26: three years' practice for a possible life sentence
  await shot(page, '08-case-approved-suggestions');
  await page.click(`#suggestions button[data-lawyer="${ids.lawyer}"]`);
  await page.waitForSelector('#status:has-text("已指派")');
  assert.match(await text(page, '#facts'), new RegExp(display.lawyer));
  assert.ok(await page.$('#prints a[data-form=assignment]'), 'the assignment notice can be printed');
  const events = await text(page, '#timeline');
  for (const what of ['登记申请', '批准援助', '指派律师']) assert.ok(events.includes(what), what);
  await page.context().close();
});

await test('the lawyer accepts, records a stage and closes the case on a phone', async () => {
  const page = await signIn(names.lawyer, PASS, PHONE);
  assert.equal(new URL(page.url()).pathname, '/lawyer');
  await page.waitForSelector(`.case-card[data-id="${caseId}"]`);
  await noSidewaysScroll(page);
  await shot(page, '09-lawyer-list-phone');
  await page.tap(`.case-card[data-id="${caseId}"]`);
  await page.waitForSelector('#accept-form-submit');
  const box = await page.locator('#accept-form-submit').boundingBox();
  assert.ok(box.height >= 44, `touch target ${box.height}px high`);
  await page.tap('#accept-form-submit');
  await page.waitForSelector('#detail-status:has-text("承办中")');
  await page.selectOption('#stage-form select[name=stage]', 'trial');
  await page.fill('#stage-form input[name=venue_region_code]', '140302');
  await page.tap('#stage-form-submit');
  await page.waitForSelector('#stages li:has-text("审判")');
  await page.fill('#closure-form textarea[name=outcome]', '以盗窃罪判处有期徒刑三年，缓刑四年，未判处无期徒刑');
  await page.fill('#closure-form input[name=recovered]', '0');
  await noSidewaysScroll(page);
  await shot(page, '10-lawyer-case-phone');
  await page.tap('#closure-form-submit');
  await page.waitForSelector('#detail-status:has-text("已结案")');
  assert.match(await text(page, '#msg'), /结案：已完成/);
  await page.context().close();
});

await test('the reviewer grades the case; the case page shows its claim', async () => {
  const page = await signIn(names.reviewer);
  await page.goto(`${BASE}/case?id=${caseId}`);
  await page.waitForSelector('#grade-form');
  await page.selectOption('#grade-form select[name=grade]', 'excellent');
  await page.click('#grade-form-submit');
  await page.waitForSelector('#claims tr[data-claim]');
  const claim = await text(page, '#claims tr[data-claim]');
  // 阳泉 2024: criminal trial, local (城区 140302 lies in 阳泉市 140300), excellent = the band's maximum.
  assert.match(claim, /刑事审判阶段/);
  assert.match(claim, /本地/);
  assert.match(claim, /¥1,000\.00–¥1,500\.00/);
  assert.equal(await page.getAttribute('#claims tr[data-claim] [data-total]', 'data-total'), '150000');
  assert.match(await text(page, '#claims-sum'), /¥1,500\.00/);
  // The claim the API computed is the one shown.
  const token = await tokenOf(names.reviewer);
  const claims = (await api('GET', `/subsidies?lawyer_id=${ids.lawyer}`, token)).items.filter((c) => c.case_id === caseId);
  assert.equal(claims.length, 1);
  assert.equal(claims[0].total_fen, 150000);
  await shot(page, '11-case-graded');
  await page.context().close();
});

await test('the admin creates a user and sets the budget and targets on the admin page', async () => {
  const page = await signIn(ADMIN_USER, ADMIN_PASS);
  assert.equal(new URL(page.url()).pathname, '/admin');
  await page.waitForSelector('body[data-loaded=true]');
  assert.ok(await page.$(`#users tr[data-user="${names.lawyer}"]`));
  const extra = `b_extra_${suffix}`;
  await page.fill('#user input[name=username]', extra);
  await page.fill('#user input[name=password]', PASS);
  await page.fill('#user input[name=display_name]', '孙受理');
  await page.selectOption('#role', 'clerk');
  await page.selectOption('#u-center', String(CENTER));
  await page.click('#create-user');
  await page.waitForSelector(`#users tr[data-user="${extra}"]`);
  await shot(page, '12-admin-users');
  await page.click('#tabs a[href="#standards"]');
  await page.waitForSelector('#tab-standards [data-table="140300-2024"]');
  assert.match(await text(page, '#tab-standards [data-table="140300-2024"]'), /刑事审判阶段.*本地.*¥1,000\.00.*¥1,500\.00/);
  await shot(page, '13-admin-standards');
  await page.click('[data-table="140300-2024"] h2 button');
  await page.waitForSelector('#standard-form tbody tr');
  assert.equal(await page.$$eval('#standard-form tbody tr', (r) => r.length), 14);
  await shot(page, '13-admin-standards-edit');
  await page.click('#standard-form button:has-text("取消")');
  await page.click('#tabs a[href="#budgets"]');
  await page.selectOption('#b-center', String(CENTER));
  await page.selectOption('#b-year', String(YEAR));
  await page.waitForSelector(`#budget[data-for="${CENTER}/${YEAR}"]`);
  await page.fill('#b-allocated', '460000');
  await page.fill('#b-cases', '40');
  await page.fill('#b-duty', '3');
  await page.fill('#b-satisfaction', '98');
  await page.fill('#b-timely', '98');
  await page.click('#save-budget');
  await page.waitForSelector('#msg.ok:has-text("经费和绩效目标")');
  const b = await api('GET', `/budgets/${CENTER}/${YEAR}`, adminToken);
  assert.equal(b.allocated_fen, 46000000);
  const t = await api('GET', `/targets/${CENTER}/${YEAR}`, adminToken);
  assert.equal(t.cases, 40);
  assert.equal(t.satisfaction_rate, 0.98);
  await shot(page, '14-admin-budgets');
  await page.context().close();
});

await test('a supervisor opens the dashboard: the charts render with the API\'s figures', async () => {
  // A call of this year, so that the hotline figures have something to show.
  await api('POST', '/hotline/calls', clerkToken, { center_id: CENTER, kind: 'consultation', topic: 'labour', outcome: 'referred_mediation', caller_phone: '13800138001' });
  const page = await signIn(names.supervisor);
  assert.equal(new URL(page.url()).pathname, '/dashboard');
  await page.waitForSelector('body[data-loaded=true]');
  for (const id of ['c-month', 'c-type', 'c-group', 'c-outcome', 'c-budget', 'c-targets']) {
    const size = await page.$eval(`#${id} canvas`, (c) => [c.width, c.height]);
    assert.ok(size[0] > 200 && size[1] > 200, `chart ${id} drawn (${size})`);
  }
  const sup = await tokenOf(names.supervisor);
  const q = `center_id=${CENTER}&year=${YEAR}`;
  const value = (table, key) => page.getAttribute(`#${table} [data-key="${key}"] [data-value], #${table} td[data-key="${key}"]`, 'data-value');
  const annual = await api('GET', `/stats/annual?${q}`, sup);
  assert.equal(await text(page, '#k-cases .v'), String(annual.cases.total));
  assert.ok(annual.cases.total >= 1);
  const month = await api('GET', `/stats/cases?group_by=month&${q}`, sup);
  assert.equal(await value('t-month', 'total'), String(month.total));
  for (const r of month.rows) assert.equal(await value('t-month', r.key), String(r.count), r.key);
  const types = await api('GET', `/stats/cases?group_by=case_type&${q}`, sup);
  assert.equal(await value('t-type', 'total'), String(types.total));
  for (const r of types.rows.filter((x) => x.count)) {
    assert.equal(await value('t-type', r.key), String(r.count), r.key);
    assert.ok((await text(page, `#t-type [data-key="${r.key}"]`)).includes(r.label));
  }
  const groups = await api('GET', `/stats/cases?group_by=group&${q}`, sup);
  for (const r of groups.rows) assert.equal(await value('t-group', r.key), String(r.count), r.key);
  assert.ok(Number(await value('t-group', 'woman')) >= 1, 'our applicant is a woman');
  // The hotline's figures: the call fails the test if it fails (it used to pass on 暂无数据).
  const outcomes = await api('GET', `/stats/hotline?group_by=outcome&${q}`, sup);
  assert.ok(outcomes.total >= 1, 'the call logged above is counted');
  assert.ok(outcomes.rows.some((r) => r.key === 'referred_mediation' && r.count >= 1));
  assert.equal(await value('t-outcome', 'total'), String(outcomes.total));
  for (const r of outcomes.rows.filter((x) => x.count)) assert.equal(await value('t-outcome', r.key), String(r.count), r.key);
  assert.match(await text(page, '#n-outcome'), new RegExp(`共 ${outcomes.total} 通`));
  const b = await api('GET', `/budgets/${CENTER}/${YEAR}`, sup);
  for (const key of ['allocated_fen', 'committed_fen', 'paid_fen', 'pending_fen', 'open_cases_min_fen', 'projected_need_fen']) {
    assert.equal(await value('t-budget', key), String(b[key]), key);
    assert.equal(await text(page, `#t-budget [data-key="${key}"] [data-value]`), moneyText(b[key]), key);
  }
  assert.equal(await value('t-budget', 'projected_shortfall_fen'), String(b.projected_shortfall_fen));
  assert.ok(b.pending_fen >= 150000, 'the graded claim is pending');
  const perf = await api('GET', `/stats/performance?${q}`, sup);
  // The four indicators of version 1 always, the self-assessment's others once they have a target.
  const shown = perf.items.filter((i) => ['cases', 'duty_lawyers_per_day', 'satisfaction_rate', 'timely_rate'].includes(i.indicator) || i.target != null);
  assert.ok(shown.length >= 4);
  for (const i of shown) assert.equal(await value('t-targets', i.indicator), i.actual == null ? '' : String(i.actual), i.indicator);
  assert.equal(await page.getAttribute('#report', 'href'), `/report?center_id=${CENTER}&year=${YEAR}`);
  assert.equal(await page.getAttribute('#xlsx', 'href'), `/api/v1/stats/annual?${q}&format=xlsx`);
  const cases = perf.items.find((i) => i.indicator === 'cases');
  assert.equal(cases.target, 40);
  assert.match(await text(page, '#t-targets [data-key=cases]'), new RegExp(`${cases.actual}\\s*40`));
  await shot(page, '15-dashboard');
  await page.context().close();
});

await test('a supervisor prints the self-assessment (项目支出绩效自评表) filled from the year\'s data', async () => {
  const page = await signIn(names.supervisor);
  const q = `center_id=${CENTER}&year=${YEAR}`;
  await page.goto(`${BASE}/report?${q}`);
  await page.waitForSelector('body[data-loaded=true]');
  const sup = await tokenOf(names.supervisor);
  const sa = await api('GET', `/stats/self-assessment?${q}`, sup);
  const t = await text(page, '#form');
  assert.ok(t.includes('项目支出绩效自评表') && t.includes(sa.center_name) && t.includes(`${YEAR}年度`));
  assert.equal(await text(page, '#total'), sa.total_score.toFixed(2));
  assert.equal(await text(page, '#grade'), sa.grade);
  const assessed = sa.indicators.filter((i) => i.assessed);
  assert.ok(assessed.some((i) => i.key === 'cases'), 'the admin set a target of cases');
  for (const i of assessed) {
    const row = `#indicators tr[data-key="${i.key}"]`;
    const cells = await page.$$eval(`${row} td`, (tds) => tds.map((td) => td.textContent.trim()));
    assert.ok(cells.includes(i.name), i.key);
    assert.ok(cells.includes(i.target_text), `${i.key} target ${i.target_text}`);
    assert.ok(cells.includes(i.actual_text || '无数据'), `${i.key} actual ${i.actual_text}`);
    assert.ok(cells.includes(i.score.toFixed(2)), `${i.key} score`);
  }
  assert.equal(await text(page, '[data-key=executed]'), (sa.budget.executed_fen / 1e6).toFixed(4));
  assert.equal(await page.getAttribute('#xlsx', 'href'), `/api/v1/stats/self-assessment?${q}&format=xlsx`);
  // The XLSX link answers a spreadsheet.
  const x = await page.request.get(`${BASE}/api/v1/stats/self-assessment?${q}&format=xlsx`);
  assert.equal(x.status(), 200);
  assert.equal(x.headers()['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.equal((await x.body()).subarray(0, 2).toString(), 'PK');
  await shot(page, '18-report');
  await page.emulateMedia({ media: 'print' });
  const pdf = join(ART, 'self-assessment.pdf');
  await page.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true });
  const pages = (readFileSync(pdf).toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.equal(pages, 1, 'the self-assessment fits one A4 page');
  await page.context().close();
});

await test('the forms print on A4 with the case number and the applicant', async () => {
  // A second case, asked for papers and then refused, for the two forms the first never needed.
  const clerk = await tokenOf(names.clerk), reviewer = await tokenOf(names.reviewer);
  const other = cnName('刘', (RUN >> 3) % 289);
  const second = await api('POST', '/cases', clerk, { channel: 'window', case_type: 'civil', matter: 'labour_remuneration', opposing_party: '阳泉某建筑劳务有限公司',
    summary: '追索劳动报酬 3 万元', applicant: { name: other, id_number: residentId(birth, 101 + (RUN % 400) * 2), groups: ['migrant_worker'] } });
  let c2 = await api('POST', `/cases/${second.id}/decision`, reviewer, { decision: 'request_materials', reason: '1. 劳动合同或工资欠条；2. 家庭经济状况说明表', version: second.version });
  const page = await signIn(names.clerk);
  const forms = [['application', caseId, applicant, caseNo], ['grant', caseId, applicant, caseNo], ['assignment', caseId, applicant, caseNo],
    ['materials', second.id, other, second.case_no]];
  for (const [form, id, who, no] of forms) {
    await page.goto(`${BASE}/print?form=${form}&id=${id}`);
    await page.waitForSelector('body[data-loaded=true]');
    const t = await text(page, '#form');
    assert.ok(t.includes(no), `${form} holds the case number`);
    assert.ok(t.includes(who), `${form} holds the applicant`);
    assert.ok(t.includes('法律援助中心（盖章）'), `${form} has the seal line`);
    if (form === 'assignment') assert.ok(t.includes('山西正义律师事务所') && !t.includes('执业证号：\u3000'), 'the notice names the firm and licence');
    await shot(page, `16-print-${form}`);
  }
  assert.match(await text(page, '#form'), /劳动合同或工资欠条/);
  c2 = await api('POST', `/cases/${second.id}/decision`, reviewer, { decision: 'reject', reason: '申请人家庭人均收入高于本地经济困难标准。', version: c2.version });
  await page.goto(`${BASE}/print?form=refuse&id=${second.id}`);
  await page.waitForSelector('body[data-loaded=true]');
  assert.match(await text(page, '#form'), /不予法律援助决定书.*第四十九条/);
  await shot(page, '16-print-refuse');
  // The application as a PDF, A4.
  await page.goto(`${BASE}/print?form=application&id=${caseId}`);
  await page.waitForSelector('body[data-loaded=true]');
  await page.emulateMedia({ media: 'print' });
  const pdf = join(ART, 'application.pdf');
  await page.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true });
  const bytes = readFileSync(pdf);
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  assert.ok(statSync(pdf).size > 20000, `a real PDF (${statSync(pdf).size} bytes)`);
  const pages = (bytes.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.equal(pages, 1, 'the application fits one A4 page');
  const mediaBox = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(bytes.toString('latin1'));
  // A4 is 595.28 × 841.89 points.
  assert.ok(mediaBox && Math.abs(Number(mediaBox[1]) - 595.28) < 2 && Math.abs(Number(mediaBox[2]) - 841.89) < 2, `A4 page size (${mediaBox && mediaBox.slice(1)})`);
  await page.context().close();
});

await test('the 12348 console logs calls by keyboard, converts one and follows one up', async () => {
  const clerk = await tokenOf(names.clerk);
  const page = await signIn(names.clerk);
  await page.goto(BASE + '/hotline');
  await page.waitForSelector('body[data-loaded=true]');
  await page.waitForSelector('#caller_phone:focus');
  const k = page.keyboard;
  // A caller who applied before: the history shows the case.
  await k.type(phone);
  await page.waitForSelector('#history-summary');
  assert.match(await text(page, '#history'), new RegExp(caseNo.replace(/[()]/g, '\\$&')));
  await k.press('Alt+1'); // topic: 劳动
  assert.equal(await page.inputValue('#topic'), 'labour');
  await k.press('Tab'); // 类别: 咨询
  await k.press('Tab'); // 主题
  await k.press('Tab'); await k.type('反映工地拖欠工资，已转12345工单');
  await k.press('Tab'); for (let i = 0; i < 3; i++) await k.press('ArrowDown'); // 处理结果: 12345工单
  assert.equal(await page.inputValue('#outcome'), 'work_order_12345');
  await k.press('Enter'); // Enter saves
  await page.waitForSelector('#msg.ok');
  assert.match(await text(page, '#msg'), /来电已保存.*12345工单.*答复期限/);
  await page.waitForSelector('#caller_phone:focus');
  const queued = await page.$$eval('#queue tr[data-call]', (rows) => rows.map((r) => r.dataset.call));
  assert.ok(queued.length >= 1, 'the work order waits in the follow-up queue');
  // A new caller whose matter becomes an application.
  const caller2 = '138' + String(RUN + 1).slice(-8);
  await k.type(caller2);
  await k.press('Alt+1');
  await k.press('Tab'); await k.press('Tab'); // 类别, 主题
  await k.press('Tab'); await k.type('欠薪两个月约1.2万元，符合援助条件，建议申请'); // 处理结果 stays 已解答
  await k.press('Control+Enter'); // Ctrl+Enter saves from the summary
  await page.waitForSelector('#convert-last');
  await page.click('#convert-last');
  await page.waitForSelector('#cv-name:focus');
  await k.type(cnName('周', RUN % 283));
  await k.press('Tab'); await k.type(residentId('1990-06-01', 301 + (RUN % 300)));
  await page.waitForSelector('#cv-id-info.ok');
  assert.equal(await page.inputValue('#cv-phone'), caller2);
  assert.equal(await page.inputValue('#cv-type'), 'labor_arbitration');
  await page.fill('#cv-opposing', '阳泉某物流有限公司');
  await page.fill('#cv-size', '4');
  await page.fill('#cv-income', '2400');
  await page.click('#convert-submit');
  await page.waitForSelector('#converted-case');
  const converted = await text(page, '#converted-case');
  assert.match(converted, /^\(\d{4}\)阳法援字第\d{4,}号$/);
  await page.waitForSelector(`#calls a:has-text("${converted}")`);
  await shot(page, '17-hotline');
  // The follow-up of the work order.
  const first = `#queue tr[data-call="${queued[0]}"]`;
  await page.fill(`${first} input[name=note]`, '已回访，12345 已转劳动监察处理');
  await page.selectOption(`${first} select[name=satisfied]`, 'true');
  await page.click(`${first} button[type=submit]`);
  await page.waitForSelector(first, { state: 'detached' });
  await page.context().close();
});

await test('no page broke the Content-Security-Policy or threw an error', async () => {
  assert.deepEqual(problems, []);
});

await browser.close();
const count = (s) => results.filter(([, r]) => r === s).length;
const failed = count('fail'), skipped = count('skip');
console.log(`browser: ${count('pass')} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''} (screenshots in ${ART})`);
process.exit(failed ? 1 : 0);

import { signIn, currentUser, showMessage, HOME, $ } from './api.js';

const form = $('#login');
const msg = $('#msg');

// The service's own pages: ?next= may only name one of these, on this origin (a path such as
// /\evil.example or /<tab>/evil.example is read by the browser as another host).
const PAGES = new Set(['/intake', '/worklist', '/case', '/hotline', '/lawyer', '/dashboard', '/admin', '/print']);

function safeNext(next) {
  if (!next || !next.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(next)) return null;
  let url;
  try { url = new URL(next, location.origin); } catch { return null; }
  if (url.origin !== location.origin || !PAGES.has(url.pathname)) return null;
  return url.pathname + url.search + url.hash;
}

function destination(user) {
  return safeNext(new URLSearchParams(location.search).get('next')) || HOME[user.role] || '/worklist';
}

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const username = form.username.value.trim();
  if (!username || !form.password.value) {
    showMessage(msg, '请输入用户名和密码');
    (username ? form.password : form.username).focus();
    return;
  }
  const btn = $('#signin');
  btn.disabled = true;
  btn.textContent = '正在登录…';
  try {
    const user = await signIn(username, form.password.value);
    // A password an administrator reset must be replaced before anything else.
    location.href = user.password_change_required ? '/password' : destination(user);
  } catch (e) {
    showMessage(msg, e.status === 429 ? '尝试次数过多，请 15 分钟后再试' : e.message);
    form.password.select();
    btn.disabled = false;
    btn.textContent = '登录';
  }
});

// Already signed in (the session cookie is still good): straight to the user's page.
try {
  const user = await currentUser({ redirect: false });
  location.replace(destination(user));
} catch { /* not signed in: stay on the form */ }

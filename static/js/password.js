// Changing one's own password (PUT /me/password). A user whose password an administrator reset
// lands here: until it sets its own, every other page's requests answer 403
// password_change_required, and api.js sends it here.
import { api, frame, $, showMessage, showErrors, clearErrors, markField, focusMessage, HOME } from './api.js';

const form = $('#password-form');
const msg = $('#msg');
const user = await frame('修改密码');
const forced = !!user.password_change_required;
form.username.value = user.username;
$('#why').textContent = forced ? '管理员已为您重置密码。请设置您自己的新密码后继续使用。' : '';
if (forced) $('#pw-cancel').classList.add('hidden');
$('#pw-cancel').href = HOME[user.role] || '/';
form.current.focus();

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  clearErrors(form);
  const bad = [];
  if (!form.current.value) bad.push(markField(form, 'current_password', 'required'));
  const next = form.next.value;
  if ([...next].length < 12) bad.push(markField(form, 'new_password', `至少 12 个字符（现为 ${[...next].length} 个）`));
  else if (next.toLowerCase() === user.username.toLowerCase()) bad.push(markField(form, 'new_password', '不能与用户名相同'));
  else if (next === form.current.value) bad.push(markField(form, 'new_password', '新密码与当前密码相同'));
  if (form.again.value !== next) bad.push(markField(form, 'again', '两次输入的新密码不一致'));
  if (bad.length) { showMessage(msg, '请按标红的提示修改'); bad.find(Boolean).focus(); return; }
  const btn = $('#pw-submit');
  btn.disabled = true;
  try {
    await api('PUT', '/me/password', { current_password: form.current.value, new_password: next });
    form.reset();
    showMessage(msg, '密码已修改。其他设备上的登录已退出。', 'ok');
    focusMessage(msg);
    sessionStorage.setItem('notice', '密码已修改。');
    setTimeout(() => { location.href = HOME[user.role] || '/'; }, forced ? 800 : 1500);
  } catch (e) {
    if (e.status === 403 && e.code !== 'password_change_required') {
      markField(form, 'current_password', '当前密码不正确');
      showMessage(msg, '当前密码不正确');
      form.current.select();
    } else {
      const first = showErrors(form, e, msg);
      (first || msg).focus();
    }
  } finally {
    btn.disabled = false;
  }
});

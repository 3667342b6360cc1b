import { signIn, showMessage, HOME, $ } from './api.js';

const form = $('#login');
form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const msg = $('#msg');
  try {
    const user = await signIn(form.username.value.trim(), form.password.value);
    const next = new URLSearchParams(location.search).get('next');
    location.href = next && next.startsWith('/') && !next.startsWith('//') ? next : HOME[user.role] || '/worklist';
  } catch (e) {
    showMessage(msg, e.message);
    form.password.select();
  }
});

// Validates as you type: each field's browser check is shown beside it; an e-mail channel takes an address.
(function () {
  function show(input) {
    const out = document.getElementById(input.id + '-error');
    if (!out) return;
    const bad = input.value !== '' && !input.checkValidity();
    out.textContent = bad ? (input.title ? input.validationMessage + ' (' + input.title + ')' : input.validationMessage) : '';
    input.setAttribute('aria-invalid', bad ? 'true' : 'false');
  }
  document.querySelectorAll('form.live-validate input').forEach(input => {
    input.addEventListener('input', () => show(input));
    input.addEventListener('blur', () => show(input));
  });
  const channel = document.getElementById('channel');
  const target = document.getElementById('target');
  if (channel && target) {
    channel.addEventListener('change', () => {
      const email = channel.value === 'email';
      target.type = email ? 'email' : 'url';
      target.placeholder = email ? 'you@example.com' : 'https://example.com/hooks/tariffs';
      show(target);
    });
  }
})();

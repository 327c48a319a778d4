// Copy buttons: copy the text of the element(s) named by data-copy-from, then say so.
document.addEventListener('click', function (event) {
  var button = event.target.closest('button.copy');
  if (!button) {
    return;
  }
  var nodes = document.querySelectorAll(button.getAttribute('data-copy-from'));
  var text = Array.prototype.map.call(nodes, function (node) {
    return node.value !== undefined && node.tagName === 'INPUT' ? node.value : node.textContent.trim();
  }).join('\n\n');
  var status = document.querySelector('.copy-status');
  var done = function () {
    if (status) {
      status.textContent = button.getAttribute('data-copied');
    }
    button.setAttribute('data-state', 'copied');
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
  } else {
    fallback(text);
    done();
  }
});

function fallback(text) {
  var area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'offscreen';
  document.body.appendChild(area);
  area.select();
  try {
    document.execCommand('copy');
  } finally {
    document.body.removeChild(area);
  }
}

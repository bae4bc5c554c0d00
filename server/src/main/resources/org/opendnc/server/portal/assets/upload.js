// OpenDNC portal: checks a list with a visible upload progress. Without this script the form
// posts the file (multipart/form-data) and the browser downloads the result; with it the file is
// sent as the request body (text/csv) by XMLHttpRequest, the upload's progress is shown, and the
// result and its receipt are offered as downloads on the page. The texts come from the form's
// data-* attributes (the page's language).
(function () {
  'use strict';
  var form = document.getElementById('check-form');
  if (!form || !window.XMLHttpRequest || !window.URL || !window.DOMParser) {
    return;
  }
  var bar = document.getElementById('check-progress');
  var status = document.getElementById('check-status');
  var result = document.getElementById('check-result');
  var resultLink = document.getElementById('result-link');
  var receiptLink = document.getElementById('receipt-link');
  var counts = document.getElementById('check-counts');
  var button = form.querySelector('button[type="submit"]');
  var resultUrl = null;

  function text(name, value) {
    var pattern = form.getAttribute('data-' + name) || '';
    return pattern.replace('{0}', value === undefined ? '' : value);
  }

  function say(message, failed) {
    status.textContent = message;
    status.className = failed ? 'error' : '';
  }

  function setProgress(percent) {
    bar.value = percent;
    bar.textContent = percent + '%';
    form.setAttribute('data-progress', String(percent));
  }

  form.addEventListener('submit', function (event) {
    var input = form.elements.list;
    if (!input.files || input.files.length !== 1) {
      return; // the browser (or the server) says what is missing
    }
    event.preventDefault();
    var file = input.files[0];
    var query = [];
    var column = form.elements.column.value.trim();
    if (column) {
      query.push('column=' + encodeURIComponent(column));
    }
    if (form.elements.only_callable.checked) {
      query.push('only_callable=true');
    }
    if (resultUrl) {
      URL.revokeObjectURL(resultUrl);
      resultUrl = null;
    }
    result.hidden = true;
    button.disabled = true;
    bar.hidden = false;
    setProgress(0);
    form.setAttribute('data-state', 'uploading');
    say(text('uploading', '0'));

    var xhr = new XMLHttpRequest();
    xhr.open('POST', form.getAttribute('action') + (query.length ? '?' + query.join('&') : ''));
    xhr.setRequestHeader('Content-Type', 'text/csv');
    xhr.setRequestHeader('X-CSRF-Token', form.elements._csrf.value);
    xhr.responseType = 'blob';
    xhr.upload.addEventListener('progress', function (e) {
      if (e.lengthComputable && e.total > 0) {
        var percent = Math.floor(e.loaded * 100 / e.total);
        setProgress(percent);
        say(text('uploading', String(percent)));
      }
    });
    xhr.upload.addEventListener('load', function () {
      setProgress(100);
      form.setAttribute('data-state', 'checking');
      say(text('checking'));
    });
    xhr.addEventListener('load', function () {
      button.disabled = false;
      if (xhr.status === 200) {
        setProgress(100);
        var receiptId = xhr.getResponseHeader('X-Receipt-Id');
        resultUrl = URL.createObjectURL(xhr.response);
        resultLink.href = resultUrl;
        resultLink.setAttribute('download', file.name.replace(/\.(csv|txt)$/i, '') + '-checked.csv');
        receiptLink.href = '/operator/receipts/' + encodeURIComponent(receiptId);
        form.setAttribute('data-state', 'done');
        form.setAttribute('data-receipt', receiptId);
        say(text('done'));
        showCounts(receiptId);
        result.hidden = false;
        result.focus();
      } else {
        xhr.response.text().then(function (html) {
          var page = new DOMParser().parseFromString(html, 'text/html');
          var message = page.getElementById('error-message');
          say(text('failed') + ' ' + (message ? message.textContent.trim() : 'HTTP ' + xhr.status), true);
          form.setAttribute('data-state', 'failed');
        });
      }
    });
    xhr.addEventListener('error', function () {
      button.disabled = false;
      form.setAttribute('data-state', 'failed');
      say(text('failed'), true);
    });
    xhr.send(file);
  });

  function showCounts(receiptId) {
    var request = new XMLHttpRequest();
    request.open('GET', '/operator/receipts/' + encodeURIComponent(receiptId));
    request.responseType = 'json';
    request.addEventListener('load', function () {
      var receipt = request.response;
      if (request.status === 200 && receipt && receipt.counts) {
        counts.textContent = text('counts')
          .replace('{rows}', receipt.counts.rows)
          .replace('{callable}', receipt.counts.callable)
          .replace('{blocked}', receipt.counts.blocked)
          .replace('{invalid}', receipt.counts.invalid);
      }
    });
    request.send();
  }
}());

// The dashboard's client: it asks for the token once per tab, keeps it in
// sessionStorage, sends it as an Authorization header with every request
// and puts the HTML the gateway renders into the page. Routes live in the
// address's fragment (#/jobs/ID), which never reaches a server.
(function () {
  'use strict';
  var KEY = 'tds.dashboard.token';
  var main = document.getElementById('main');
  var login = document.getElementById('login');
  var signOut = document.getElementById('sign-out');
  var stream = null; // the AbortController of the live stream
  var poll = null;   // the jobs list's refresh timer
  var route_ = 0;    // counts routes: an answer for an earlier one is dropped

  function token() { return sessionStorage.getItem(KEY) || ''; }

  function headers() {
    var h = { 'Accept': 'text/html' };
    if (token()) { h['Authorization'] = 'Bearer ' + token(); }
    return h;
  }

  function Unauthorized(msg) { this.message = msg; }

  function get(path, signal) {
    return fetch('/dashboard/api' + path, { headers: headers(), cache: 'no-store', signal: signal })
      .then(function (r) {
        if (r.status === 401) {
          return r.text().then(function (t) { throw new Unauthorized(t.trim()); });
        }
        return r.text();
      });
  }

  function showLogin(msg) {
    stop();
    main.innerHTML = '';
    main.hidden = true;
    login.hidden = false;
    signOut.hidden = true;
    document.getElementById('login-error').textContent = msg || '';
    document.getElementById('token').focus();
  }

  login.addEventListener('submit', function (e) {
    e.preventDefault();
    var input = document.getElementById('token');
    sessionStorage.setItem(KEY, input.value.trim());
    input.value = '';
    route();
  });

  signOut.addEventListener('click', function () {
    sessionStorage.removeItem(KEY);
    showLogin('');
  });

  function stop() {
    if (stream) { stream.abort(); stream = null; }
    if (poll) { clearTimeout(poll); poll = null; }
  }

  function show(html, focus) {
    login.hidden = true;
    main.hidden = false;
    signOut.hidden = !token();
    main.innerHTML = html;
    if (focus) {
      var h = main.querySelector('h1');
      if (h) { h.setAttribute('tabindex', '-1'); h.focus({ preventScroll: true }); }
    }
  }

  function failed(err) {
    if (err instanceof Unauthorized) { showLogin(token() ? err.message : ''); return; }
    if (err && err.name === 'AbortError') { return; }
    show('<section class="error" role="alert"><h1>The gateway did not answer</h1><p></p></section>', true);
    main.querySelector('p').textContent = String(err && err.message || err);
  }

  // parse splits the fragment into a path and its query.
  function parse() {
    var h = location.hash.replace(/^#/, '') || '/';
    var q = h.indexOf('?');
    return { path: q < 0 ? h : h.slice(0, q), query: q < 0 ? '' : h.slice(q) };
  }

  function route() {
    stop();
    var r = parse();
    var m;
    var at = ++route_;
    var current = function () { return at === route_; };
    if (r.path === '/' || r.path === '/jobs') {
      return jobs(true, current);
    }
    if ((m = r.path.match(/^\/jobs\/([\w-]+)$/))) {
      return job(m[1], current);
    }
    if ((m = r.path.match(/^\/jobs\/([\w-]+)\/records$/))) {
      return get('/jobs/' + m[1] + '/records' + r.query).then(function (html) {
        if (!current()) { return; }
        show(html, true);
        search();
      }, failed);
    }
    if ((m = r.path.match(/^\/jobs\/([\w-]+)\/records\/(accepted|rejected)\/([\w.-]+)$/))) {
      return get('/jobs/' + m[1] + '/records/' + m[2] + '/' + m[3]).then(function (html) {
        if (current()) { show(html, true); }
      }, failed);
    }
    show('<section class="error"><h1>No such page</h1><p><a href="#/">Back to the jobs</a></p></section>', true);
  }

  // jobs shows the jobs list and refreshes it every two seconds.
  function jobs(first, current) {
    return get('/jobs').then(function (html) {
      if (!current()) { return; }
      if (first) { show(html, true); } else { update(main, html); }
      poll = setTimeout(function () { jobs(false, current); }, 2000);
    }, failed);
  }

  // update brings el's content to html in place: nodes that stay the same
  // are kept, so a link being clicked, the focus and open <details> survive
  // the refresh (replacing the content would drop a click that lands while
  // it happens).
  function update(el, html) {
    var next = document.createElement(el.tagName);
    next.innerHTML = html;
    morphChildren(el, next);
  }

  function morphChildren(a, b) {
    var ac = Array.prototype.slice.call(a.childNodes);
    var bc = Array.prototype.slice.call(b.childNodes);
    for (var i = 0; i < bc.length; i++) {
      var x = ac[i];
      var y = bc[i];
      if (!x) { a.appendChild(y); continue; }
      if (x.nodeType !== y.nodeType || x.nodeName !== y.nodeName) { a.replaceChild(y, x); continue; }
      if (x.nodeType !== 1) {
        if (x.nodeValue !== y.nodeValue) { x.nodeValue = y.nodeValue; }
        continue;
      }
      Array.prototype.slice.call(x.attributes).forEach(function (at) {
        // A <details> the reader opened stays open.
        if (!y.hasAttribute(at.name) && !(x.nodeName === 'DETAILS' && at.name === 'open')) { x.removeAttribute(at.name); }
      });
      Array.prototype.slice.call(y.attributes).forEach(function (at) {
        if (x.getAttribute(at.name) !== at.value) { x.setAttribute(at.name, at.value); }
      });
      if (x.nodeName === 'PROGRESS') { x.value = Number(y.getAttribute('value')); }
      morphChildren(x, y);
    }
    for (var j = bc.length; j < ac.length; j++) { a.removeChild(ac[j]); }
  }

  function job(id, current) {
    return get('/jobs/' + id).then(function (html) {
      if (!current()) { return; }
      show(html, true);
      live(id);
    }, failed);
  }

  // live follows the job's server-sent events over fetch (EventSource
  // cannot send the Authorization header) and swaps the live section.
  function live(id) {
    var ctl = new AbortController();
    stream = ctl;
    fetch('/dashboard/api/jobs/' + id + '/live', { headers: headers(), cache: 'no-store', signal: ctl.signal })
      .then(function (r) {
        if (r.status === 401) { throw new Unauthorized('token refused'); }
        if (!r.ok || !r.body) { return; }
        var reader = r.body.getReader();
        var dec = new TextDecoder();
        var buf = '';
        function pump() {
          return reader.read().then(function (chunk) {
            if (chunk.done) { return; }
            buf += dec.decode(chunk.value, { stream: true });
            var i;
            while ((i = buf.indexOf('\n\n')) >= 0) {
              event(buf.slice(0, i));
              buf = buf.slice(i + 2);
            }
            return pump();
          });
        }
        return pump();
      })
      .catch(failed);
  }

  function event(block) {
    var name = 'message';
    var data = [];
    block.split('\n').forEach(function (line) {
      if (line.indexOf('event: ') === 0) { name = line.slice(7); }
      else if (line.indexOf('data: ') === 0) { data.push(line.slice(6)); }
      else if (line === 'data:') { data.push(''); }
    });
    var el = document.getElementById('live');
    if (name === 'live' && el) { update(el, data.join('\n')); }
    if (name === 'end' && el) { el.setAttribute('data-ended', 'true'); }
  }

  // search turns the records form into a new fragment: the query stays in
  // the address (so back and forward work), never the token.
  function search() {
    var form = document.getElementById('record-search');
    if (!form) { return; }
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var p = new URLSearchParams();
      var q = form.elements.q.value.trim();
      if (q) { p.set('q', q); }
      if (form.elements.kind.value) { p.set('kind', form.elements.kind.value); }
      var s = p.toString();
      location.hash = '#/jobs/' + form.getAttribute('data-job') + '/records' + (s ? '?' + s : '');
    });
    form.elements.kind.addEventListener('change', function () { form.requestSubmit(); });
  }

  window.addEventListener('hashchange', route);
  route();
})();

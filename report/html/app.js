// The findings table: filters, sorting, pages and detail rows over the
// compact data the report embeds. Nothing here touches the network.
(function () {
  "use strict";
  var C = 0, SEV = 1, ST = 2, ACC = 3, REG = 4, TYPE = 5, RID = 6, ARN = 7, MSG = 8, MUTED = 9, WHY = 10, REM = 11;
  var SEVERITY = ["", "info", "low", "medium", "high", "critical"];
  var STATUS_RANK = { fail: 0, error: 1, pass: 2 };
  var PAGE = 100;

  var data = JSON.parse(document.getElementById("data").textContent);
  var checks = data.checks, rows = data.findings;
  var evidence = null; // parsed when a row first opens
  function evidenceOf(i) {
    if (!evidence) evidence = JSON.parse(document.getElementById("evidence").textContent);
    return evidence[i];
  }
  var hay = null; // lower-cased search text per row, built on the first search
  var state = { sort: "severity", dir: -1, page: 0, open: {} };
  var view = [];

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function checked(name) {
    var out = {};
    document.querySelectorAll("input[name=" + name + "]").forEach(function (i) { if (i.checked) out[i.value] = true; });
    return out;
  }
  function haystack(i) {
    var f = rows[i], c = checks[f[C]];
    return [c[0], c[1], f[TYPE], f[RID], f[ARN], f[ACC], f[REG], f[MSG], f[WHY]].join("\n").toLowerCase();
  }

  var sortKeys = {
    severity: function (f) { return f[SEV]; },
    status: function (f) { return STATUS_RANK[f[ST]]; },
    check: function (f) { return checks[f[C]][0]; },
    resource: function (f) { return f[RID]; },
    account: function (f) { return f[ACC]; },
    region: function (f) { return f[REG]; },
    message: function (f) { return f[MSG]; }
  };

  function filter() {
    var sev = checked("severity"), st = checked("status");
    var service = $("service").value, muted = $("muted").value;
    var q = $("q").value.trim().toLowerCase();
    if (q && !hay) { hay = new Array(rows.length); for (var k = 0; k < rows.length; k++) hay[k] = haystack(k); }
    var words = q ? q.split(/\s+/) : [];
    view = [];
    for (var i = 0; i < rows.length; i++) {
      var f = rows[i];
      if (!sev[SEVERITY[f[SEV]]] || !st[f[ST]]) continue;
      if (service && checks[f[C]][2] !== service) continue;
      if (muted === "hide" && f[MUTED]) continue;
      if (muted === "only" && !f[MUTED]) continue;
      var ok = true;
      for (var w = 0; w < words.length && ok; w++) ok = hay[i].indexOf(words[w]) >= 0;
      if (ok) view.push(i);
    }
    sort();
  }

  function sort() {
    var key = sortKeys[state.sort], dir = state.dir;
    view.sort(function (a, b) {
      var x = key(rows[a]), y = key(rows[b]);
      if (x < y) return -dir;
      if (x > y) return dir;
      return a - b; // the report's own order breaks ties
    });
    state.page = 0;
    render();
  }

  function detail(i) {
    var f = rows[i], c = checks[f[C]];
    var dl = el("dl");
    function item(term, value) {
      if (!value) return;
      dl.appendChild(el("dt", "", term));
      var dd = el("dd");
      if (typeof value === "string") dd.textContent = value; else dd.appendChild(value);
      dl.appendChild(dd);
    }
    item("Check", c[0] + ": " + c[1]);
    item("Resource", f[ARN] || f[RID]);
    item("Type", f[TYPE]);
    var ev = evidenceOf(i);
    if (ev.length) {
      var t = el("table"), tb = el("tbody");
      for (var e = 0; e + 2 < ev.length; e += 3) {
        var tr = el("tr");
        tr.appendChild(el("td", "", ev[e])); tr.appendChild(el("td", "", ev[e + 1])); tr.appendChild(el("td", "", ev[e + 2] || ""));
        tb.appendChild(tr);
      }
      t.appendChild(tb);
      item("Evidence", t);
    }
    item("Remediation", f[REM] || c[3]);
    item("Compliance", c[4]);
    if (f[MUTED]) item("Muted", f[WHY] || "muted by the mutelist");
    return dl;
  }

  function render() {
    var body = $("rows");
    var pages = Math.max(1, Math.ceil(view.length / PAGE));
    state.page = Math.min(state.page, pages - 1);
    var start = state.page * PAGE, end = Math.min(view.length, start + PAGE);
    var frag = document.createDocumentFragment();
    for (var k = start; k < end; k++) {
      var i = view[k], f = rows[i], c = checks[f[C]];
      var tr = el("tr", "row" + (f[MUTED] ? " muted" : ""));
      tr.dataset.index = i;
      tr.tabIndex = 0; // rows open from the keyboard too (Enter, Space)
      tr.setAttribute("aria-expanded", state.open[i] ? "true" : "false");
      var sev = el("td"); sev.appendChild(el("span", "badge sev-" + SEVERITY[f[SEV]], SEVERITY[f[SEV]]));
      tr.appendChild(sev);
      var st = el("td"); st.appendChild(el("span", "badge st-" + f[ST], f[ST] === "error" ? "not assessed" : f[ST]));
      if (f[MUTED]) { st.appendChild(document.createTextNode(" ")); st.appendChild(el("span", "badge mute", "muted")); }
      tr.appendChild(st);
      var ck = el("td", "", c[1] || c[0]); ck.appendChild(el("div", "check-id", c[0]));
      tr.appendChild(ck);
      tr.appendChild(el("td", "", f[RID]));
      tr.appendChild(el("td", "", f[ACC]));
      tr.appendChild(el("td", "", f[REG]));
      tr.appendChild(el("td", "", f[MSG]));
      frag.appendChild(tr);
      if (state.open[i]) frag.appendChild(detailRow(i));
    }
    body.replaceChildren(frag);
    $("count").textContent = view.length + " of " + rows.length + " findings";
    $("page").textContent = "page " + (state.page + 1) + " of " + pages;
    $("prev").disabled = state.page === 0;
    $("next").disabled = state.page >= pages - 1;
    document.querySelectorAll("th[data-sort]").forEach(function (th) {
      if (th.dataset.sort === state.sort) th.setAttribute("aria-sort", state.dir < 0 ? "descending" : "ascending");
      else th.removeAttribute("aria-sort");
    });
  }

  function detailRow(i) {
    var tr = el("tr", "detail"), td = el("td");
    td.colSpan = 7;
    td.appendChild(detail(i));
    tr.appendChild(td);
    return tr;
  }

  function toggle(tr) {
    var i = +tr.dataset.index;
    if (state.open[i]) { delete state.open[i]; tr.nextSibling.remove(); }
    else { state.open[i] = true; tr.after(detailRow(i)); }
    tr.setAttribute("aria-expanded", state.open[i] ? "true" : "false");
  }
  $("rows").addEventListener("click", function (ev) {
    var tr = ev.target.closest("tr.row");
    if (tr) toggle(tr);
  });
  $("rows").addEventListener("keydown", function (ev) {
    var tr = ev.target.closest("tr.row");
    if (tr && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); toggle(tr); }
  });
  document.querySelectorAll("th[data-sort] button").forEach(function (b) {
    b.addEventListener("click", function () {
      var key = b.parentNode.dataset.sort;
      if (state.sort === key) state.dir = -state.dir;
      else { state.sort = key; state.dir = key === "severity" ? -1 : 1; }
      sort();
    });
  });
  var timer = 0;
  $("q").addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(filter, 150); });
  $("filters").addEventListener("change", filter);
  $("filters").addEventListener("submit", function (ev) { ev.preventDefault(); });
  $("prev").addEventListener("click", function () { state.page--; render(); });
  $("next").addEventListener("click", function () { state.page++; render(); });
  document.querySelectorAll("a[data-service]").forEach(function (a) {
    a.addEventListener("click", function () { $("service").value = a.dataset.service; filter(); });
  });

  filter();
  // Time from navigation start to the first rendered page, for tests and
  // for anyone curious how a large report behaves.
  window.awssecFirstRenderMs = performance.now();
  document.body.dataset.ready = "true";
})();

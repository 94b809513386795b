// /heartbeats: copy buttons, and the page kept current by asking /api/heartbeats every few seconds (states, the
// down count in the header and the title, down and late cards first) without a reload.
(function () {
  "use strict";

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("the browser refused to copy"));
  }

  function copy(text) {
    // the Clipboard API needs a secure context (https, or http to localhost/127.0.0.1)
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }

  document.querySelectorAll("button.copy").forEach(function (button) {
    button.addEventListener("click", function () {
      var text = button.getAttribute("data-copy");
      copy(text).then(function () {
        window.dogdormCopied = text;  // read by the browser test
        button.setAttribute("data-copied", "yes");
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = "Copy"; }, 2000);
      }, function () {
        button.textContent = "Select it and copy";
        var line = button.parentNode.querySelector("code");
        if (line) { window.getSelection().selectAllChildren(line); }
      });
    });
  });

  var root = document.getElementById("heartbeats");
  if (!root || !window.fetch) return;
  var every = parseInt(root.getAttribute("data-poll-ms"), 10) || 5000;
  var LABELS = {"new": "new", "waiting": "waiting for a ping", "up": "up", "late": "late", "down": "down (fired)",
    "paused": "paused"};
  var BADGES = {"new": "unknown", "waiting": "unknown", "up": "up", "late": "late", "down": "down", "paused": "paused"};
  // where a card goes (HeartbeatsPage.rank): down first, then late, then the rest by id
  var RANK = {"down": 0, "late": 1};

  // the same words as Format.ago and Format.in on the server
  function ago(then, now) {
    if (!then) return "never";
    var s = Math.max(0, Math.floor((now - then) / 1000));
    if (s < 90) return s + " s ago";
    if (s < 90 * 60) return Math.floor(s / 60) + " min ago";
    if (s < 36 * 3600) return Math.floor(s / 3600) + " h ago";
    return Math.floor(s / 86400) + " d ago";
  }
  function inTime(then, now) {
    var s = Math.floor((then - now) / 1000);
    if (s <= 0) return "due now";
    if (s < 90) return "in " + s + " s";
    if (s < 90 * 60) return "in " + Math.floor(s / 60) + " min";
    return "in " + Math.floor(s / 3600) + " h";
  }
  function t(iso) { return iso ? Date.parse(iso) : null; }
  // a cron run's time in its zone, as HeartbeatsPage words it: 2026-03-30 02:30 Europe/Berlin
  function local(iso, tz) {
    try {
      var f = new Intl.DateTimeFormat("sv-SE", {timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit",
        hour: "2-digit", minute: "2-digit", hourCycle: "h23"});
      return f.format(new Date(iso)) + " " + tz;
    } catch (e) { return iso; }
  }
  function next(hb, now) {
    if (!hb.due_at) return "no run left in its cron schedule";
    var when = "next ping due " + inTime(t(hb.due_at), now);
    return hb.cron ? when + " (" + local(hb.due_at, hb.tz) + ")" : when;
  }
  function due(hb, now) {
    switch (hb.state) {
      case "new": return "waiting for the first ping";
      case "waiting": return "resumed: " + next(hb, now);
      case "up": return next(hb, now);
      case "late": return "late: due " + ago(t(hb.due_at), now) + ", fires " + inTime(t(hb.down_at), now);
      case "down": return hb.failure_reported_at ? "the job reported a failure " + ago(t(hb.failure_reported_at), now)
          : "fired " + ago(t(hb.down_at), now);
      default: return "paused: pings are ignored";
    }
  }
  function setText(id, text) {
    var el = document.getElementById(id);
    if (el && el.textContent !== text) el.textContent = text;
  }
  function editing() {
    var a = document.activeElement;
    return a && (a.tagName === "INPUT" || a.tagName === "TEXTAREA");
  }

  function update(data) {
    var now = t(data.now);
    var down = data.down;
    document.title = (down > 0 ? "(" + down + " down) " : "") + "Heartbeats · Dogdorm";
    var badge = document.getElementById("hb-down-badge");
    if (badge) {
      badge.textContent = down + " down";
      badge.classList.toggle("down", down > 0);
    }
    ["up", "late", "down", "new", "waiting", "paused"].forEach(function (s) {
      setText("hb-count-" + s, data.states[s] + " " + s);
    });
    var seen = {};
    var unknownCard = false;
    data.heartbeats.forEach(function (hb) {
      seen[hb.id] = true;
      var card = document.getElementById("hb-" + hb.id);
      if (!card) { unknownCard = true; return; }
      if (card.getAttribute("data-state") !== hb.state) {
        card.setAttribute("data-state", hb.state);
        card.className = "hb-card state-" + hb.state;
        var b = card.querySelector(".hb-state");
        b.className = "badge " + BADGES[hb.state] + " hb-state";
        b.textContent = LABELS[hb.state];
      }
      var last = card.querySelector(".hb-last-ping");
      if (last) {
        last.textContent = ago(t(hb.last_ping), now) + (hb.last_ping_source ? " from " + hb.last_ping_source : "");
      }
      var d = card.querySelector(".hb-due");
      if (d) d.textContent = due(hb, now);
    });
    document.querySelectorAll("article.hb-card").forEach(function (card) {
      if (!seen[card.getAttribute("data-id")]) card.parentNode.removeChild(card);
    });
    order();
    if (unknownCard && !editing()) window.location.reload();  // created elsewhere: show its card
  }

  function rank(card) {
    var r = RANK[card.getAttribute("data-state")];
    return r === undefined ? 2 : r;
  }
  // down and late cards first, the rest by id; moves cards only when the order is wrong (a move loses focus)
  function order() {
    var box = document.querySelector(".hb-cards");
    if (!box || editing()) return;
    var cards = Array.prototype.slice.call(box.querySelectorAll("article.hb-card"));
    var sorted = cards.slice().sort(function (a, b) {
      return rank(a) - rank(b) || parseInt(a.getAttribute("data-id"), 10) - parseInt(b.getAttribute("data-id"), 10);
    });
    for (var i = 0; i < cards.length; i++) {
      if (cards[i] !== sorted[i]) {
        sorted.forEach(function (card) { box.appendChild(card); });
        return;
      }
    }
  }

  function poll() {
    fetch("/api/heartbeats", {headers: {"Accept": "application/json"}, cache: "no-store", credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : Promise.reject(new Error("HTTP " + r.status)); })
      .then(update)
      .catch(function () { /* the dealer may be restarting: try again next time */ })
      .then(function () { setTimeout(poll, every); });
  }
  setTimeout(poll, every);
})();

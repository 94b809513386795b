// Every <time class="rel" datetime="..."> on a page: its words ("3 min ago", "in 5 min") kept current, and its title
// the exact UTC time with the reader's local time beside it. The dealer writes the same words, so a page reads the
// same without JavaScript. Times count from the dealer's clock as it rendered the page (data-now on <html>), so a
// browser whose clock is off still reads "2 min ago" for something two minutes old.
(function () {
  "use strict";
  var rendered = Date.parse(document.documentElement.getAttribute("data-now"));
  var skew = isNaN(rendered) ? 0 : rendered - Date.now();

  // the same words as Format.ago and Format.in on the server
  function ago(s) {
    if (s < 90) return s + " s ago";
    if (s < 90 * 60) return Math.floor(s / 60) + " min ago";
    if (s < 36 * 3600) return Math.floor(s / 3600) + " h ago";
    return Math.floor(s / 86400) + " d ago";
  }
  function inTime(s) {
    if (s <= 0) return "due now";
    if (s < 90) return "in " + s + " s";
    if (s < 90 * 60) return "in " + Math.floor(s / 60) + " min";
    return "in " + Math.floor(s / 3600) + " h";
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function utc(d) {
    return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate()) + " "
        + pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes()) + ":" + pad(d.getUTCSeconds()) + " UTC";
  }
  function local(d) {
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + " "
        + pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds()) + " your time";
  }

  function update() {
    var now = Date.now() + skew;
    document.querySelectorAll("time.rel[datetime]").forEach(function (el) {
      var t = Date.parse(el.getAttribute("datetime"));
      if (isNaN(t)) return;
      // a moment to come (data-ahead: a next check) is "due now" once passed, never "ago"
      var text = t > now || el.hasAttribute("data-ahead") ? inTime(Math.floor((t - now) / 1000))
          : ago(Math.floor((now - t) / 1000));
      if (el.textContent !== text) el.textContent = text;
      if (!el.hasAttribute("data-local")) {
        var d = new Date(t);
        el.title = utc(d) + " · " + local(d);
        el.setAttribute("data-local", "");
      }
    });
  }
  update();
  setInterval(update, 10000);
})();

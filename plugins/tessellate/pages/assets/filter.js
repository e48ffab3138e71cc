/* Tessellate: narrow a kind's index by phase, and CPD by length. The choice lives in the address
   (?phase=ks3&length=10), so a filtered list can be linked to; without JavaScript all items show.
   The coverage page's links add a topic (?topic=algebra), and phase=none for items with no phase. */
(function () {
  var panel = document.querySelector("[data-tx-filter]");
  var list = document.querySelector("ul[data-tx-filtered]");
  if (!panel || !list) return;
  var selects = Array.prototype.slice.call(panel.querySelectorAll("select"));
  var LIMITS = {"5": 300, "10": 600, "15": 900};

  function fits(card, name, value) {
    if (!value) return true;
    if (name === "phase") return (card.getAttribute("data-tx-phases") || "").split(" ").indexOf(value) >= 0;
    var length = parseInt(card.getAttribute("data-tx-seconds"), 10);
    if (isNaN(length)) return false;
    return value === "longer" ? length > LIMITS["15"] : length <= LIMITS[value];
  }

  var address = new URLSearchParams(location.search);
  var topic = address.get("topic"), noPhase = address.get("phase") === "none";
  function fitsAddress(card) {
    if (topic && (card.getAttribute("data-tx-topics") || "").split(" ").indexOf(topic) < 0) return false;
    return !noPhase || !card.getAttribute("data-tx-phases");
  }
  if (topic) {
    var note = panel.querySelector(".tx-filter__topic");
    var label = list.querySelector('a.tx-label[href$="topics/' + topic + '/"]');
    note.querySelector("strong").textContent = label ? label.textContent : topic;
    address.delete("topic");
    note.querySelector("a").href = location.pathname + (address.toString() ? "?" + address.toString() : "");
    note.hidden = false;
  }

  function apply(remember) {
    var cards = list.querySelectorAll(":scope > li"), shown = 0;
    cards.forEach(function (card) {
      var ok = fitsAddress(card) && selects.every(function (s) { return fits(card, s.name, s.value); });
      card.hidden = !ok;
      if (ok) shown += 1;
    });
    panel.querySelector(".tx-filter__count").textContent = "Showing " + shown + " of " + cards.length + ".";
    if (remember) {
      var params = new URLSearchParams(location.search);
      selects.forEach(function (s) { if (s.value) params.set(s.name, s.value); else params.delete(s.name); });
      var query = params.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }
  }

  var params = new URLSearchParams(location.search);
  selects.forEach(function (s) {
    var wanted = params.get(s.name);
    if (wanted && Array.prototype.some.call(s.options, function (o) { return o.value === wanted; })) s.value = wanted;
    s.addEventListener("change", function () { apply(true); });
  });
  if (!selects.length && !topic && !noPhase) return;
  panel.querySelector(".tx-filter__title").hidden = !selects.length;
  panel.hidden = false;
  apply(false);
})();

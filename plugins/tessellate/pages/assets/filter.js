/* Tessellate: narrow a list of cards (a kind's index, a topic page) by topic, curriculum unit, phase,
   resource type and CPD length, and reveal it a page at a time. The choice lives in the address
   (?topic=algebra&unit=y9-proportion&phase=ks3&type=rich-task&length=10), so a narrowed list can be
   linked to. Every select is read alike (a unit's options sit in optgroups, which `options` spans).
   The page carries only its first cards; the list's data file (every item's facet values) is
   fetched the first time a reader narrows or asks for more, then only the files holding the cards
   to show (each card made by the build and escaped there). Without JavaScript the filter stays
   hidden and the static pages list every item. */
(function () {
  var listing = document.querySelector("[data-tx-listing][data-tx-data]");
  if (!listing) return;
  var panel = listing.querySelector("[data-tx-filter]");
  var status = panel.querySelector("[data-tx-status]");
  var selects = Array.prototype.slice.call(panel.querySelectorAll("select"));
  var step = parseInt(listing.getAttribute("data-tx-step"), 10) || 50;
  var groups = Array.prototype.map.call(listing.querySelectorAll("[data-tx-group]"), function (box) {
    return {kind: box.getAttribute("data-tx-group"), box: box, list: box.querySelector("ul[data-tx-filtered]"),
            more: box.querySelector("[data-tx-more]"), total: parseInt(box.getAttribute("data-tx-total"), 10), limit: step};
  });
  var rests = Array.prototype.slice.call(listing.querySelectorAll("[data-tx-rest]"));
  var address = listing.getAttribute("data-tx-data");
  var items = null, chunk = 0, loading = null, files = {}, cards = {}, drawing = 0;

  function fetchData(url) {
    return fetch(url, {credentials: "same-origin"}).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    });
  }

  function load() {
    loading = loading || fetchData(address).then(function (data) {
      chunk = data.chunk;
      items = data.items.map(function (item, at) { item.at = at; return item; });
    }, function (error) {
      loading = null;  // a later choice or click tries again
      throw error;
    });
    return loading;
  }

  // The cards of the items at `positions`, from the data files that hold them, each fetched once.
  function fetchCards(positions) {
    var numbers = {};
    positions.forEach(function (at) { numbers[Math.floor(at / chunk) + 1] = true; });
    return Promise.all(Object.keys(numbers).map(function (number) {
      files[number] = files[number] || fetchData(address.replace(/\.json$/, "-" + number + ".json")).then(function (data) {
        data.cards.forEach(function (html, offset) { cards[(number - 1) * chunk + offset] = html; });
      }, function (error) {
        delete files[number];
        throw error;
      });
      return files[number];
    }));
  }

  function choice() {
    var chosen = {};
    selects.forEach(function (select) { if (select.value) chosen[select.name] = select.value; });
    return chosen;
  }

  // An item fits when it has every chosen value (`except` one facet, for that facet's own counts).
  function fits(item, chosen, except) {
    return Object.keys(chosen).every(function (name) {
      return name === except || (item.facets[name] || []).indexOf(chosen[name]) >= 0;
    });
  }

  function count(chosen) {
    selects.forEach(function (select) {
      var counts = {}, every = 0;
      items.forEach(function (item) {
        if (!fits(item, chosen, select.name)) return;
        every += 1;
        (item.facets[select.name] || []).forEach(function (value) { counts[value] = (counts[value] || 0) + 1; });
      });
      Array.prototype.forEach.call(select.options, function (option) {
        var n = option.value ? counts[option.value] || 0 : every;
        option.textContent = option.getAttribute("data-tx-label") + " (" + n + ")";
      });
    });
  }

  function render(revealed) {
    var chosen = choice(), drawn = ++drawing;
    var plans = groups.map(function (group) {
      var fitting = items.filter(function (item) { return item.kind === group.kind && fits(item, chosen); });
      return {group: group, fitting: fitting, shown: fitting.slice(0, group.limit)};
    });
    var positions = [];
    plans.forEach(function (plan) { plan.shown.forEach(function (item) { positions.push(item.at); }); });
    return fetchCards(positions).then(function () {
      if (drawn !== drawing) return;  // a later choice is on its way
      var matching = 0, shown = 0;
      plans.forEach(function (plan) {
        var group = plan.group, before = group.list.children.length;
        // Each card's HTML was made (and escaped) by the build, from the site's own templates.
        group.list.innerHTML = plan.shown.map(function (item) { return cards[item.at]; }).join("");
        group.box.hidden = plan.fitting.length === 0;
        if (group.more) group.more.hidden = plan.fitting.length <= group.limit;
        matching += plan.fitting.length;
        shown += plan.shown.length;
        if (group === revealed && group.list.children[before]) group.list.children[before].querySelector("a").focus();
      });
      count(chosen);
      var all = items.length, noun = all === 1 ? " item" : " items";
      status.textContent = (Object.keys(chosen).length ? matching + " of " + all + noun + " match" : all + noun) +
        (shown < matching ? "; showing the first " + shown + "." : ".");
    });
  }

  function failed() {
    status.textContent = "The list could not be narrowed here (is the connection down?); every item is still listed page by page.";
    rests.forEach(function (rest) { rest.hidden = false; });
  }

  function remember() {
    var params = new URLSearchParams(location.search);
    selects.forEach(function (select) {
      if (select.value) params.set(select.name, select.value); else params.delete(select.name);
    });
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  var given = new URLSearchParams(location.search), asked = false;
  selects.forEach(function (select) {
    var wanted = given.get(select.name);
    if (wanted && Array.prototype.some.call(select.options, function (o) { return o.value === wanted; })) {
      select.value = wanted;
      asked = true;
    }
    select.addEventListener("change", function () {
      groups.forEach(function (group) { group.limit = step; });
      remember();
      load().then(function () { return render(null); }).catch(failed);
    });
  });
  groups.forEach(function (group) {
    if (!group.more) return;
    group.more.hidden = false;
    group.more.addEventListener("click", function () {
      group.limit += step;
      load().then(function () { return render(group); }).catch(failed);
    });
  });
  // "Show more" takes the place of the links to further pages.
  rests.forEach(function (rest) { rest.hidden = true; });
  panel.hidden = false;
  if (asked) {
    // Until the data arrives, show no card the address rules out.
    groups.forEach(function (group) { group.list.hidden = true; });
    status.textContent = "Narrowing the list…";
    load().then(function () { return render(null); }).then(function () {
      groups.forEach(function (group) { group.list.hidden = false; });
    }, function () {
      groups.forEach(function (group) { group.list.hidden = false; });
      failed();
    });
  }
})();

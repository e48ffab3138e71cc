// Tessellate's search: the header's search box (Material's markup and styles) answered by Pagefind.
// Nothing is downloaded until a reader starts to search; then Pagefind fetches only the parts of
// the index the query needs. Every result is built as text: titles and summaries are coordinators'
// words, never markup.
(() => {
  "use strict";
  const root = document.querySelector(".tx-search[data-tx-search]");
  const toggle = document.getElementById("__search");
  if (!root || !toggle) return;
  const input = root.querySelector(".md-search__input");
  const form = input.form;
  const status = root.querySelector(".md-search-result__meta");
  const list = root.querySelector(".md-search-result__list");
  const bundle = new URL(root.dataset.txSearch, document.baseURI);
  const siteRoot = new URL(root.dataset.txRoot, document.baseURI).pathname;
  const FIRST = 5;  // shown as soon as their text arrives; the next ones follow
  const PAGE = 10;
  const PAUSE = 50;  // ms
  const SEPARATOR = " · ";  // between labels in the index's metadata (search/records.py)
  let engine = null;
  // The results on show: how many have been asked for, and the last batch to be put on the list.
  const showing = (results = []) => ({ results, asked: 0, appended: Promise.resolve() });
  let shown = showing();

  // Material's `search.highlight`: a result's link carries the words searched for (?h=), and the
  // page it opens marks them, with Pagefind's highlighter, fetched only by such a page.
  const HIGHLIGHT = "h";
  const highlighting = (() => {
    try {
      return JSON.parse(document.getElementById("__config").textContent).features.includes("search.highlight");
    } catch {
      return false;
    }
  })();
  if (highlighting && new URLSearchParams(location.search).get(HIGHLIGHT)) {
    const article = document.querySelector(".md-content article");
    if (article) {
      import(new URL("pagefind-highlight.js", bundle).href).then(({ default: Highlight }) => {
        new Highlight({ highlightParam: HIGHLIGHT, markContext: article, addStyles: false });
      });
    }
  }

  const load = () => {
    engine ??= import(new URL("pagefind.js", bundle).href).then(async (pagefind) => {
      // On the page itself, not in a worker: a query is a few milliseconds of work, and the worker
      // would be one more script (12 KB) to download before the first results.
      await pagefind.options({ basePath: bundle.pathname, baseUrl: siteRoot, excerptLength: 24, noWorker: true,
                               ...(highlighting && { highlightParam: HIGHLIGHT }) });
      await pagefind.init();
      return pagefind;
    });
    return engine;
  };

  const element = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  // Pagefind's excerpt is text with <mark> around the words found: keep exactly that, as nodes.
  const excerpt = (html) => {
    const paragraph = element("p");
    const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html").body.firstChild;
    for (const node of parsed ? parsed.childNodes : []) {
      paragraph.append(node.nodeName === "MARK" ? element("mark", "", node.textContent)
                                                 : document.createTextNode(node.textContent));
    }
    return paragraph;
  };

  const result = (data) => {
    const meta = data.meta || {};
    const item = element("li", "md-search-result__item");
    const link = element("a", "md-search-result__link");
    link.href = data.url;
    const article = element("article", "md-search-result__article md-typeset");
    if (meta.kind) article.append(element("p", "tx-search__kind", meta.kind));
    article.append(element("h1", "", meta.title || data.url));
    article.append(meta.summary ? element("p", "", meta.summary) : excerpt(data.excerpt || ""));
    const labels = (meta.labels || "").split(SEPARATOR).filter(Boolean);
    if (labels.length) {
      const tags = element("span", "md-tags");
      tags.append(...labels.map((label) => element("span", "md-tag", label)));
      article.append(tags);
    }
    link.append(article);
    item.append(link);
    return item;
  };

  const counted = (count) => {
    if (count === 0) return root.dataset.txNone;
    if (count === 1) return root.dataset.txOne;
    return root.dataset.txOther.replace("#", count);
  };

  // Each batch's text is fetched as soon as it is asked for, and batches are shown in the order
  // asked: a "Show more" pressed while the next results are still arriving never shows them twice.
  const showMore = (count = PAGE) => {
    const current = shown;
    const { results } = current;
    const start = current.asked;
    const end = Math.min(start + count, results.length);
    current.asked = end;
    const texts = Promise.all(results.slice(start, end).map((r) => r.data()));
    current.appended = current.appended.then(async () => {
      const page = await texts;
      if (shown !== current) return;  // a newer search replaced these results
      list.querySelector(".tx-search__more")?.remove();
      list.append(...page.map(result));
      if (end < results.length && current.asked === end) list.append(moreButton());
    });
    return current.appended;
  };

  const moreButton = () => {
    const more = element("li", "tx-search__more");
    const button = element("button", "md-button", "Show more results");
    button.type = "button";
    button.addEventListener("click", async () => {
      const next = shown.asked;
      await showMore();
      list.querySelectorAll(".md-search-result__link")[next]?.focus();
    });
    more.append(button);
    return more;
  };

  const search = async (query) => {
    if (!query.trim()) {
      shown = showing();
      list.replaceChildren();
      status.textContent = root.dataset.txPlaceholder;
      return;
    }
    const pagefind = await load();
    const found = await pagefind.search(query);
    if (input.value !== query) return;  // a later keystroke asked again
    const current = shown = showing(found.results);
    list.replaceChildren();
    await showMore(FIRST);
    if (shown !== current) return;
    status.textContent = counted(current.results.length);
    // The next results' text is fetched once the first are on screen, not in their way.
    if (current.results.length > FIRST) requestAnimationFrame(() => setTimeout(() => {
      if (shown === current) showMore(PAGE - FIRST);
    }));
  };

  const open = () => {
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    load();  // the engine starts loading while the reader types
  };
  const close = () => {
    if (toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
    if (root.contains(document.activeElement)) document.activeElement.blur();
  };
  const links = () => [...list.querySelectorAll(".md-search-result__link, .tx-search__more button")];

  input.addEventListener("focus", open);
  // A pause in typing starts the search, so a fast typist's every prefix does not fetch its own
  // part of the index.
  let pause = 0;
  input.addEventListener("input", () => {
    open();
    clearTimeout(pause);
    pause = setTimeout(() => search(input.value), PAUSE);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    links()[0]?.click();
  });
  form.addEventListener("reset", () => setTimeout(() => { search(""); input.focus(); }));
  toggle.addEventListener("change", () => {
    if (toggle.checked && document.activeElement !== input) input.focus();
  });
  root.addEventListener("focusout", (event) => {
    if (event.relatedTarget && !root.contains(event.relatedTarget)) close();
  });

  document.addEventListener("keydown", (event) => {
    const typing = event.target.closest?.("input, textarea, select, [contenteditable]");
    if (!toggle.checked) {
      if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey && ["/", "s", "f"].includes(event.key)) {
        event.preventDefault();
        open();
        input.focus();
      }
      return;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      close();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const stops = [input, ...links()];
    const at = stops.indexOf(document.activeElement);
    if (at === -1) return;
    event.preventDefault();
    const next = Math.min(Math.max(at + (event.key === "ArrowDown" ? 1 : -1), 0), stops.length - 1);
    stops[next].focus();
  });
})();

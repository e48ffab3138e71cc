/* Tessellate: the CPD player. Nothing loads from YouTube or Vimeo until the reader presses play or a
   chapter (their consent for that one video); a chapter, or an address ending #t=90, cues it there. */
(function () {
  function seconds(text) {
    var m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$/.exec(text || "");
    if (!m || !(m[1] || m[2] || m[3])) return null;
    return (+m[1] || 0) * 3600 + (+m[2] || 0) * 60 + (+m[3] || 0);
  }

  function clock(total) {
    var h = Math.floor(total / 3600), m = Math.floor(total % 3600 / 60), s = total % 60;
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return h ? h + ":" + pad(m) + ":" + pad(s) : m + ":" + pad(s);
  }

  /* The host's player at `start`: YouTube takes ?start=, Vimeo a #t=..s fragment. */
  function address(holder, start) {
    var url = new URL(holder.getAttribute("data-tx-embed"));
    if (holder.getAttribute("data-tx-provider") === "youtube") {
      url.searchParams.delete("start");
      if (start) url.searchParams.set("start", String(start));
    } else {
      url.hash = start ? "t=" + start + "s" : "";
    }
    return url.toString();
  }

  function load(holder, start, focus) {
    var frame = holder.querySelector("iframe");
    if (!frame) {
      frame = document.createElement("iframe");
      frame.title = "Video: " + holder.getAttribute("data-tx-title");
      frame.setAttribute("allow", "autoplay; fullscreen; picture-in-picture; encrypted-media");
      frame.setAttribute("allowfullscreen", "");
      frame.className = "tx-player__frame";
      holder.textContent = "";
      holder.appendChild(frame);
    }
    frame.src = address(holder, start);
    if (focus) frame.focus();
  }

  /* Before play: remember where to start, and say so in the play button's name. */
  function cue(start) {
    var holder = document.querySelector(".tx-player");
    var video = document.querySelector("video.tx-video");
    if (holder) {
      holder.setAttribute("data-tx-start", String(start));
      var button = holder.querySelector(".tx-player__play");
      if (button) button.setAttribute("aria-label", button.getAttribute("data-tx-label") + ", from " + clock(start));
    }
    if (video) {
      video.setAttribute("data-tx-start", String(start));
      if (video.readyState > 0) video.currentTime = start;
    }
  }

  function chapter(start) {
    history.replaceState(null, "", "#t=" + start);
    var holder = document.querySelector(".tx-player");
    var video = document.querySelector("video.tx-video");
    if (holder) load(holder, start, false);
    if (video) {
      video.setAttribute("data-tx-start", String(start));
      if (video.readyState > 0) video.currentTime = start;
      video.play();
    }
  }

  function ready() {
    /* Chapters are links (to the video at that time) without JavaScript; with it, buttons. */
    document.querySelectorAll("a.tx-chapter").forEach(function (link) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "tx-chapter";
      button.setAttribute("data-tx-at", link.getAttribute("data-tx-at"));
      while (link.firstChild) button.appendChild(link.firstChild);
      link.replaceWith(button);
    });
    var video = document.querySelector("video.tx-video");
    if (video) {
      video.addEventListener("loadedmetadata", function () {
        var start = +(video.getAttribute("data-tx-start") || 0);
        if (start) video.currentTime = start;
      });
    }
    var shared = /^#t=(.+)$/.exec(location.hash);
    var start = shared && seconds(shared[1]);
    if (start !== null && start !== undefined) cue(start);
  }

  document.addEventListener("click", function (event) {
    var play = event.target.closest && event.target.closest(".tx-player__play");
    if (play) {
      var holder = play.closest(".tx-player");
      load(holder, +(holder.getAttribute("data-tx-start") || 0), true);
      return;
    }
    var mark = event.target.closest && event.target.closest("button.tx-chapter");
    if (mark) chapter(+mark.getAttribute("data-tx-at"));
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();

// Review pages: forms sent with fetch and the returned fragment swapped in (htmx-style), evidence picked
// by selecting article text, keyboard shortcuts. Every form also works without this script.
(() => {
  "use strict";
  let target = null; // the input that receives the next text selection as evidence

  const workspace = () => document.getElementById("workspace");
  const cards = () => Array.from(document.querySelectorAll(".card"));
  const current = () => document.querySelector(".card.current");
  const codePoints = (s) => Array.from(s).length;

  function setCurrent(card) {
    if (!card) return;
    cards().forEach((c) => c.classList.toggle("current", c === card));
    const prefix = card.dataset.key + ":";
    document.querySelectorAll("#article-text [data-ev]").forEach((seg) => {
      seg.classList.toggle("mine", seg.dataset.ev.split(" ").some((l) => l.startsWith(prefix)));
    });
  }

  function openEdit(form) {
    if (!form) return;
    document.querySelectorAll("form.edit:not([hidden])").forEach((f) => { if (f !== form) f.hidden = true; });
    form.hidden = false;
    const input = form.elements.value;
    input.focus();
    input.select();
    target = input;
    setCurrent(form.closest(".card"));
  }

  function focusAfterSwap() {
    const ws = workspace();
    if (!ws) return;
    const open = ws.querySelector("form.edit:not([hidden])");
    if (open) { openEdit(open); return; }
    const card = document.getElementById("card-" + ws.dataset.focus) || cards()[0];
    if (card) { setCurrent(card); card.focus({ preventScroll: false }); }
  }

  // -- offsets of a DOM selection in the article text (code points, as the server counts) ----------------
  function offsetOf(node, offset) {
    const box = document.getElementById("article-text");
    if (node === box) {
      const child = box.childNodes[offset];
      return child && child.dataset ? Number(child.dataset.s) : Number(box.dataset.len);
    }
    const el = (node.nodeType === Node.TEXT_NODE ? node.parentElement : node).closest("[data-s]");
    if (!el || !box.contains(el)) return null;
    if (node.nodeType !== Node.TEXT_NODE) return Number(el.dataset.s) + (offset > 0 ? codePoints(el.textContent) : 0);
    return Number(el.dataset.s) + codePoints(node.data.slice(0, offset));
  }

  function pick() {
    const selection = window.getSelection();
    const box = document.getElementById("article-text");
    if (!selection || selection.isCollapsed || !box || !target || !document.body.contains(target)) return;
    const range = selection.getRangeAt(0);
    if (!box.contains(range.startContainer) || !box.contains(range.endContainer)) return;
    let start = offsetOf(range.startContainer, range.startOffset);
    let end = offsetOf(range.endContainer, range.endOffset);
    let text = selection.toString();
    if (start === null || end === null) return;
    const lead = text.length - text.trimStart().length;
    const trail = text.length - text.trimEnd().length;
    text = text.trim();
    start += lead;
    end -= trail;
    if (!text || end <= start) return;
    const form = target.form;
    target.value = text;
    form.elements.start.value = String(start);
    form.elements.end.value = String(end);
    form.elements.quote.value = text;
    const shown = form.querySelector(".picked");
    if (shown) shown.textContent = "evidence: \u201c" + text + "\u201d (" + start + "\u2013" + end + ")";
    target.focus();
  }

  function forget(form) { // a cancelled edit keeps no picked evidence for next time
    form.reset();
    ["start", "end", "quote"].forEach((name) => { form.elements[name].value = ""; });
    const shown = form.querySelector(".picked");
    if (shown) shown.textContent = "select words in the article to use them as evidence";
  }

  function flash(message, bad) {
    const box = document.querySelector(".flashes") || document.querySelector("main");
    const p = document.createElement("p");
    p.className = "flash " + (bad ? "error" : "ok");
    p.setAttribute("role", bad ? "alert" : "status");
    p.textContent = message; // text, never HTML
    box.replaceChildren(p);
  }

  async function send(form) {
    let response;
    try {
      response = await fetch(form.action, {
        method: "POST", body: new FormData(form), credentials: "same-origin", headers: { "X-Review-Fetch": "1" },
      });
    } catch (error) {
      flash("Not saved: the review server did not answer (" + error + ")", true);
      return;
    }
    const body = await response.text();
    if (!response.headers.get("X-Review-Fragment")) {
      flash("Not saved (HTTP " + response.status + "): " + body.slice(0, 300), true);
      return;
    }
    const template = document.createElement("template");
    template.innerHTML = body; // server-rendered and escaped, same origin; CSP forbids inline script
    const fresh = template.content.getElementById("workspace");
    if (fresh) workspace().replaceWith(fresh);
    target = null;
    focusAfterSwap();
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!form.matches("form[data-fetch]")) return;
    event.preventDefault();
    send(form);
  });

  document.addEventListener("click", (event) => {
    const edit = event.target.closest("button[data-edit]");
    if (edit) { openEdit(document.getElementById("edit-" + edit.dataset.edit)); return; }
    const cancel = event.target.closest("button.cancel");
    if (cancel) { forget(cancel.form); cancel.form.hidden = true; target = null; return; }
    if (event.target.closest("[data-help]")) { const h = document.getElementById("help"); h.hidden = !h.hidden; return; }
    const card = event.target.closest(".card");
    if (card) setCurrent(card);
  });

  document.addEventListener("focusin", (event) => {
    if (event.target.matches("[data-evidence]")) target = event.target;
    const card = event.target.closest(".card");
    if (card) setCurrent(card);
  });

  document.addEventListener("mouseup", pick);
  document.addEventListener("keyup", (event) => { if (event.shiftKey) pick(); });

  document.addEventListener("mouseover", (event) => {
    const row = event.target.closest("tr[data-label]");
    document.querySelectorAll("#article-text .hot").forEach((s) => s.classList.remove("hot"));
    if (row) document.querySelectorAll('#article-text [data-ev~="' + CSS.escape(row.dataset.label) + '"]')
      .forEach((s) => s.classList.add("hot"));
  });

  document.addEventListener("keydown", (event) => {
    if (event.target.closest("input, select, textarea")) {
      if (event.key === "Escape") {
        const form = event.target.closest("form.edit");
        if (form) { forget(form); form.hidden = true; target = null; setCurrent(form.closest(".card")); form.closest(".card").focus(); }
      }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || !workspace() && event.key !== "?") return;
    const card = current();
    const all = cards();
    const move = (step) => setCurrent(all[Math.max(0, Math.min(all.length - 1, all.indexOf(card) + step))] || all[0]);
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "a": card && card.querySelector("form.accept button").click(); break;
      case "x": { const b = card && card.querySelector("form.reject button"); if (b) b.click(); break; }
      case "e": {
        const button = card && (card.querySelector("tr.empty button[data-edit]") || card.querySelector("button[data-edit]"));
        if (button) button.click();
        break;
      }
      case "n": document.getElementById("mark-reviewed").requestSubmit(); break;
      case "s": document.getElementById("skip").click(); break;
      case "?": { const h = document.getElementById("help"); h.hidden = !h.hidden; break; }
      default: return;
    }
    event.preventDefault();
    const now = current();
    if (now) now.scrollIntoView({ block: "nearest" });
  });

  document.addEventListener("DOMContentLoaded", focusAfterSwap);
})();

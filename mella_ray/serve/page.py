"""The page at `/`: choose a language, upload an image, read the model's description.

One self-contained HTML file (no external scripts, fonts or styles, so it works offline and
under a strict network policy). It reads the image with FileReader into a data: URL, which
the server always accepts, and posts an ordinary chat completion to the same origin, so the
page exercises exactly the API that clients use. The answer box carries `data-state`
(idle, pending, done, error) so that a browser test can wait for the outcome without timing
guesses.
"""

from __future__ import annotations

import json

from mella_ray.langs import language


def render_page(model_name: str, languages: list[str]) -> str:
    """The page with the served model's name and each language's evaluation prompt filled in."""
    langs = {c: {"name": language(c).name, "prompt": language(c).eval_prompt} for c in languages}
    # "</" escaped: a prompt containing "</script>" must not end the script block
    data = json.dumps({"model": model_name, "langs": langs}, ensure_ascii=False).replace("</", "<\\/")
    return _PAGE.replace("__DATA__", data)


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>mella-ray: describe an image</title>
<style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem}
label{display:block;margin:.7rem 0}select,textarea,input{display:block;width:100%;box-sizing:border-box}
#preview{max-width:100%;max-height:18rem;margin:.5rem 0}#out{white-space:pre-wrap;border:1px solid #bbb;padding:.6rem;min-height:3rem}
#out[data-state=error]{border-color:#c00;color:#900}</style>
</head><body>
<h1>Describe an image</h1>
<label>Language <select id="lang"></select></label>
<label>Image <input id="file" type="file" accept="image/*"></label>
<img id="preview" alt="" hidden>
<label>Prompt <textarea id="prompt" rows="2" dir="auto"></textarea></label>
<label>API key (only if the server requires one) <input id="key" type="password" autocomplete="off"></label>
<button id="go" type="button">Describe</button>
<h2>Answer</h2><div id="out" dir="auto" role="status" aria-live="polite" data-state="idle"></div>
<script>
const CFG = __DATA__;
const $ = (id) => document.getElementById(id);
let dataUrl = null;
const show = (state, text) => { $("out").dataset.state = state; $("out").textContent = text; };
for (const [code, l] of Object.entries(CFG.langs)) $("lang").add(new Option(l.name + " (" + code + ")", code));
$("lang").onchange = () => { $("prompt").value = CFG.langs[$("lang").value].prompt; $("prompt").lang = $("lang").value; };
$("lang").onchange();
$("file").onchange = () => {
  const f = $("file").files[0]; if (!f) return;
  const r = new FileReader();
  r.onload = () => { dataUrl = r.result; $("preview").src = dataUrl; $("preview").hidden = false; };
  r.onerror = () => show("error", "Error: the file could not be read");
  r.readAsDataURL(f);
};
$("go").onclick = async () => {
  if (!dataUrl) { show("error", "Choose an image first."); return; }
  $("go").disabled = true; show("pending", "\u2026");
  const headers = {"Content-Type": "application/json"};
  if ($("key").value) headers["Authorization"] = "Bearer " + $("key").value;
  const body = {model: CFG.model, messages: [{role: "user", content: [
    {type: "image_url", image_url: {url: dataUrl}}, {type: "text", text: $("prompt").value}]}]};
  try {
    // relative URL: the page works under any route prefix the app is deployed at
    const r = await fetch("v1/chat/completions", {method: "POST", headers, body: JSON.stringify(body)});
    const j = await r.json();
    $("out").lang = $("lang").value;
    if (r.ok) show("done", j.choices[0].message.content || "(the model returned an empty answer)");
    else show("error", "Error: " + ((j.error && j.error.message) || r.status));
  } catch (e) { show("error", "Error: " + e); }
  finally { $("go").disabled = false; }
};
</script></body></html>
"""

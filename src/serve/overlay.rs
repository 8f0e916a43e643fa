//! The markup that `leidraad serve` adds to pages: a script that reloads the page after a
//! rebuild, and an overlay that lists the problems of a failed build. Every text from the
//! site is escaped; the script loads nothing from elsewhere.

use std::fmt::Write as _;

use crate::diagnostics::{display_path, summary, Diagnostic, Diagnostics, Location, Severity};
use crate::html::escape;

use super::site::State;

/// The id of the overlay element.
const OVERLAY_ID: &str = "__leidraad-overlay";

/// Listens for builds and reloads the page, or shows or hides the overlay. `SERVER` and
/// `GOOD` identify the build the page comes from.
///
/// The builds come over a WebSocket, which browsers do not count among their six HTTP/1.1
/// connections per host: any number of tabs can listen. A hidden page lets go of its socket
/// and hears about the latest build when it is shown again, so the server's limit on
/// listeners is one of windows, not of tabs.
const SCRIPT: &str = r#"<script>/* leidraad serve: live reload */
(function (server, good) {
  "use strict";
  var id = "__leidraad-overlay";
  var socket = null;
  var retry = 0;
  function bind() {
    var el = document.getElementById(id);
    var button = el && el.querySelector("button");
    if (button) button.onclick = function () { el.hidden = true; };
  }
  function onBuild(e) {
    var s;
    try { s = JSON.parse(e.data); } catch (err) { return; }
    var old = document.getElementById(id);
    if (s.ok) {
      var here = location.pathname.replace(/index\.html$/, "");
      var c = null;
      if (s.server === server && s.good !== good) {
        // What changed since the build shown here, which may be a few builds back.
        (s.changes || []).forEach(function (step) { if (step.since === good) c = step; });
      }
      if (c) {
        // Only a page the builds changed reloads; one at a new address goes there.
        if (c.moved[here]) { disconnect(); location.replace(c.moved[here] + location.hash); return; }
        if (c.pages.indexOf(here) < 0) good = s.good;
      }
      if (s.server !== server || s.good !== good) { disconnect(); location.reload(); }
      else if (old) old.remove();
      return;
    }
    if (old) old.remove();
    document.body.insertAdjacentHTML("beforeend", s.overlay);
    bind();
  }
  function connect() {
    if (socket || !window.WebSocket) return;
    clearTimeout(retry);
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var s = new WebSocket(scheme + location.host + "/__leidraad/events");
    socket = s;
    s.onmessage = onBuild;
    // The server went away (or restarted): try again a second later.
    s.onclose = function () {
      if (socket !== s) return;
      socket = null;
      retry = setTimeout(function () { if (!document.hidden) connect(); }, 1000);
    };
  }
  function disconnect() {
    clearTimeout(retry);
    var s = socket;
    socket = null;
    if (s) s.close();
  }
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) disconnect(); else connect();
  });
  addEventListener("pagehide", disconnect);
  addEventListener("pageshow", function () { if (!document.hidden) connect(); });
  bind();
  if (!document.hidden) connect();
  // A build for offline reading opened at this address before left its service worker here:
  // the preview shows what is built now, never what a worker kept.
  if (navigator.serviceWorker) {
    navigator.serviceWorker.getRegistrations().then(function (all) {
      all.forEach(function (r) { r.unregister(); });
    }).catch(function () {});
  }
})("SERVER", GOOD);
</script>
"#;

const STYLE: &str = "<style>
#__leidraad-overlay{position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem 1rem;background:rgba(15,15,15,.55);font:16px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1b1b1b;text-align:left}
#__leidraad-overlay[hidden]{display:none}
#__leidraad-overlay .ld-box{max-width:52rem;margin:0 auto;padding:1.25rem 1.5rem;background:#fff;border-top:6px solid #b3261e;border-radius:6px;box-shadow:0 12px 40px rgba(0,0,0,.35)}
#__leidraad-overlay .ld-title{margin:0 0 .25rem;font-size:1.25rem;font-weight:700;color:#b3261e}
#__leidraad-overlay p{margin:.25rem 0}
#__leidraad-overlay ol{margin:1rem 0;padding:0;list-style:none}
#__leidraad-overlay li{margin:0 0 1rem;padding:.75rem 1rem;border-left:4px solid #b3261e;background:#fbf1f0}
#__leidraad-overlay li.ld-warning{border-color:#8a5a00;background:#fdf6e7}
#__leidraad-overlay .ld-where{font:14px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#444}
#__leidraad-overlay .ld-sev{font-weight:700;color:#b3261e}
#__leidraad-overlay li.ld-warning .ld-sev{color:#8a5a00}
#__leidraad-overlay .ld-msg{font-weight:600}
#__leidraad-overlay code,#__leidraad-overlay pre{font:14px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
#__leidraad-overlay code{padding:0 .2em;background:rgba(0,0,0,.06);border-radius:3px}
#__leidraad-overlay pre{margin:.5rem 0;padding:.5rem .75rem;overflow:auto;background:#fff;border:1px solid #e3d3d1;border-radius:4px;white-space:pre}
#__leidraad-overlay button{margin-top:.5rem;padding:.4rem 1rem;font:inherit;color:#fff;background:#1b1b1b;border:0;border-radius:4px;cursor:pointer}
#__leidraad-overlay button:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
</style>";

/// The overlay for a failed build: a summary and every diagnostic. `serving` says whether an
/// earlier build is still being served.
pub(crate) fn overlay(diags: &Diagnostics, serving: bool) -> String {
    let (errors, warnings) = diags.counts();
    let mut out = String::new();
    let _ = write!(
        out,
        "<div id=\"{OVERLAY_ID}\" role=\"alert\" lang=\"en\" dir=\"ltr\">{STYLE}<div class=\"ld-box\">\
         <p class=\"ld-title\">The site does not build: {}</p>",
        summary(errors, warnings)
    );
    out.push_str(if serving {
        "<p>This is the last version that built. Fix the problems below and save; \
         this page updates by itself.</p>"
    } else {
        "<p>Fix the problems below and save; this page updates by itself.</p>"
    });
    out.push_str("<ol>");
    // What broke the build comes first.
    for severity in [Severity::Error, Severity::Warning] {
        for d in diags.items().iter().filter(|d| d.severity == severity) {
            render_diagnostic(&mut out, d);
        }
    }
    out.push_str("</ol><button type=\"button\">Hide</button></div></div>");
    out
}

fn render_diagnostic(out: &mut String, d: &Diagnostic) {
    let severity = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let _ = write!(
        out,
        "<li class=\"ld-{severity}\"><p class=\"ld-where\"><span class=\"ld-sev\">{severity}</span> [{}]",
        escape(d.code.as_str())
    );
    if let Some(loc) = &d.location {
        let _ = write!(out, " {}", escape(&place(loc)));
    }
    let _ = write!(out, "</p><p class=\"ld-msg\">{}</p>", text(&d.message));
    if let Some(loc) = d.location.as_deref().filter(|l| l.line > 0) {
        let _ = write!(out, "<pre>{}</pre>", snippet(loc));
    }
    for (loc, note) in &d.notes {
        let _ = write!(
            out,
            "<p>note: {} <span class=\"ld-where\">({})</span></p>",
            text(note),
            escape(&place(loc))
        );
    }
    if let Some(help) = &d.help {
        let _ = write!(out, "<p>hint: {}</p>", text(help));
    }
    out.push_str("</li>");
}

/// `content/nl/over.md:3:5`, or only the file.
fn place(loc: &Location) -> String {
    let path = display_path(&loc.path);
    if loc.line == 0 {
        path
    } else {
        format!("{path}:{}:{}", loc.line, loc.column)
    }
}

/// The source line with carets under the problem, as in the terminal. A long line (a
/// Markdown paragraph is one line) is cut to the part around the problem.
fn snippet(loc: &Location) -> String {
    const CONTEXT: usize = 40;
    let chars: Vec<char> = loc.line_text.replace('\t', " ").chars().collect();
    let at = loc.column.saturating_sub(1).min(chars.len());
    let len = loc.len.max(1);
    let start = at.saturating_sub(CONTEXT);
    let end = (at + len + CONTEXT).min(chars.len()).max(at);
    let mut shown: String = chars[start..end].iter().collect();
    let mut pad = at - start;
    if start > 0 {
        shown.insert(0, '…');
        pad += 1;
    }
    if end < chars.len() {
        shown.push('…');
    }
    let number = loc.line.to_string();
    escape(&format!(
        "{number} | {shown}\n{} | {}{}",
        " ".repeat(number.len()),
        " ".repeat(pad),
        "^".repeat(len)
    ))
}

/// Escaped text in which `code` in backticks becomes `<code>`, as messages write values.
fn text(s: &str) -> String {
    let escaped = escape(s);
    let parts: Vec<&str> = escaped.split('`').collect();
    if parts.len().is_multiple_of(2) {
        // An odd number of backticks: leave them as they are.
        return escaped;
    }
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{part}</code>");
        } else {
            out.push_str(part);
        }
    }
    out
}

/// The script for a page of `state`'s good build.
fn script(state: &State) -> String {
    let good = state.good.as_ref().map_or(0, |g| g.build);
    SCRIPT
        .replace("\"SERVER\"", &format!("\"{}\"", escape(&state.server)))
        .replace("GOOD)", &format!("{good})"))
}

/// Adds the script, and the overlay when the latest build failed, before `</body>`.
pub(crate) fn inject(html: &[u8], state: &State) -> Vec<u8> {
    let mut added = String::new();
    if let Some(overlay) = &state.overlay {
        added.push_str(overlay);
        added.push('\n');
    }
    added.push_str(&script(state));
    let at = rfind_ignore_case(html, b"</body").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + added.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(added.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The page served for every path while no build has succeeded yet.
pub(crate) fn error_page(state: &State) -> Vec<u8> {
    let page = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
        <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
        <title>The site does not build – leidraad serve</title>\n</head>\n<body>\n</body>\n</html>\n";
    inject(page.as_bytes(), state)
}

/// The event that tells pages about a build: one line of JSON, which the server sends as a
/// WebSocket message or as the data of a Server-Sent Event.
pub(crate) fn event(state: &State) -> String {
    serde_json::json!({
        "server": &*state.server,
        "build": state.build,
        "good": state.good.as_ref().map_or(0, |g| g.build),
        "ok": state.ok,
        "overlay": state.overlay,
        "changes": state.changes.steps().iter().map(|c| serde_json::json!({
            "since": c.since,
            "pages": c.pages,
            "moved": c.moved,
        })).collect::<Vec<_>>(),
    })
    .to_string()
}

fn rfind_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > haystack.len() {
        return None;
    }
    (0..=haystack.len() - needle.len())
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::diagnostics::Code;
    use crate::serve::site::Good;
    use crate::serve::snapshot::Snapshot;

    fn state(overlay: Option<String>) -> State {
        State {
            server: "abc".into(),
            build: 3,
            ok: overlay.is_none(),
            good: Some(Good {
                build: 2,
                site: Arc::new(Snapshot::default()),
            }),
            diagnostics_json: "[]\n".to_owned(),
            overlay,
            changes: Default::default(),
            moved: Arc::default(),
        }
    }

    #[test]
    fn injects_before_the_last_body_end() {
        let html = b"<html><body><p>x</p></BODY></html>";
        let out = String::from_utf8(inject(html, &state(None))).unwrap();
        assert!(out.starts_with("<html><body><p>x</p><script>"), "{out}");
        assert!(out.ends_with("</script>\n</BODY></html>"), "{out}");
        assert!(out.contains(r#"})("abc", 2);"#), "{out}");
        let bare = String::from_utf8(inject(b"<p>no body", &state(None))).unwrap();
        assert!(bare.starts_with("<p>no body<script>"), "{bare}");
    }

    #[test]
    fn the_overlay_escapes_everything_from_the_site() {
        let mut diags = Diagnostics::new();
        diags.push(
            Diagnostic::error(
                Code::BrokenLink,
                "the link target `<img src=x onerror=alert(1)>.md` does not exist",
            )
            .at(Location {
                path: "content/nl/<b>.md".into(),
                line: 4,
                column: 10,
                len: 3,
                line_text: "Lees [x](<script>.md) & meer".into(),
            })
            .help("did you mean `\"quoted\"`?"),
        );
        diags.push(
            Diagnostic::warning(Code::Translations, "comes after the error")
                .in_file("content/a".as_ref()),
        );
        let html = overlay(&diags, true);
        assert!(html.find("comes after the error") > html.find("broken-link"));
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(html.contains("content/nl/&lt;b&gt;.md:4:10"), "{html}");
        assert!(
            html.contains("<code>&lt;img src=x onerror=alert(1)&gt;.md</code>"),
            "{html}"
        );
        assert!(html.contains("hint: did you mean <code>&quot;quoted&quot;</code>?"));
        let long = Location {
            path: "a.md".into(),
            line: 7,
            column: 101,
            len: 2,
            line_text: format!("{}[]{}", "a".repeat(100), "b".repeat(100)),
        };
        assert_eq!(
            snippet(&long),
            format!(
                "7 | …{}[]{}…\n  | {}^^",
                "a".repeat(40),
                "b".repeat(40),
                " ".repeat(41)
            )
        );
        assert!(html.contains("4 | Lees [x](&lt;script&gt;.md) &amp; meer\n  |          ^^^"));
        let page = String::from_utf8(inject(b"<body></body>", &state(Some(html)))).unwrap();
        assert!(page.contains("id=\"__leidraad-overlay\""));
    }

    #[test]
    fn events_are_one_line_of_json() {
        let event = event(&state(Some("<div>\n</div>".to_owned())));
        assert_eq!(event.lines().count(), 1, "{event}");
        assert!(!event.contains('\r'), "{event}");
        let json: serde_json::Value = serde_json::from_str(&event).unwrap();
        assert_eq!(json["overlay"], "<div>\n</div>");
        assert_eq!(json["good"], 2);
    }
}

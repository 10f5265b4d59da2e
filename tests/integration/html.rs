//! The HTML report in a real browser: headless Chromium renders it, its status filter works
//! (set through the address, as a shared link would), it prints every requirement with its
//! evidence (print media, through Chromium's PDF printer), and a screenshot is written to
//! `target/tmp/relpolicy-report.png`. Chromium comes from the test set-up (`.ci/run` installs
//! Debian's `chromium` when it can); without it this test says so and passes.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::run_relpolicy;

pub(crate) fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

pub(crate) fn headless(browser: &Path, args: &[&str]) -> std::process::Output {
    Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
        ])
        .args(args)
        .output()
        .expect("chromium runs")
}

#[test]
// Saying why the browser part did not run is the point of the message.
#[allow(clippy::print_stderr)]
fn the_html_report_renders_filters_and_is_self_contained() {
    let dir = tempfile::tempdir().expect("tempdir");
    let html = dir.path().join("report.html");
    let out = run_relpolicy(&[
        "check",
        "examples/failing/rollback-test-failed",
        "--report",
        &format!("html={}", html.display()),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = std::fs::read_to_string(&html).expect("report written");
    // Offline: nothing is fetched from anywhere.
    for fetch in ["src=\"http", "href=\"http", "<link", "url(", "@import"] {
        assert!(!text.contains(fetch), "the report loads {fetch}…");
    }
    assert_eq!(text.matches("<tr data-status=").count(), 32);
    // The header ties the page to its run: evaluation time, as-of, the library's digest.
    for id in [
        "id=\"evaluated\">2026-03-14T22:00:00Z<",
        "id=\"as-of\">2026-03-14T22:00:00Z<",
        "id=\"library\">sha256:",
    ] {
        assert!(text.contains(id), "header lacks {id}");
    }
    // Every row says what it rests on: a pass too (who approved the production deployment).
    let req27 = text
        .split("id=\"REQ-27\"")
        .nth(1)
        .unwrap()
        .split("</tr>\n<tr data-status")
        .next()
        .unwrap();
    assert!(req27.contains("What the verdict rests on"), "{req27}");
    assert!(
        req27.contains("<code>role</code></td><td>Release Manager</td>"),
        "{req27}"
    );

    let Some(browser) = chromium() else {
        eprintln!(
            "SKIPPED: no headless browser; install Debian's chromium (apt-get install chromium) to render the HTML report in this test"
        );
        return;
    };
    let url = format!("file://{}#status=fail,error", html.display());
    let dom = headless(&browser, &["--dump-dom", &url]);
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(
        dom.contains("data-ready=\"true\""),
        "the script did not run:\n{dom}"
    );
    assert!(dom.contains("id=\"visible\">2<"), "two rows shown");
    assert!(
        dom.contains("<tr data-status=\"fail\" id=\"REL-03\">"),
        "failures shown"
    );
    assert!(
        dom.contains("<tr data-status=\"pass\" id=\"DEP-01\" hidden=\"\">"),
        "passes hidden"
    );

    // Passing rows start closed on screen.
    assert!(
        dom.contains("<div class=\"req closed\" data-open=\"false\">"),
        "passes closed on screen"
    );

    // Printed (even from a link filtered to failures), every row is there with its evidence
    // and the controls are not: the PDF links to the evidence of a passing requirement (DEP-01's
    // deployment record), which the screen filter hid. Without the print stylesheet it does not,
    // so the check bites.
    let print = |page: &Path| -> Vec<u8> {
        let pdf = dir.path().join("printed.pdf");
        let _ = std::fs::remove_file(&pdf);
        let out = headless(
            &browser,
            &[
                "--no-pdf-header-footer",
                &format!("--print-to-pdf={}", pdf.display()),
                &format!("file://{}#status=fail", page.display()),
            ],
        );
        std::fs::read(&pdf)
            .unwrap_or_else(|e| panic!("no PDF ({e}): {}", String::from_utf8_lossy(&out.stderr)))
    };
    let linked =
        |pdf: &[u8], needle: &str| pdf.windows(needle.len()).any(|w| w == needle.as_bytes());
    let printed = print(&html);
    assert!(
        linked(&printed, "deployments/deploy-prod-232.json"),
        "print hides passing rows"
    );
    let screen_only = dir.path().join("screen-only.html");
    let start = text.find("@media print {").expect("a print stylesheet");
    let end = start + text[start..].find("\n}\n").expect("its end") + 3;
    std::fs::write(&screen_only, format!("{}{}", &text[..start], &text[end..])).unwrap();
    assert!(!linked(
        &print(&screen_only),
        "deployments/deploy-prod-232.json"
    ));

    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("relpolicy-report.png");
    let _ = std::fs::remove_file(&shot);
    let taken = headless(
        &browser,
        &[
            "--window-size=1280,1600",
            &format!("--screenshot={}", shot.display()),
            &url,
        ],
    );
    let size = std::fs::metadata(&shot).map_or(0, |m| m.len());
    assert!(
        size > 10_000,
        "no screenshot ({size} bytes): {}",
        String::from_utf8_lossy(&taken.stderr)
    );
}

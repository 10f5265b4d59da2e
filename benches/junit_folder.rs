//! Writes a synthetic release folder for the gather benchmark (`benches/gather.sh`):
//! FILES JUnit reports holding CASES test cases in all, in the layout pytest and Surefire write
//! (one suite per file, properties on some cases, 2% failures with a traceback, 1% skipped),
//! plus a relpolicy.yaml naming them.
//!
//!   cargo bench --bench junit_folder -- DIR [FILES] [CASES]

use std::fmt::Write as _;
#[path = "support/args.rs"]
mod args;

use args::Args;

#[allow(clippy::print_stdout)] // the benchmark script reads what it wrote
fn main() {
    let args = Args::read("junit_folder DIR [FILES] [CASES]");
    let dir = args.dir();
    let files = args.number(1, 200);
    let cases = args.number(2, 100_000);
    let categories = [
        "smoke",
        "functional",
        "regression",
        "integration",
        "security",
    ];
    std::fs::create_dir_all(dir.join("reports")).expect("create the folder");
    std::fs::write(
        dir.join("relpolicy.yaml"),
        "manifest_version: 1\nrelease: {version: 1.0.0, type: minor}\nevidence:\n  test_reports:\n    - files: reports/**/*.xml\n      environment: test\n",
    )
    .expect("write the manifest");
    let mut n = 0;
    for f in 0..files {
        let count = cases / files + usize::from(f < cases % files);
        let mut xml = String::with_capacity(count * 400);
        let _ = write!(
            xml,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<testsuites name=\"pytest tests\">\n  <testsuite name=\"module_{f}\" errors=\"0\" failures=\"0\" skipped=\"0\" tests=\"{count}\" time=\"{:.3}\" timestamp=\"2026-03-10T08:{:02}:00+00:00\" hostname=\"ci\">\n",
            count as f64 * 0.05,
            f % 60
        );
        for c in 0..count {
            n += 1;
            let category = categories[n % categories.len()];
            let _ = write!(
                xml,
                "    <testcase classname=\"tests.{category}.test_module_{f}\" name=\"test_case_{c}_behaves_as_specified\" file=\"tests/{category}/test_module_{f}.py\" line=\"{}\" time=\"0.{:03}\">\n      <properties><property name=\"category\" value=\"{category}\" />",
                c * 7 + 3,
                n % 1000
            );
            if n % 10 == 0 {
                xml.push_str("<property name=\"requirement\" value=\"REQ-17, REQ-24\" />");
            }
            xml.push_str("</properties>\n");
            if n % 50 == 0 {
                let _ = write!(
                    xml,
                    "      <failure message=\"AssertionError: expected 200 &amp; got 500&#10;assert 500 == 200\">def test_case_{c}():\n&gt;       assert response.status == 200\nE       AssertionError: expected 200 &amp; got 500\n\ntests/{category}/test_module_{f}.py:{}: AssertionError</failure>\n",
                    c * 7 + 5
                );
            } else if n % 100 == 1 {
                xml.push_str(
                    "      <skipped type=\"pytest.skip\" message=\"needs a staging database\" />\n",
                );
            }
            xml.push_str("    </testcase>\n");
        }
        xml.push_str("  </testsuite>\n</testsuites>\n");
        let sub = dir.join("reports").join(format!("shard-{}", f % 10));
        std::fs::create_dir_all(&sub).expect("create a shard");
        std::fs::write(sub.join(format!("junit-{f:03}.xml")), xml).expect("write a report");
    }
    println!("{} ({files} files, {n} test cases)", dir.display());
}

//! The labelled corpus (../shared/corpus): run the batch over its 40 messy workbooks and
//! score the outputs with its scorer. The thresholds are the ones issue 4 sets.

mod common;
use common::*;

#[test]
fn corpus_scores_meet_the_bar() {
    let (workbooks, truth) = (shared("corpus/workbooks"), shared("corpus/truth"));
    let score = truth.join("..").join("score.py");
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    let status = run(kinerja()
        .arg("batch")
        .arg(&workbooks)
        .arg("--out")
        .arg(&out)
        .arg("--quiet"))
    .status;
    assert_eq!(status.code(), Some(0));
    let scored = std::process::Command::new("python3")
        .arg(&score)
        .arg("--truth")
        .arg(&truth)
        .arg("--out")
        .arg(&out)
        .arg("--details")
        .arg(dir.path().join("details.txt"))
        .arg("--json")
        .output();
    // The scorer is ../shared's own (Python): without python3 the corpus is not scored,
    // which must fail, not pass unseen.
    let scored =
        scored.unwrap_or_else(|e| panic!("python3 is needed to run {} ({e})", score.display()));
    let text = String::from_utf8_lossy(&scored.stdout).to_string();
    let details = std::fs::read_to_string(dir.path().join("details.txt")).unwrap_or_default();
    eprintln!("{text}\n{details}");
    // The JSON object is everything before the final summary line.
    let json_end = text.rfind('}').expect("scorer JSON");
    let res: serde_json::Value =
        serde_json::from_str(&text[..=json_end]).expect("parse scorer JSON");
    let f = |k: &str| res[k].as_f64().expect(k);
    let pair = |k: &str| (res[k][0].as_u64().unwrap(), res[k][1].as_u64().unwrap());
    assert!(
        f("values_exact") >= 0.99,
        "values exact {}",
        f("values_exact")
    );
    assert!(f("recall") >= 0.95, "recall {}", f("recall"));
    assert!(f("precision") >= 0.95, "precision {}", f("precision"));
    let (broken_ok, broken_all) = pair("broken_reported");
    assert_eq!(broken_ok, broken_all, "every broken file reported");
    let (kec_ok, kec_all) = pair("kecamatan");
    assert_eq!(kec_ok, kec_all, "every kecamatan identified");
}

//! Every scenario can fail, and every way of being wrong is caught: the
//! whole suite runs against the faithful stub and against each deviation,
//! each time once with reads that answer at once and once with reads that
//! lag writes by 300 ms (contract row 152: no verdict may rest on a stale
//! read). Run as a user runs it, `kms-conformance selftest`.

mod support;

/// `(caught, of)` from `108 of 108 deviations caught alone`.
fn counts(part: &str) -> (usize, usize) {
    let words: Vec<&str> = part.split_whitespace().collect();
    let number = |at: usize| words[at].parse::<usize>().expect("a count");
    assert_eq!(words.get(1), Some(&"of"), "{part}");
    (number(0), number(2))
}

#[test]
fn every_deviation_is_caught_alone_and_with_lagging_reads_and_every_scenario_catches_one() {
    let output = support::run(&["selftest"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    assert_eq!(output.status.code(), Some(0), "{stdout}{stderr}");

    let holes: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("hole:") || l.starts_with("FAILS AGAINST THE FAITHFUL STUB"))
        .collect();
    assert!(holes.is_empty(), "{holes:#?}");
    // "108 of 108 deviations caught alone, 108 of 108 deviations caught lag
    // 300 ms; 134 of 134 scenarios caught at least one; 0 baseline failures"
    let summary = stdout
        .lines()
        .find(|l| l.ends_with("baseline failures"))
        .unwrap_or_else(|| panic!("no summary line:\n{stdout}"));
    let parts: Vec<&str> = summary.split("; ").collect();
    assert_eq!(parts.len(), 3, "{summary}");
    let per_lag: Vec<&str> = parts[0].split(", ").collect();
    assert_eq!(per_lag.len(), 2, "a run alone and one with lag: {summary}");
    assert!(per_lag[0].ends_with("caught alone"), "{summary}");
    assert!(per_lag[1].ends_with("caught lag 300 ms"), "{summary}");
    for part in per_lag {
        let (caught, of) = counts(part);
        assert!(
            of > 0 && caught == of,
            "deviations no scenario catches: {summary}"
        );
    }
    let (caught, of) = counts(parts[1]);
    assert!(
        of > 0 && caught == of,
        "scenarios no deviation makes fail: {summary}"
    );
    assert_eq!(
        parts[2], "0 baseline failures",
        "the faithful stub fails: {summary}"
    );
}

//! Tests of the data files: parsing, the shipped files, user files and their errors.

use super::*;

#[test]
fn a_plain_name_is_the_key_its_tokens_give() {
    for name in ["New York", "Kyiv", "Mohajer 6", "Über Stadt", "Ho Chi Minh City"] {
        assert!(is_plain_name(name), "{name}");
        assert_eq!(joined_tokens(name), name);
    }
    // anything the segmenter would cut or join goes the long way
    for name in ["U.S.", "Amir-Abdollahian", "Iran's", "Tehran’s", "Hong  Kong", " Kyiv", "Kyiv,"] {
        assert!(!is_plain_name(name), "{name}");
    }
    assert_eq!(name_key("Hong  Kong"), "Hong Kong");
}

#[test]
fn regular_verb_forms() {
    assert_eq!(verb_forms("supply"), ["supplies", "supplied", "supplying"]);
    assert_eq!(verb_forms("deliver"), ["delivers", "delivered", "delivering"]);
    assert_eq!(verb_forms("use"), ["uses", "used", "using"]);
    assert_eq!(verb_forms("press"), ["presses", "pressed", "pressing"]);
}

#[test]
fn a_shared_nationality_goes_to_the_curated_country_then_to_a_member_state() {
    let lexicon = Lexicon::shipped().expect("shipped data loads");
    let first = |name: &str| match lexicon.names[name][0] {
        NameTarget::Demonym(i) => lexicon.countries[i].alpha3.clone(),
        ref other => panic!("{name}: {other:?}"),
    };
    // the crate gives these to territories too; member states win
    assert_eq!(first("American"), "USA");
    assert_eq!(first("French"), "FRA");
    assert_eq!(first("Dutch"), "NLD");
    assert_eq!(first("Swedish"), "SWE");
    // both are member states: countries.tsv decides
    assert_eq!(first("Nigerian"), "NGA");
    assert_eq!(first("Dominican"), "DOM");
    assert_eq!(first("Nigerien"), "NER");
}

#[test]
fn shipped_data_loads_and_knows_the_seed_names() {
    let lexicon = Lexicon::shipped().expect("shipped data loads");
    let iran = lexicon.country("IRN").expect("Iran");
    assert_eq!(lexicon.countries[iran].label, "Iran");
    assert!(lexicon.names["Iranian"].contains(&NameTarget::Demonym(iran)));
    assert!(lexicon.names["Teheran"].contains(&NameTarget::Capital(iran)));
    assert!(lexicon.verbs.contains_key("transferred"));
    assert_eq!(lexicon.classes["Supply"].cameo.as_deref(), Some("07"));
    assert_eq!(lexicon.classes["Deny"].cameo.as_deref(), Some("01"));
    assert_eq!(lexicon.classes["Supply"].shortcut.as_deref(), Some("supplies"));
    assert_eq!(lexicon.classes["Supply"].shortcut_recipient.as_deref(), Some("suppliesTo"));
    assert!(lexicon.classes["Use"].cameo.is_none());
}

#[test]
fn shipped_files_are_sorted_without_repeats() {
    for (kind, file, text) in SHIPPED {
        let rows = parse_rows(file, text, *kind).expect("parses");
        let keys: Vec<(&str, &[String])> = rows.iter().map(|r| (r.fields[0].as_str(), &r.fields[..])).collect();
        for pair in keys.windows(2) {
            assert!(pair[0] < pair[1], "{file}: {:?} is not before {:?}", pair[0].1, pair[1].1);
        }
    }
}

#[test]
fn a_missing_version_line_is_reported_with_its_place() {
    let error = parse_rows("x.tsv", "# comment\nfoo\tbar\tbaz\n", DataKind::Words).unwrap_err();
    assert_eq!(error.to_string(), "x.tsv:2: expected the version line '@version 1', found \"foo\\tbar\\tbaz\"");
}

#[test]
fn a_short_row_is_reported_with_its_line() {
    let error = parse_rows("x.tsv", "@version 1\nfoo\tbar\n", DataKind::Words).unwrap_err();
    assert_eq!(error.to_string(), "x.tsv:2: expected 3 tab-separated columns, found 2");
}

#[test]
fn user_files_add_entries() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("mine.entities.tsv"),
        "@version 1\nAcme Drones	ORG		country=IRN	Acme Drones sent drones to Russia.\n",
    )
    .expect("write");
    let lexicon = Lexicon::with_extra(&[dir.path().to_owned()]).expect("loads");
    assert!(lexicon.names.contains_key("Acme Drones"));
}

#[test]
fn an_unknown_class_in_a_user_file_names_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("extra.verbs.tsv");
    std::fs::write(&path, "@version 1\n# c\nzap	Zap	act		Iran zapped Russia.\n").expect("write");
    let error = Lexicon::with_extra(&[dir.path().to_owned()]).unwrap_err().to_string();
    assert_eq!(error, format!("{}:3: event class ng:Zap is not in the ontology", path.display()));
}

#[test]
fn user_cue_and_object_files_add_entries_and_bad_ones_name_their_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("mine.cues.tsv"), "@version 1\nconvene\tlight\tIran convened talks with Russia.\n")
        .expect("write");
    std::fs::write(
        dir.path().join("mine.objects.tsv"),
        "@version 1\nSupply\tsatellite\tProvide\ttransfer\tIran gave a satellite to Russia.\n",
    )
    .expect("write");
    let lexicon = Lexicon::with_extra(&[dir.path().to_owned()]).expect("loads");
    assert!(lexicon.cue(Cue::Light).iter().any(|w| w == "convene"));
    let reading = lexicon.reading_by_object("give", "Supply", "Satellites").expect("a reading");
    assert!(lexicon.roles.iter().any(|r| r.class == "Attack" && r.role == "patient"));
    assert_eq!((reading.class.as_str(), reading.frame), ("Provide", Frame::Transfer));

    for (name, text, message) in [
        ("bad.cues.tsv", "@version 1\nzap\tzapping\tIran zapped Russia.\n", "unknown cue \"zapping\""),
        (
            "bad.objects.tsv",
            "@version 1\nsend\ttroop\tDeploy\tsideways\tRussia sent troops.\n",
            "unknown frame \"sideways\"",
        ),
        (
            "bad2.objects.tsv",
            "@version 1\nsend\ttroop\tZap\tuse\tRussia sent troops.\n",
            "event class ng:Zap is not in the ontology",
        ),
        (
            "bad.roles.tsv",
            "@version 1\nAttack\tvictim\tactor\tX hit Y.\n",
            "unknown role \"victim\" (agent, patient, theme, recipient, location, instrument)",
        ),
        (
            "bad2.roles.tsv",
            "@version 1\nAttack\tpatient\tidea\tX hit Y.\n",
            "unknown kind \"idea\" (actor, place, asset)",
        ),
    ] {
        let bad = tempfile::tempdir().expect("tempdir");
        let path = bad.path().join(name);
        std::fs::write(&path, text).expect("write");
        let error = Lexicon::with_extra(&[bad.path().to_owned()]).unwrap_err().to_string();
        assert_eq!(error, format!("{}:2: {message}", path.display()));
    }
}

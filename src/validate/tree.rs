//! Rules about the rows against the performance tree: `unknown-indicator`,
//! `indicator-renamed` and `target-mismatch` on each row; `missing-indicator`,
//! `duplicate-indicator` and `rollup-mismatch` across the file. Never matches rows
//! itself (the matcher did) and never sums values written in another unit than the
//! node's.

use super::values::unit_differs;
use super::{num, num_unit, Ctx, Row};
use crate::model::{Finding, Rule, Text};
use crate::normalize::{format_id, State, Value};
use crate::report::Record;
use crate::schema::{Kind, MatchKind, Node, Rollup, TargetValue};
use std::collections::HashMap;

/// unknown-indicator, indicator-renamed and target-mismatch for one (first) row.
pub(super) fn row(row: &Row<'_>, ctx: &mut Ctx<'_>) {
    let rec = row.rec;
    let at = row.indicator_cell();
    let cell = at.a1();
    let text = rec.indicator.text.trim();
    let Some(node) = row.node else {
        // A sub-item ("a. Pertanian", "1) …") is known by the label it stands under:
        // name it, so that the same item under two labels reads as two rows.
        let label = rec.statement.text.trim();
        let enumerated = text.split_whitespace().next().is_some_and(|w| {
            let mark = w.trim_end_matches(['.', ')']);
            w.len() > mark.len()
                && (1..=2).contains(&mark.len())
                && mark.chars().all(|c| c.is_ascii_alphanumeric())
        });
        let (under_id, under_en) = if !enumerated || label.is_empty() || label == text {
            (String::new(), String::new())
        } else {
            (
                format!(" (di bawah \"{label}\")"),
                format!(" (under \"{label}\")"),
            )
        };
        let msg = Text::new(
            format!(
                "Indikator \"{text}\"{under_id} di sel {cell} tidak ada dalam pohon kinerja. \
                 Periksa penulisannya, atau minta perencana kabupaten menambahkannya ke skema \
                 bila memang indikator baru."
            ),
            format!(
                "Indicator \"{text}\"{under_en} in cell {cell} is not in the performance tree. \
                 Check its wording, or ask the regency planner to add it to the schema if it \
                 is new."
            ),
        );
        ctx.push(Rule::UnknownIndicator, row, at, msg, text, "");
        return;
    };

    if let Some(m) = rec.matched.as_ref().filter(|m| m.kind != MatchKind::Exact) {
        let pct = format_id((m.confidence * 100.0).clamp(0.0, 100.0).round(), 0);
        let (how_id, how_en) = match m.kind {
            MatchKind::Alias => (
                format!("lewat nama lain yang tercatat di skema ({pct}% yakin)"),
                format!("through an alias recorded in the schema ({pct}% confidence)"),
            ),
            _ => (
                format!("karena mirip ({pct}% yakin)"),
                format!("by similarity ({pct}% confidence)"),
            ),
        };
        let msg = Text::new(
            format!(
                "Indikator di sel {cell} tertulis \"{text}\" dan dibaca sebagai \"{}\" {how_id}. \
                 Informasi saja: bila benar, gunakan nama baku ini pada laporan berikutnya; \
                 bila salah, perbaiki nama indikatornya.",
                node.indicator
            ),
            format!(
                "The indicator in cell {cell} reads \"{text}\" and was taken as \"{}\" {how_en}. \
                 Information only: if right, use the standard wording next time; if wrong, \
                 correct the indicator's name.",
                node.indicator
            ),
        );
        ctx.push(
            Rule::IndicatorRenamed,
            row,
            at,
            msg,
            text,
            node.indicator.clone(),
        );
    }

    target_mismatch(row, node, ctx);
}

/// target-mismatch: the sheet's target differs from the target agreed in the schema
/// for this kecamatan (or its default). A target written in another unit is left to
/// unit-mismatch; a missing one to missing-value.
fn target_mismatch(row: &Row<'_>, node: &Node, ctx: &mut Ctx<'_>) {
    let Some(agreed) = ctx.schema.agreed_target(node, ctx.kecamatan) else {
        return;
    };
    let t = &row.rec.target;
    let differs = match (&agreed, t.state) {
        (TargetValue::Number(a), State::Value) if !unit_differs(ctx.schema, node, t) => t
            .number
            .is_some_and(|n| (n - a).abs() > 1e-6 * a.abs().max(1.0)),
        (TargetValue::Grade(g), State::Grade) => t
            .grade
            .as_deref()
            .is_some_and(|x| !x.trim().eq_ignore_ascii_case(g.trim())),
        _ => false,
    };
    if !differs {
        return;
    }
    let expected = match &agreed {
        TargetValue::Number(a) => num_unit(*a, unit_shown(node)),
        TargetValue::Grade(g) => g.clone(),
    };
    let at = row.cell_of(t);
    let cell = at.a1();
    let raw = t.raw.trim();
    let whose = ctx.kecamatan.unwrap_or("kecamatan ini");
    let whose_en = ctx.kecamatan.unwrap_or("this kecamatan");
    let msg = Text::new(
        format!(
            "Target {} di sel {cell} tertulis {raw}, padahal target yang diperjanjikan \
             untuk {whose} adalah {expected}. Gunakan target perjanjian kinerja.",
            row.name()
        ),
        format!(
            "The target of {} in cell {cell} is {raw}, but the agreed target for \
             {whose_en} is {expected}. Use the performance agreement's target.",
            row.name()
        ),
    );
    ctx.push(Rule::TargetMismatch, row, at, msg, raw, expected);
}

/// The unit shown after a number of this node ("" for indices and grades).
fn unit_shown(node: &Node) -> &str {
    match node.kind {
        Kind::Percent => "%",
        Kind::Index | Kind::Grade => "",
        _ => node.unit.as_str(),
    }
}

/// missing-indicator, duplicate-indicator and rollup-mismatch across the file's rows.
pub(super) fn file(records: &[Record], ctx: &mut Ctx<'_>) {
    let schema = ctx.schema;
    let mut first: HashMap<&str, &Record> = HashMap::new();
    for rec in records {
        let Some(node) = rec.node_id().and_then(|id| schema.node(id)) else {
            continue;
        };
        match first.get(node.id.as_str()) {
            None => {
                first.insert(node.id.as_str(), rec);
            }
            Some(f) => duplicate(f, rec, node, ctx),
        }
    }

    for node in &schema.nodes {
        if node.rollup == Some(Rollup::Sum) {
            rollup(node, &first, ctx);
        }
    }

    // A file without rows (no table, unreadable) is reported as such, not as every
    // indicator missing.
    if records.is_empty() {
        return;
    }
    for node in schema.nodes.iter().filter(|n| n.required) {
        if first.contains_key(node.id.as_str()) {
            continue;
        }
        let msg = Text::new(
            format!(
                "Indikator wajib \"{}\" tidak ada di tabel. Tambahkan barisnya beserta target \
                 dan realisasinya.",
                node.indicator
            ),
            format!(
                "The required indicator \"{}\" has no row in the table. Add its row with \
                 target and realisasi.",
                node.indicator
            ),
        );
        ctx.findings.push(
            Finding::new(Rule::MissingIndicator, msg)
                .indicator(&node.id)
                .expected(node.indicator.clone()),
        );
    }
}

/// duplicate-indicator on the later row's indicator cell, when its values differ from
/// the first row's (the same values twice is a harmless repeat).
fn duplicate(first: &Record, later: &Record, node: &Node, ctx: &mut Ctx<'_>) {
    if same_value(&first.target, &later.target) && same_value(&first.realisasi, &later.realisasi) {
        return;
    }
    let row = Row {
        rec: later,
        node: Some(node),
    };
    let first_row = Row {
        rec: first,
        node: Some(node),
    };
    let at = row.indicator_cell();
    let first_at = first_row.indicator_cell();
    // Rows on two sheets are told apart by their sheets ("PK!C5", "Pengukuran!C5").
    let (cell, first_cell) = if at.sheet == first_at.sheet {
        (at.a1(), first_at.a1())
    } else {
        (qualified(&at), qualified(&first_at))
    };
    let msg = Text::new(
        format!(
            "Indikator \"{}\" dilaporkan dua kali dengan angka berbeda: baris {} (sel \
             {first_cell}: target {}, realisasi {}) dan baris {} (sel {cell}: target {}, \
             realisasi {}). Hapus baris yang salah; hanya baris pertama yang diperiksa.",
            node.indicator,
            first.row + 1,
            shown(&first.target),
            shown(&first.realisasi),
            later.row + 1,
            shown(&later.target),
            shown(&later.realisasi),
        ),
        format!(
            "Indicator \"{}\" is reported twice with different numbers: row {} (cell \
             {first_cell}: target {}, realisasi {}) and row {} (cell {cell}: target {}, \
             realisasi {}). Delete the wrong row; only the first one is checked.",
            node.indicator,
            first.row + 1,
            shown(&first.target),
            shown(&first.realisasi),
            later.row + 1,
            shown(&later.target),
            shown(&later.realisasi),
        ),
    );
    let found = later.indicator.text.trim().to_string();
    ctx.push(Rule::DuplicateIndicator, &row, at, msg, found, first_cell);
}

/// "Sheet!C5", the sheet quoted when its name needs it ("'Data Kinerja'!C5").
fn qualified(at: &crate::model::CellRef) -> String {
    let plain = at.sheet.chars().all(|c| c.is_alphanumeric() || c == '_');
    if plain {
        format!("{}!{}", at.sheet, at.a1())
    } else {
        format!("'{}'!{}", at.sheet.replace('\'', "''"), at.a1())
    }
}

fn shown(v: &Value) -> String {
    let raw = v.raw.trim();
    if raw.is_empty() {
        "-".to_string()
    } else {
        raw.to_string()
    }
}

fn same_value(a: &Value, b: &Value) -> bool {
    let num_eq = match (a.number, b.number) {
        (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * x.abs().max(1.0),
        (None, None) => true,
        _ => false,
    };
    a.state == b.state && num_eq && a.grade == b.grade
}

/// rollup-mismatch: a sum-rollup parent whose target or realisasi is not the sum of its
/// children's, judged only when the parent and every child have a number in the
/// node's unit. Points at the parent's cell; expected is the sum.
fn rollup(node: &Node, first: &HashMap<&str, &Record>, ctx: &mut Ctx<'_>) {
    let schema = ctx.schema;
    let Some(parent) = first.get(node.id.as_str()).copied() else {
        return;
    };
    let children: Vec<&Node> = schema.children(&node.id).collect();
    if children.is_empty() {
        return;
    }
    let mut child_recs = Vec::new();
    for c in &children {
        match first.get(c.id.as_str()) {
            Some(r) => child_recs.push((*c, *r)),
            None => return,
        }
    }
    let prow = Row {
        rec: parent,
        node: Some(node),
    };
    for (fid, fen, pick) in [
        (
            "Target",
            "Target",
            (|r: &Record| &r.target) as fn(&Record) -> &Value,
        ),
        ("Realisasi", "Realisasi", |r: &Record| &r.realisasi),
    ] {
        let pv = pick(parent);
        let Some(p) = usable(schema, node, pv) else {
            continue;
        };
        let mut sum = 0.0;
        let mut parts_id = Vec::new();
        let mut ok = true;
        for (c, r) in &child_recs {
            match usable(schema, c, pick(r)) {
                Some(n) => {
                    sum += n;
                    parts_id.push(format!("{} {}", r_name(r, c), num(n)));
                }
                None => ok = false,
            }
        }
        if !ok || (p - sum).abs() <= 1e-6 * sum.abs().max(1.0) {
            continue;
        }
        let at = prow.cell_of(pv);
        let cell = at.a1();
        let raw = pv.raw.trim();
        let expected = num_unit(sum, unit_shown(node));
        let parts = parts_id.join(" + ");
        let msg = Text::new(
            format!(
                "{fid} {} di sel {cell} tertulis {raw}, padahal jumlah dari rinciannya {expected} \
                 ({parts}). Perbaiki angka induk atau rinciannya.",
                prow.name()
            ),
            format!(
                "{fen} of {} in cell {cell} is {raw}, but its parts add up to {expected} \
                 ({parts}). Correct the total or its parts.",
                prow.name()
            ),
        );
        ctx.push(Rule::RollupMismatch, &prow, at, msg, raw, expected);
    }
}

/// A value's number when it can be summed: a number, in the node's unit.
fn usable(schema: &crate::schema::Schema, node: &Node, v: &Value) -> Option<f64> {
    if v.state != State::Value || unit_differs(schema, node, v) {
        return None;
    }
    v.number.filter(|n| n.is_finite())
}

fn r_name(r: &Record, node: &Node) -> String {
    Row {
        rec: r,
        node: Some(node),
    }
    .name()
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;
    use crate::schema::MatchKind;

    #[test]
    fn unknown_indicator_on_the_indicator_cell() {
        let r = run(
            vec![unmatched(
                10,
                "Jumlah surat keluar yang diarsipkan",
                "8",
                "5",
                "62,50%",
            )],
            &[],
        );
        assert_eq!(brief(&r), vec![b("unknown-indicator", "B10", "")]);
        let f = &r.findings[0];
        assert_eq!(f.found, "Jumlah surat keluar yang diarsipkan");
        assert_eq!(f.indicator_id, None);
        assert!(f.message.id.contains("tidak ada dalam pohon kinerja"));
        assert!(!f.message.id.contains("di bawah"));
    }

    #[test]
    fn an_unknown_sub_item_names_the_label_it_stands_under() {
        let mut a = unmatched(13, "a. Pertanian", "1", "1", "");
        a.statement = text_cell("Jumlah rumusan kebijakan bidang :", 12, 0);
        let mut b2 = unmatched(17, "a. Pertanian", "2", "2", "");
        b2.statement = text_cell("Jumlah dokumen data dan informasi sub sektor :", 16, 0);
        let r = run(vec![a, b2], &[]);
        let messages: Vec<&str> = r.findings.iter().map(|f| f.message.en.as_str()).collect();
        assert_eq!(messages.len(), 2);
        assert!(messages[0].starts_with(
            "Indicator \"a. Pertanian\" (under \"Jumlah rumusan kebijakan bidang :\") in cell B13"
        ));
        assert!(messages[1].contains("(under \"Jumlah dokumen data dan informasi sub sektor :\")"));
    }

    #[test]
    fn renamed_only_for_alias_and_fuzzy_matches() {
        let r = run(
            vec![
                rec(27, "usulan_jumlah", "65 usulan", "65 usulan", "100%"),
                renamed(
                    rec(28, "kuesioner", "300 orang", "300 orang", "100,00%"),
                    "Jumlah pengguna layanan yang mengisi kuesioner",
                    MatchKind::Alias,
                    0.95,
                    "Jumlah pengguna layanan yang mengisi kuesioner",
                ),
                renamed(
                    rec(29, "tim_sop", "1 tim", "1 tim", "100%"),
                    "Jumlah tim penyusun SOP",
                    MatchKind::Fuzzy,
                    0.874,
                    "Jumlah tim penyusunan SOP",
                ),
            ],
            &[],
        );
        assert_eq!(
            brief(&r),
            vec![
                b("indicator-renamed", "B28", "kuesioner"),
                b("indicator-renamed", "B29", "tim_sop"),
            ]
        );
        assert_eq!(
            r.findings[0].found,
            "Jumlah pengguna layanan yang mengisi kuesioner"
        );
        assert_eq!(r.findings[0].expected, "Jumlah kuesioner yang disebarkan");
        assert!(
            r.findings[1].message.id.contains("87% yakin"),
            "{}",
            r.findings[1].message.id
        );
        assert!(r.findings[1]
            .message
            .en
            .contains("\"Jumlah tim penyusunan SOP\""));
    }

    #[test]
    fn missing_indicator_names_the_required_node_only() {
        let r = run(
            vec![rec(20, "tim_sop", "1 tim", "1 tim", "100%")],
            &["tim_sop", "sop_pct"],
        );
        assert_eq!(brief(&r), vec![b("missing-indicator", "", "sop_pct")]);
        assert_eq!(r.findings[0].at, None);
        assert_eq!(
            r.findings[0].expected,
            "Persentase layanan yang memiliki SOP"
        );
        // Nothing required missing; and a file without rows gets no such findings.
        let r = run(
            vec![rec(20, "tim_sop", "1 tim", "1 tim", "100%")],
            &["tim_sop"],
        );
        assert!(r.findings.is_empty());
        let r = run(vec![], &["tim_sop"]);
        assert!(r.findings.is_empty());
    }

    #[test]
    fn duplicate_with_different_values_on_the_second_row_only() {
        let r = run(
            vec![
                rec(
                    21,
                    "pengaduan_belum_tl",
                    "2 pengaduan",
                    "0 pengaduan",
                    "200%",
                ),
                rec(
                    26,
                    "pengaduan_belum_tl",
                    "2 pengaduan",
                    "1 pengaduan",
                    "60%",
                ),
            ],
            &[],
        );
        // The second row's wrong capaian is not judged: only the duplicate.
        assert_eq!(
            brief(&r),
            vec![b("duplicate-indicator", "B26", "pengaduan_belum_tl")]
        );
        assert_eq!(r.findings[0].expected, "B21");
        assert!(
            r.findings[0]
                .message
                .id
                .contains("dua kali dengan angka berbeda: baris 21 (sel B21: target 2 pengaduan"),
            "{}",
            r.findings[0].message.id
        );
        let same = run(
            vec![
                rec(21, "tim_sop", "1 tim", "1 tim", "100%"),
                rec(26, "tim_sop", "1 tim", "1 tim", "100%"),
            ],
            &[],
        );
        assert!(same.findings.is_empty(), "{:?}", brief(&same));
    }

    /// The same indicator on two sheets: the message names each cell with its sheet.
    #[test]
    fn a_duplicate_on_another_sheet_names_both_sheets() {
        let mut other = rec(5, "tim_sop", "1 tim", "2 tim", "200%");
        other.sheet = "Data Kinerja".to_string();
        if let Some(at) = other.indicator.at.as_mut() {
            at.sheet = "Data Kinerja".to_string();
        }
        let r = run(
            vec![rec(5, "tim_sop", "1 tim", "1 tim", "100%"), other],
            &[],
        );
        let d = of(&r, "duplicate-indicator");
        assert_eq!(d.len(), 1, "{:?}", brief(&r));
        assert_eq!(d[0].expected, "'Tabel 3.1'!B5");
        assert!(
            d[0].message.en.contains(
                "row 5 (cell 'Tabel 3.1'!B5: target 1 tim, realisasi 1 tim) and row 5 (cell 'Data Kinerja'!B5"
            ),
            "{}",
            d[0].message.en
        );
    }

    #[test]
    fn rollup_mismatch_on_the_parent_cell_with_the_sum() {
        let r = run(
            vec![
                rec(10, "sarana", "9 unit", "8 unit", "88,89%"),
                rec(17, "sarana_pelayanan", "5 unit", "5 unit", "100%"),
                rec(19, "sarana_rentan", "3 unit", "3 unit", "100%"),
            ],
            &[],
        );
        let rm = of(&r, "rollup-mismatch");
        assert_eq!(rm.len(), 1, "{:?}", brief(&r));
        assert_eq!(rm[0].cell(), "D10");
        assert_eq!(rm[0].indicator_id.as_deref(), Some("sarana"));
        assert_eq!(rm[0].found, "9 unit");
        assert_eq!(rm[0].expected, "8 unit");
        assert!(
            rm[0]
                .message
                .id
                .contains("(sarana_pelayanan 5 + sarana_rentan 3)"),
            "{}",
            rm[0].message.id
        );
    }

    #[test]
    fn rollup_holds_or_cannot_be_judged() {
        let holds = run(
            vec![
                rec(10, "sarana", "6  unit", "6 unit", "100%"),
                rec(17, "sarana_pelayanan", "4 unit", "4 unit", "100%"),
                rec(19, "sarana_rentan", "2 unit", "2 unit", "100%"),
            ],
            &[],
        );
        assert!(holds.findings.is_empty(), "{:?}", brief(&holds));
        let child_missing = run(
            vec![
                rec(10, "sarana", "9 unit", "9 unit", "100%"),
                rec(17, "sarana_pelayanan", "4 unit", "4 unit", "100%"),
            ],
            &[],
        );
        assert!(of(&child_missing, "rollup-mismatch").is_empty());
        let child_blank = run(
            vec![
                rec(10, "sarana", "9 unit", "9 unit", "100%"),
                rec(17, "sarana_pelayanan", "4 unit", "4 unit", "100%"),
                rec(19, "sarana_rentan", "2 unit", "-", ""),
            ],
            &[],
        );
        let rm = of(&child_blank, "rollup-mismatch");
        assert_eq!(rm.len(), 1);
        assert_eq!(rm[0].cell(), "D10");
    }

    #[test]
    fn target_mismatch_against_agreed_targets() {
        let mut s = schema();
        for n in s.nodes.iter_mut() {
            n.required = false;
        }
        let ikm = s.nodes.iter_mut().find(|n| n.id == "ikm").unwrap();
        ikm.target = Some(TargetValue::Number(85.0));
        ikm.targets
            .insert("Pallangga".into(), TargetValue::Number(82.5));
        let sakip = s.nodes.iter_mut().find(|n| n.id == "sakip").unwrap();
        sakip.target = Some(TargetValue::Grade("BB".into()));
        let r = run_with(
            vec![
                rec(8, "ikm", "86,00", "86,00", "100%"),
                rec(9, "sakip", "A", "A", ""),
            ],
            &s,
        );
        assert_eq!(
            brief(&r),
            vec![
                b("target-mismatch", "D8", "ikm"),
                b("target-mismatch", "D9", "sakip")
            ]
        );
        assert_eq!(r.findings[0].found, "86,00");
        assert_eq!(r.findings[0].expected, "85");
        assert_eq!(r.findings[1].expected, "BB");
        assert!(r.findings[0].message.id.contains("untuk Bajeng adalah 85"));
        // The kecamatan's own agreed target wins over the default.
        let mut report = super::super::testkit::file(vec![rec(8, "ikm", "82,50", "82,50", "100%")]);
        report.kecamatan = Some("Pallangga".into());
        super::super::validate(&mut report, &s);
        assert!(report.findings.is_empty(), "{:?}", brief(&report));
        let ok = run_with(vec![rec(8, "ikm", "85,00 (Baik)", "85", "100%")], &s);
        assert!(ok.findings.is_empty(), "{:?}", brief(&ok));
    }
}

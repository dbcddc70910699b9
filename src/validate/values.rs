//! Rules on the values of one row, cell by cell: `unparseable`, `ambiguous-number`,
//! `missing-value`, `not-available`, `out-of-range` and `unit-mismatch`; and the row's
//! normalized unit. Never reads the remarks or other rows; never judges a value against
//! a range meant for another unit (a percent indicator filled with counts is a
//! unit-mismatch, not also an out-of-range).

use super::{canon_unit, num, num_dec, same_unit, Ctx, Row};
use crate::model::{CellRef, Rule, Text};
use crate::normalize::{Cause, State, Value};
use crate::report::Record;
use crate::schema::{Kind, Node, Schema};

/// Which value of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Target,
    Realisasi,
    Capaian,
}

impl Field {
    fn id(self) -> &'static str {
        match self {
            Field::Target => "Target",
            Field::Realisasi => "Realisasi",
            Field::Capaian => "Capaian",
        }
    }

    fn en(self) -> &'static str {
        match self {
            Field::Target => "Target",
            Field::Realisasi => "Realisasi",
            Field::Capaian => "Capaian",
        }
    }
}

/// The unit of a row after normalization: the canonical spelling of what the sheet
/// wrote (Satuan column, then the unit typed with the target, then with the
/// realisasi), else the node's canonical unit; None for an unmatched row that wrote
/// no unit.
pub(super) fn normalized_unit(
    rec: &Record,
    node: Option<&Node>,
    schema: &Schema,
) -> Option<String> {
    let written = [
        rec.unit.text.as_str(),
        rec.target.unit.as_deref().unwrap_or(""),
        rec.realisasi.unit.as_deref().unwrap_or(""),
    ];
    written
        .iter()
        .find_map(|w| canon_unit(schema, w))
        .or_else(|| node.and_then(|n| canon_unit(schema, &n.unit)))
}

/// The node's unit, canonical.
pub(super) fn expected_unit(schema: &Schema, node: &Node) -> String {
    canon_unit(schema, &node.unit).unwrap_or_default()
}

/// Whether a value carries a unit other than the node's (a value with no unit agrees).
pub(super) fn unit_differs(schema: &Schema, node: &Node, v: &Value) -> bool {
    match v.unit.as_deref().and_then(|u| canon_unit(schema, u)) {
        Some(u) => !same_unit(&u, &expected_unit(schema, node)),
        None => false,
    }
}

pub(super) fn check(row: &Row<'_>, ctx: &mut Ctx<'_>) {
    let rec = row.rec;
    for (field, v) in [
        (Field::Target, &rec.target),
        (Field::Realisasi, &rec.realisasi),
        (Field::Capaian, &rec.capaian),
    ] {
        state(row, field, v, ctx);
        if v.ambiguous && v.state == State::Value {
            ambiguous(row, field, v, ctx);
        }
    }
    if let Some(node) = row.node {
        for (field, v) in [
            (Field::Target, &rec.target),
            (Field::Realisasi, &rec.realisasi),
        ] {
            out_of_range(row, node, field, v, ctx);
        }
        // Each quarter's K, the same bounds (a count of 1,5 orang shown as "2" by the
        // cell's format); a year made from the quarters already spoke for its cell.
        for q in &rec.quarters {
            if let Some(v) = q.realisasi.as_ref().filter(|v| v.at != rec.realisasi.at) {
                out_of_range(row, node, Field::Realisasi, v, ctx);
            }
        }
        unit_mismatch(row, node, ctx);
    }
}

/// missing-value and not-available (target and realisasi only: a blank capaian is
/// computed, not reported), unparseable (any of the three).
fn state(row: &Row<'_>, field: Field, v: &Value, ctx: &mut Ctx<'_>) {
    let at = row.cell_of(v);
    let cell = at.a1();
    let name = row.name();
    let raw = v.raw.trim();
    match (v.state, field) {
        // No such column at all (a table of targets only): the file-level target-only
        // note says it once, not once per row.
        (State::Missing, Field::Realisasi) if v.at.is_none() => {}
        // No target either: nothing was to be achieved, or both are missing; one
        // finding, at the target (a plan's "-" for a year before its targets start).
        (State::Missing, Field::Realisasi) if row.rec.target.state == State::Missing => {}
        (State::Missing, Field::Target)
            if row.rec.realisasi.state == State::Missing && row.rec.realisasi.at.is_some() =>
        {
            let both = row.cell_of(&row.rec.realisasi).a1();
            let msg = Text::new(
                format!(
                    "Target dan realisasi {name} kosong atau \"-\" (sel {cell} dan {both}). Bila indikator ini tidak ditargetkan tahun ini, biarkan; bila ditargetkan, isi angka target yang diperjanjikan dan realisasinya."
                ),
                format!(
                    "Target and realisasi of {name} are blank or \"-\" (cells {cell} and {both}). If the indicator has no target this year, leave them; if it has, fill in the agreed target and its realisasi."
                ),
            );
            let found = if raw.is_empty() { "" } else { raw };
            ctx.push(Rule::MissingValue, row, at, msg, found, "");
        }
        (State::Missing, Field::Target | Field::Realisasi) => {
            let (what_id, what_en) = match field {
                Field::Target => (
                    "Isi angka target yang diperjanjikan",
                    "Fill in the agreed target",
                ),
                _ => (
                    "Isi angka realisasi (tulis 0 bila memang belum ada yang tercapai)",
                    "Fill in the realisasi (write 0 if nothing was achieved)",
                ),
            };
            let msg = Text::new(
                format!(
                    "{} {} kosong atau \"-\" di sel {cell}. {what_id}.",
                    field.id(),
                    name
                ),
                format!(
                    "{} of {} is blank or \"-\" in cell {cell}. {what_en}.",
                    field.en(),
                    name
                ),
            );
            let found = if raw.is_empty() { "" } else { raw };
            ctx.push(Rule::MissingValue, row, at, msg, found, "");
        }
        (State::NotAvailable, Field::Target | Field::Realisasi) => {
            if let Some(Cause::ErrorValue { code }) = &v.cause {
                // "#N/A" stored by a formula: a failed lookup, not a deliberate "N/A".
                let (why_id, why_en) = error_meaning(code);
                let msg = Text::new(
                    format!(
                        "{} {} di sel {cell} berisi galat Excel {code}: {why_id}. Isi angkanya \
                         langsung, atau tulis \"N/A\" dan alasannya di keterangan bila memang \
                         belum tersedia.",
                        field.id(),
                        name
                    ),
                    format!(
                        "{} of {} in cell {cell} holds the Excel error {code}: {why_en}. Type \
                         the number, or write \"N/A\" and the reason in the remarks if it is \
                         not yet available.",
                        field.en(),
                        name
                    ),
                );
                ctx.push(Rule::NotAvailable, row, at, msg, raw, "");
                return;
            }
            let msg = Text::new(
                format!(
                    "{} {} ditulis \"{raw}\" (tidak tersedia) di sel {cell}. Informasi saja: \
                     pastikan alasannya tertulis di kolom keterangan, dan isi angkanya bila \
                     sudah ada.",
                    field.id(),
                    name
                ),
                format!(
                    "{} of {} is \"{raw}\" (not available) in cell {cell}. Information only: \
                     make sure the remarks say why, and fill in the number once known.",
                    field.en(),
                    name
                ),
            );
            ctx.push(Rule::NotAvailable, row, at, msg, raw, "");
        }
        // A verdict ("Tercapai") is the clerk's capaian in words: `capaian` checks it.
        (State::Unparseable, Field::Capaian) if crate::normalize::verdict(raw).is_some() => {}
        (State::Unparseable, _) => {
            let msg = match v
                .cause
                .as_ref()
                .and_then(|cause| unparseable_because(cause, field, &name, &cell))
            {
                Some(msg) => msg,
                None => Text::new(
                    format!(
                        "{} {} di sel {cell} tidak dapat dibaca: \"{raw}\" bukan angka, \
                         predikat, \"-\" atau \"N/A\". Tulis angkanya saja, misalnya 85,00 \
                         atau 6 unit.",
                        field.id(),
                        name
                    ),
                    format!(
                        "{} of {} in cell {cell} cannot be read: \"{raw}\" is not a number, a \
                         grade, \"-\" or \"N/A\". Write just the number, e.g. 85,00 or 6 unit.",
                        field.en(),
                        name
                    ),
                ),
            };
            let expected = match &v.cause {
                Some(Cause::DateTime { typed, .. }) => typed.clone(),
                _ => String::new(),
            };
            ctx.push(Rule::Unparseable, row, at, msg, raw, expected);
        }
        // A formula whose result the file did not save, evaluated here: the number is
        // used, but the clerk is asked to save the file so every reader sees it.
        (State::Value, Field::Target | Field::Realisasi) => {
            if let Some(Cause::Formula {
                formula,
                computed: Some(n),
            }) = &v.cause
            {
                let shown = num(*n);
                let msg = Text::new(
                    format!(
                        "{} {} di sel {cell} adalah rumus tanpa hasil tersimpan (={formula}): \
                         berkas ini disimpan oleh program lain, sehingga nilainya tidak ada di \
                         berkas. kinerja menghitungnya sendiri menjadi {shown}. Buka dan simpan \
                         ulang berkas di Excel agar hasilnya tersimpan.",
                        field.id(),
                        name
                    ),
                    format!(
                        "{} of {} in cell {cell} is a formula with no saved result (={formula}): \
                         the file was saved by a program that did not store it. kinerja \
                         computed it as {shown}. Open and save the file in Excel so the result \
                         is stored.",
                        field.en(),
                        name
                    ),
                );
                ctx.push(Rule::MissingValue, row, at, msg, raw, shown);
            }
        }
        _ => {}
    }
}

/// Whether target and realisasi are written with two different unit words ("1 Unit" /
/// "1 buah", "2 pengaduan" / "0 kasus"). The same word in another case or cut short is
/// the same word ("dok" / "Dok" / "dokumen"). A side without a unit word agrees.
pub(super) fn different_unit_words(target_unit: &str, realisasi_unit: &str) -> bool {
    let word = |u: &str| u.trim().trim_end_matches('.').trim().to_lowercase();
    let (t, r) = (word(target_unit), word(realisasi_unit));
    if t.is_empty() || r.is_empty() || t == r {
        return false;
    }
    let (short, long) = if t.len() <= r.len() {
        (&t, &r)
    } else {
        (&r, &t)
    };
    let abbreviation = short.chars().count() >= 3 && long.starts_with(short.as_str());
    !abbreviation
}

/// Whether a row's target and realisasi carry different units (canonical units, or two
/// unit words): their ratio is no capaian, so no capaian-mismatch is judged on it.
pub(super) fn pair_units_differ(schema: &Schema, rec: &Record) -> bool {
    let t = rec.target.unit.as_deref().unwrap_or("");
    let r = rec.realisasi.unit.as_deref().unwrap_or("");
    let canon_differs = match (canon_unit(schema, t), canon_unit(schema, r)) {
        (Some(a), Some(b)) => !same_unit(&a, &b),
        _ => false,
    };
    canon_differs || different_unit_words(t, r)
}

/// unit-mismatch at the realisasi cell for two unit words, even when both are accepted
/// spellings of the node's unit: a reader of the consolidated table cannot tell that
/// "1 Unit" and "1 buah" count the same thing.
fn unit_words_differ(row: &Row<'_>, node: &Node, ctx: &mut Ctx<'_>) {
    let rec = row.rec;
    let at = row.cell_of(&rec.realisasi);
    let cell = at.a1();
    let (t, r) = (rec.target.raw.trim(), rec.realisasi.raw.trim());
    let t_cell = row.cell_of(&rec.target).a1();
    let msg = Text::new(
        format!(
            "{}: target \"{t}\" (sel {t_cell}) dan realisasi \"{r}\" (sel {cell}) ditulis \
             dengan kata satuan yang berbeda. Meskipun keduanya bisa berarti satuan \"{}\", \
             pakai satu kata satuan yang sama untuk target dan realisasi.",
            row.name(),
            node.unit
        ),
        format!(
            "{}: target \"{t}\" (cell {t_cell}) and realisasi \"{r}\" (cell {cell}) are \
             written with different unit words. Even if both can mean the unit \"{}\", use \
             one and the same unit word for target and realisasi.",
            row.name(),
            node.unit
        ),
    );
    let expected = rec.target.unit.clone().unwrap_or_default();
    ctx.push(Rule::UnitMismatch, row, at, msg, r, expected);
}

/// The unparseable message for a cell whose cause is known: a date/time format, a
/// formula with no saved result, an error value.
fn unparseable_because(cause: &Cause, field: Field, name: &str, cell: &str) -> Option<Text> {
    Some(match cause {
        Cause::DateTime { shown, typed } => Text::new(
            format!(
                "{} {name} di sel {cell} berformat tanggal/jam, sehingga tampil sebagai \
                 {shown} dan tidak dapat dibaca sebagai angka. Kemungkinan yang diketik adalah \
                 {typed}: ubah format sel menjadi Angka (Number) lalu ketik ulang angkanya.",
                field.id()
            ),
            format!(
                "{} of {name} in cell {cell} is formatted as a date/time, so it shows {shown} \
                 and cannot be read as a number. What was typed was probably {typed}: set the \
                 cell's format to Number and type the figure again.",
                field.en()
            ),
        ),
        Cause::Formula { formula, .. } => Text::new(
            format!(
                "{} {name} di sel {cell} adalah rumus tanpa hasil tersimpan (={formula}) yang \
                 tidak dapat dihitung di sini. Buka dan simpan ulang berkas di Excel agar \
                 hasilnya tersimpan, lalu kirim ulang.",
                field.id()
            ),
            format!(
                "{} of {name} in cell {cell} is a formula with no saved result (={formula}) \
                 that cannot be evaluated here. Open and save the file in Excel so the result \
                 is stored, then send it again.",
                field.en()
            ),
        ),
        Cause::ErrorValue { code } => {
            let (why_id, why_en) = error_meaning(code);
            Text::new(
                format!(
                    "{} {name} di sel {cell} berisi galat Excel {code}: {why_id}. Ini bukan \
                     angka yang dilaporkan; perbaiki rumusnya atau tulis angkanya langsung.",
                    field.id()
                ),
                format!(
                    "{} of {name} in cell {cell} holds the Excel error {code}: {why_en}. It is \
                     not a reported figure; fix the formula or type the number.",
                    field.en()
                ),
            )
        }
        // A ratio reads as a number, never unparseable: no words of its own.
        Cause::Ratio { .. } => return None,
    })
}

/// What an Excel error value means, in words a clerk can act on.
pub(super) fn error_meaning(code: &str) -> (&'static str, &'static str) {
    match code.trim().to_ascii_uppercase().as_str() {
        "#DIV/0!" => (
            "rumusnya membagi dengan nol (biasanya target 0 atau kosong)",
            "the formula divides by zero (usually a target of 0 or blank)",
        ),
        "#REF!" => (
            "rumusnya merujuk ke sel yang sudah dihapus",
            "the formula refers to a cell that was deleted",
        ),
        "#N/A" => (
            "pencarian (lookup) rumusnya tidak menemukan nilai",
            "the formula's lookup found no value",
        ),
        "#VALUE!" => (
            "rumusnya menghitung dengan teks, bukan angka",
            "the formula calculates with text instead of numbers",
        ),
        "#NAME?" => (
            "rumusnya memakai nama atau fungsi yang tidak dikenal",
            "the formula uses an unknown name or function",
        ),
        "#NUM!" => (
            "hasil rumusnya bukan angka yang sah",
            "the formula's result is not a valid number",
        ),
        "#NULL!" => (
            "rentang dalam rumusnya tidak bertemu",
            "the ranges in the formula do not intersect",
        ),
        _ => ("rumusnya gagal dihitung", "the formula failed to calculate"),
    }
}

/// ambiguous-number: the normalizer could not tell thousands from decimals ("1.500").
/// Expected shows both readings so the clerk can pick.
fn ambiguous(row: &Row<'_>, field: Field, v: &Value, ctx: &mut Ctx<'_>) {
    let at = row.cell_of(v);
    let cell = at.a1();
    let raw = v.raw.trim();
    let expected = readings(raw)
        .map(|(dec, thou)| format!("{} / {}", num_dec(dec, 3), num(thou)))
        .unwrap_or_default();
    let msg = Text::new(
        format!(
            "{} {} di sel {cell} (\"{raw}\") bisa dibaca dua cara: titik sebagai pemisah \
             ribuan atau sebagai desimal. Tulis dengan jelas: koma untuk desimal (1,5) dan \
             titik untuk ribuan (1.500).",
            field.id(),
            row.name()
        ),
        format!(
            "{} of {} in cell {cell} (\"{raw}\") reads two ways: the dot as a thousands or \
             as a decimal separator. Write it unambiguously: comma for decimals (1,5), dot \
             for thousands (1.500).",
            field.en(),
            row.name()
        ),
    );
    ctx.push(Rule::AmbiguousNumber, row, at, msg, raw, expected);
}

/// The two readings of "1.500": (1.5, 1500). None when the text has no such number.
fn readings(raw: &str) -> Option<(f64, f64)> {
    let start = raw.find(|c: char| c.is_ascii_digit())?;
    let token: String = raw
        .get(start..)?
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let token = token.trim_end_matches('.');
    if !token.contains('.') {
        return None;
    }
    let thousands = token.replace('.', "").parse::<f64>().ok()?;
    let decimal = if token.matches('.').count() == 1 {
        token.parse::<f64>().ok()?
    } else {
        thousands
    };
    Some((decimal, thousands))
}

/// out-of-range: a number outside the node's [min, max], or a count that is not a whole
/// number ("1,5 orang": usually "1.500" read the English way somewhere upstream). A
/// negative number is never possible for these indicators, so min defaults to 0. Skipped
/// for a value written in another unit than the node's (unit-mismatch says it).
fn out_of_range(row: &Row<'_>, node: &Node, field: Field, v: &Value, ctx: &mut Ctx<'_>) {
    if v.state != State::Value || node.kind == Kind::Grade || unit_differs(ctx.schema, node, v) {
        return;
    }
    let Some(n) = v.number else { return };
    let min = node.min.unwrap_or(0.0);
    let max = node.max;
    let low = n < min - 1e-9;
    let high = max.is_some_and(|m| n > m + 1e-9);
    let fractional = node.kind == Kind::Count && (n - n.round()).abs() > 1e-9;
    if !(low || high) {
        if fractional {
            whole_number_expected(row, field, v, n, ctx);
        }
        return;
    }
    let expected = match max {
        Some(m) => format!("{}–{}", num(min), num(m)),
        None => format!("≥ {}", num(min)),
    };
    let at = row.cell_of(v);
    let cell = at.a1();
    let raw = v.raw.trim();
    let (why_id, why_en) = if low && min == 0.0 {
        (
            "tidak boleh negatif".to_string(),
            "cannot be negative".to_string(),
        )
    } else if low {
        (
            format!("tidak boleh kurang dari {}", num(min)),
            format!("cannot be below {}", num(min)),
        )
    } else {
        (
            format!("tidak boleh lebih dari {}", expected_max(max)),
            format!("cannot exceed {}", expected_max(max)),
        )
    };
    let msg = Text::new(
        format!(
            "{} {} di sel {cell} bernilai {raw}, padahal nilainya {why_id}. Periksa dan \
             perbaiki angkanya.",
            field.id(),
            row.name()
        ),
        format!(
            "{} of {} in cell {cell} is {raw}, but it {why_en}. Check and correct the \
             number.",
            field.en(),
            row.name()
        ),
    );
    ctx.push(Rule::OutOfRange, row, at, msg, raw, expected);
}

/// out-of-range for a count that is not a whole number.
fn whole_number_expected(row: &Row<'_>, field: Field, v: &Value, n: f64, ctx: &mut Ctx<'_>) {
    let at = row.cell_of(v);
    let cell = at.a1();
    let raw = v.raw.trim();
    let msg = Text::new(
        format!(
            "{} {} di sel {cell} bernilai {raw}, padahal indikator ini menghitung jumlah \
             (bilangan bulat). Periksa apakah angkanya terbaca dengan pemisah ribuan yang \
             salah (misalnya 1.500 yang dibaca 1,5), lalu perbaiki.",
            field.id(),
            row.name()
        ),
        format!(
            "{} of {} in cell {cell} is {raw}, but this indicator counts things (a whole \
             number). Check whether a thousands separator was misread (e.g. 1.500 read as \
             1.5), then correct it.",
            field.en(),
            row.name()
        ),
    );
    // The whole numbers on either side: which one (or a thousands reading) is right is
    // for the clerk to say.
    let expected = format!("{} / {}", num(n.floor()), num(n.ceil()));
    ctx.push(Rule::OutOfRange, row, at, msg, raw, expected);
}

fn expected_max(max: Option<f64>) -> String {
    max.map(num).unwrap_or_default()
}

/// unit-mismatch: a unit written (Satuan column, or typed with the target or the
/// realisasi) that is not the node's unit, including a "Persentase …" indicator filled
/// with counts. One finding per row, on the realisasi cell if its unit is wrong, else
/// the target cell, else the Satuan cell. A unit written nowhere is fine, and so is a
/// percent written without "%".
fn unit_mismatch(row: &Row<'_>, node: &Node, ctx: &mut Ctx<'_>) {
    let rec = row.rec;
    let schema = ctx.schema;
    let expected = expected_unit(schema, node);
    let differs = |w: &str| canon_unit(schema, w).is_some_and(|u| !same_unit(&u, &expected));
    let r_unit = rec.realisasi.unit.as_deref().unwrap_or("");
    let t_unit = rec.target.unit.as_deref().unwrap_or("");
    let col_unit = rec.unit.text.as_str();
    let (at, found): (CellRef, &str) = if differs(r_unit) {
        (row.cell_of(&rec.realisasi), rec.realisasi.raw.trim())
    } else if differs(t_unit) {
        (row.cell_of(&rec.target), rec.target.raw.trim())
    } else if differs(col_unit) {
        (row.text_cell(&rec.unit), col_unit.trim())
    } else {
        if different_unit_words(t_unit, r_unit) {
            unit_words_differ(row, node, ctx);
        }
        return;
    };
    let cell = at.a1();
    // What the sheet wrote, cell by cell: kolom satuan "Orang", target "64 usulan",
    // realisasi "57 kegiatan".
    let mut parts_id: Vec<String> = Vec::new();
    let mut parts_en: Vec<String> = Vec::new();
    if !col_unit.trim().is_empty() {
        parts_id.push(format!("kolom satuan \"{}\"", col_unit.trim()));
        parts_en.push(format!("unit column \"{}\"", col_unit.trim()));
    }
    for (name, v, w) in [
        ("target", &rec.target, t_unit),
        ("realisasi", &rec.realisasi, r_unit),
    ] {
        if !w.trim().is_empty() {
            parts_id.push(format!("{name} \"{}\"", v.raw.trim()));
            parts_en.push(format!("{name} \"{}\"", v.raw.trim()));
        }
    }
    let written = parts_id.join(", ");
    let written_en = parts_en.join(", ");
    let (id, en) = if node.kind == Kind::Percent {
        (
            format!(
                "{} adalah indikator persentase, tetapi diisi dengan {written} (sel \
                 {cell}). Tulis target dan realisasi dalam persen (%), misalnya 58,46%.",
                row.name()
            ),
            format!(
                "{} is a percentage indicator but is filled in as {written_en} (cell {cell}). \
                 Write target and realisasi as percentages (%), e.g. 58,46%.",
                row.name()
            ),
        )
    } else {
        (
            format!(
                "{} tertulis dengan {written} (sel {cell}), padahal satuan indikator ini \
                 \"{}\". Samakan satuan target dan realisasi dengan \"{}\".",
                row.name(),
                node.unit,
                node.unit
            ),
            format!(
                "{} is written as {written_en} (cell {cell}), but this indicator's unit is \
                 \"{}\". Use \"{}\" for both target and realisasi.",
                row.name(),
                node.unit,
                node.unit
            ),
        )
    };
    ctx.push(
        Rule::UnitMismatch,
        row,
        at,
        Text::new(id, en),
        found,
        node.unit.clone(),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;

    #[test]
    fn missing_and_not_available_point_at_their_cells() {
        let r = run(
            vec![
                rec(22, "maklumat", "1 dokumen", "-", "0%"),
                rec(23, "tim_sop", "", "1 tim", ""),
                rec(28, "sakip", "BB", "N/A", "N/A"),
            ],
            &[],
        );
        assert_eq!(
            brief(&r),
            vec![
                b("missing-value", "E22", "maklumat"),
                b("missing-value", "D23", "tim_sop"),
                b("not-available", "E28", "sakip"),
            ]
        );
        assert_eq!(r.findings[0].found, "-");
        assert_eq!(r.findings[0].expected, "");
        assert!(r.findings[0]
            .message
            .id
            .contains("kosong atau \"-\" di sel E22"));
        assert_eq!(r.findings[2].found, "N/A");
        assert!(r.findings[2].message.en.contains("not available"));
    }

    #[test]
    fn a_quarter_holding_half_a_count_is_out_of_range_at_its_cell() {
        let mut r = rec(11, "sop_disusun", "14", "6", "");
        r.quarters = ["1,5", "1,5", "1,5", "1,5"]
            .iter()
            .enumerate()
            .map(|(i, t)| crate::report::QuarterValues {
                realisasi: Some(cell_val(t, 11, 7 + i as u32)),
                ..Default::default()
            })
            .collect();
        let r = run(vec![r], &[]);
        let cells: Vec<String> = of(&r, "out-of-range").iter().map(|f| f.cell()).collect();
        assert_eq!(cells, ["H11", "I11", "J11", "K11"]);
        // A whole count per quarter says nothing.
        let mut ok = rec(12, "sop_disusun", "14", "6", "");
        ok.quarters = vec![crate::report::QuarterValues {
            realisasi: Some(cell_val("3", 12, 7)),
            ..Default::default()
        }];
        assert!(of(&run(vec![ok], &[]), "out-of-range").is_empty());
    }

    #[test]
    fn no_target_and_no_realisasi_is_one_finding_at_the_target() {
        let r = run(vec![rec(9, "maklumat", "-", "-", "")], &[]);
        assert_eq!(brief(&r), vec![b("missing-value", "D9", "maklumat")]);
        assert!(r.findings[0]
            .message
            .en
            .contains("(cells D9 and E9). If the indicator has no target this year, leave them"));
    }

    #[test]
    fn unparseable_on_any_value_cell() {
        let r = run(
            vec![rec(
                26,
                "usulan_jumlah",
                "65 usulan",
                "belum dihitung",
                "??",
            )],
            &[],
        );
        assert_eq!(
            brief(&r),
            vec![
                b("unparseable", "E26", "usulan_jumlah"),
                b("unparseable", "F26", "usulan_jumlah"),
            ]
        );
        assert_eq!(r.findings[0].found, "belum dihitung");
    }

    #[test]
    fn unparseable_rows_that_matched_nothing_are_still_read() {
        let r = run(vec![unmatched(30, "Jumlah surat", "8 surat", "x", "")], &[]);
        assert_eq!(
            brief(&r),
            vec![
                b("unknown-indicator", "B30", ""),
                b("unparseable", "E30", "")
            ]
        );
    }

    #[test]
    fn ambiguous_number_only_when_the_flag_stays() {
        let mut row = rec(28, "kuesioner", "1.500 orang", "1.500 orang", "100%");
        row.target.number = Some(1500.0);
        row.realisasi.number = Some(1500.0);
        row.realisasi.ambiguous = true;
        let r = run(vec![row], &[]);
        assert_eq!(brief(&r), vec![b("ambiguous-number", "E28", "kuesioner")]);
        assert_eq!(r.findings[0].found, "1.500 orang");
        assert_eq!(r.findings[0].expected, "1,5 / 1.500");
        assert_eq!(readings("1.250.000"), Some((1_250_000.0, 1_250_000.0)));
        assert_eq!(readings("12"), None);
    }

    #[test]
    fn out_of_range_fires_on_impossible_values_only() {
        let r = run(
            vec![
                rec(10, "sop_pct", "100%", "150%", "150%"),
                rec(18, "maklumat", "1 dokumen", "-1 dokumen", "-100%"),
                rec(8, "ikm", "85", "101", "118,82%"),
                rec(11, "sp_pct", "100", "100", "100%"),
                rec(12, "kuesioner", "1500 orang", "2000 orang", "133,33%"),
            ],
            &[],
        );
        assert_eq!(
            cell_found_expected(&r, "out-of-range"),
            vec![
                ("E8".into(), "101".into(), "0–100".into()),
                ("E10".into(), "150%".into(), "0–100".into()),
                ("E18".into(), "-1 dokumen".into(), "≥ 0".into()),
            ]
        );
        let oor = of(&r, "out-of-range");
        assert!(oor[2].message.id.contains("tidak boleh negatif"));
        assert!(oor[1].message.id.contains("tidak boleh lebih dari 100"));
    }

    #[test]
    fn a_count_that_is_not_whole_is_out_of_range() {
        let r = run(
            vec![
                rec(12, "kuesioner", "1,5 orang", "1,4 orang", "93,33%"),
                rec(13, "sop_disusun", "11 SOP", "11 SOP", "100%"),
                rec(8, "ikm", "85", "82,71", "97,31%"),
            ],
            &[],
        );
        assert_eq!(
            cell_found_expected(&r, "out-of-range"),
            vec![
                ("D12".into(), "1,5 orang".into(), "1 / 2".into()),
                ("E12".into(), "1,4 orang".into(), "1 / 2".into()),
            ]
        );
    }

    #[test]
    fn percent_indicator_filled_with_counts_is_a_unit_mismatch_not_out_of_range() {
        let r = run(
            vec![rec(15, "usulan_pct", "165 usulan", "138 usulan", "83,64%")],
            &[],
        );
        assert_eq!(
            brief(&r),
            vec![
                b("unit-mismatch", "E15", "usulan_pct"),
                b("below-target", "E15", "usulan_pct")
            ]
        );
        let f = &r.findings[0];
        assert_eq!(f.found, "138 usulan");
        assert_eq!(f.expected, "%");
        assert!(
            f.message.id.contains("indikator persentase"),
            "{}",
            f.message.id
        );
    }

    #[test]
    fn unit_mismatch_between_target_and_realisasi_or_against_the_node() {
        let r = run(
            vec![
                rec(24, "usulan_jumlah", "64 usulan", "57 kegiatan", "89,06%"),
                rec(25, "maklumat", "1 dokumen", "100%", "100%"),
                rec(26, "sop_disusun", "11 unit", "11", "100%"),
                unit_col(rec(27, "tim_sop", "1", "1", "100%"), "Orang"),
            ],
            &[],
        );
        assert_eq!(
            cell_found_expected(&r, "unit-mismatch"),
            vec![
                ("E24".into(), "57 kegiatan".into(), "usulan".into()),
                ("E25".into(), "100%".into(), "dokumen".into()),
                ("D26".into(), "11 unit".into(), "SOP".into()),
                ("C27".into(), "Orang".into(), "tim".into()),
            ]
        );
        let first = &of(&r, "unit-mismatch")[0];
        assert!(
            first.message.id.contains(
                "tertulis dengan target \"64 usulan\", realisasi \"57 kegiatan\" (sel E24)"
            ),
            "{}",
            first.message.id
        );
    }

    #[test]
    fn units_that_agree_are_fine() {
        let r = run(
            vec![
                rec(19, "fkp_unsur", "5 unsur masyarakat", "5 Unsur", "100%"),
                rec(20, "sop_pct", "100", "100%", "100%"),
                rec(21, "maklumat", "1 Dok.", "1 dokumen", "100%"),
                rec(22, "sop_disusun", "11", "11", "100%"),
                unit_col(rec(23, "sp_pct", "100", "100", "100%"), "Persen"),
            ],
            &[],
        );
        assert!(r.findings.is_empty(), "{:?}", brief(&r));
        assert_eq!(r.records[0].unit_normalized.as_deref(), Some("unsur"));
        assert_eq!(r.records[2].unit_normalized.as_deref(), Some("dokumen"));
        assert_eq!(r.records[3].unit_normalized.as_deref(), Some("SOP"));
    }
}

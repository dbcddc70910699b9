//! `keterangan-conflict`: numbers with units in the remarks (Keterangan) that contradict
//! the row's target or realisasi. Remarks are free text full of numbers that mean other
//! things ("Kec. Bajeng 2", "PermenPANRB 14/2017", "1 pengaduan" under a 100 %
//! indicator), so the rule is narrow on purpose and must never cry wolf:
//!
//! - only quantities whose unit is the row's unit count (the node's unit or a unit the
//!   row's cells were written in; "%" only on a percent row);
//! - a quantity tied to "target" wording ("dari target 38 usulan") must equal the target;
//!   one tied to realisasi wording ("65 usulan terealisasi", "Terealisasi sebanyak 3
//!   dokumen", "Realisasi 6 dokumen") must equal the realisasi;
//! - a quantity with no such wording ("FKP dihadiri 5 unsur masyarakat") must equal the
//!   target or the realisasi;
//! - a percent must equal the target, realisasi or capaian (stated or computed) as
//!   rounded to the decimals it is written with.
//!
//! The seed's "65 usulan terealisasi dari target 38 usulan" beside target 65 and
//! realisasi 38 is thus a conflict (the remark swaps them), while "11 Layanan dengan 11
//! SOP", "Jumlah pengaduan sebanyak 1 pengaduan …" under a percent indicator and
//! "Jumlah usulan 58,46% dari jumlah usulan yang ditargetkan" are not.

use super::{canon_unit, num_unit, round_half_up, same_unit, Ctx, Row};
use crate::model::{Rule, Text};
use crate::normalize::{quantities, Quantity};
use crate::schema::Kind;

/// Words before or after a quantity that tie it to the target.
const TARGET_WORDS: &[&str] = &["target", "ditargetkan", "direncanakan", "rencana"];
/// Words that tie it to the realisasi.
const REALISASI_WORDS: &[&str] = &[
    "realisasi",
    "terealisasi",
    "direalisasikan",
    "tercapai",
    "dicapai",
    "terlaksana",
    "dilaksanakan",
    "dihadiri",
    "hadir",
];

/// What a remark's quantity is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Target,
    Realisasi,
    /// No wording ties it: it must be one of the two.
    Either,
}

/// What the row says, for comparing with its remarks.
#[derive(Debug, Clone, Default)]
pub(super) struct Facts {
    pub target: Option<f64>,
    pub realisasi: Option<f64>,
    /// Canonical units of the row other than "%".
    pub units: Vec<String>,
    /// Whether the row is a percent row (percents in the remark are compared).
    pub percent: bool,
    /// Percent values a remark may quote: target, realisasi (on a percent row),
    /// capaian stated and computed.
    pub percents: Vec<f64>,
}

/// A quantity of the remark that contradicts the row.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Conflict {
    pub role: Role,
    pub said: f64,
    pub unit: String,
}

pub(super) fn check(row: &Row<'_>, ctx: &mut Ctx<'_>) {
    let Some(node) = row.node else { return };
    let rec = row.rec;
    let text = rec.keterangan.text.as_str();
    if text.trim().is_empty() {
        return;
    }
    let schema = ctx.schema;
    let mut units: Vec<String> = Vec::new();
    let mut percent = node.kind == Kind::Percent;
    for w in [
        node.unit.as_str(),
        rec.unit.text.as_str(),
        rec.target.unit.as_deref().unwrap_or(""),
        rec.realisasi.unit.as_deref().unwrap_or(""),
    ] {
        match canon_unit(schema, w) {
            Some(u) if u == "%" => percent = true,
            Some(u) if !units.iter().any(|x| same_unit(x, &u)) => units.push(u),
            _ => {}
        }
    }
    let mut percents = Vec::new();
    if percent {
        percents.extend(rec.target.as_number());
        percents.extend(rec.realisasi.as_number());
    }
    percents.extend(rec.capaian.as_number());
    percents.extend(rec.capaian_computed);
    let facts = Facts {
        target: rec.target.as_number(),
        realisasi: rec.realisasi.as_number(),
        units,
        percent,
        percents,
    };
    let found = conflicts(text, &quantities(text), &facts, |u| canon_unit(schema, u));
    if found.is_empty() {
        return;
    }

    let at = row.text_cell(&rec.keterangan);
    let cell = at.a1();
    let t_cell = row.cell_of(&rec.target).a1();
    let r_cell = row.cell_of(&rec.realisasi).a1();
    let mut says_id = Vec::new();
    let mut says_en = Vec::new();
    let mut expected = Vec::new();
    for c in &found {
        let said = num_unit(c.said, &c.unit);
        let t = facts
            .target
            .map(|t| num_unit(t, &c.unit))
            .unwrap_or_default();
        let r = facts
            .realisasi
            .map(|r| num_unit(r, &c.unit))
            .unwrap_or_default();
        match c.role {
            Role::Target => {
                says_id.push(format!(
                    "target {said}, sedangkan sel target ({t_cell}) berisi {t}"
                ));
                says_en.push(format!(
                    "a target of {said}, but the target cell ({t_cell}) holds {t}"
                ));
                expected.push(format!("target {t}"));
            }
            Role::Realisasi => {
                says_id.push(format!(
                    "realisasi {said}, sedangkan sel realisasi ({r_cell}) berisi {r}"
                ));
                says_en.push(format!(
                    "a realisasi of {said}, but the realisasi cell ({r_cell}) holds {r}"
                ));
                expected.push(format!("realisasi {r}"));
            }
            Role::Either if c.unit == "%" => {
                says_id.push(format!(
                    "{said}, yang tidak cocok dengan target, realisasi maupun capaian"
                ));
                says_en.push(format!(
                    "{said}, matching neither target, realisasi nor capaian"
                ));
                expected.push(format!("target {t} / realisasi {r}"));
            }
            Role::Either => {
                says_id.push(format!(
                    "{said}, padahal target ({t_cell}) {t} dan realisasi ({r_cell}) {r}"
                ));
                says_en.push(format!(
                    "{said}, but the target ({t_cell}) is {t} and the realisasi ({r_cell}) {r}"
                ));
                expected.push(format!("target {t} / realisasi {r}"));
            }
        }
    }
    let msg = Text::new(
        format!(
            "Keterangan {} di sel {cell} menyebut {}. Samakan keterangan dengan angka di \
             tabel, atau perbaiki angka yang salah.",
            row.name(),
            says_id.join("; ")
        ),
        format!(
            "The remarks of {} in cell {cell} state {}. Make the remarks and the table \
             agree, or correct the wrong number.",
            row.name(),
            says_en.join("; ")
        ),
    );
    ctx.push(
        Rule::KeteranganConflict,
        row,
        at,
        msg,
        text.trim(),
        expected.join("; "),
    );
}

/// The quantities of a remark that contradict the row (see the module doc). `canon`
/// gives the canonical spelling of a unit word.
pub(super) fn conflicts(
    text: &str,
    qs: &[Quantity],
    facts: &Facts,
    canon: impl Fn(&str) -> Option<String>,
) -> Vec<Conflict> {
    let mut out = Vec::new();
    // The row's quantities, each with what the remark claims it to be.
    let mut claimed: Vec<(usize, Option<Role>, String)> = Vec::new();
    for (i, q) in qs.iter().enumerate() {
        let Some(unit) = q.unit.as_deref().and_then(&canon) else {
            // A bare figure counts only when the remark ties it to this year's target or
            // realisasi in so many words ("terealisasi 10 dari target 12").
            if q.unit.is_none() {
                if let Some(role @ (Role::Target | Role::Realisasi)) = claim(text, qs, i) {
                    claimed.push((
                        i,
                        Some(role),
                        facts.units.first().cloned().unwrap_or_default(),
                    ));
                }
            }
            continue;
        };
        let ours = if unit == "%" {
            facts.percent
        } else {
            facts.units.iter().any(|u| same_unit(u, &unit))
        };
        if !ours {
            continue;
        }
        claimed.push((i, claim(text, qs, i), unit));
    }
    // An untied figure is a claim only when it is the remark's one figure of the row's
    // unit ("FKP dihadiri 2 unsur masyarakat"); several are sub-items or parts ("4 unit
    // ruang pelayanan dan 3 unit sarana rentan"), which claim nothing about the total.
    let untied = claimed
        .iter()
        .filter(|(_, r, u)| *r == Some(Role::Either) && u != "%")
        .count();
    for (i, role, unit) in claimed {
        let Some(q) = qs.get(i) else { continue };
        let Some(role) = role else { continue };
        let written = text.get(q.start..q.end).unwrap_or("");
        if unit == "%" {
            // A percent is compared only on a percent row, with any percent the row
            // shows (target, realisasi, capaian stated or computed).
            if !facts.percents.is_empty()
                && !facts
                    .percents
                    .iter()
                    .any(|v| same_percent(q.number, written, *v))
            {
                out.push(Conflict {
                    role: Role::Either,
                    said: q.number,
                    unit,
                });
            }
            continue;
        }
        let conflict = match role {
            Role::Target => facts.target.is_some_and(|t| !same(q.number, written, t)),
            Role::Realisasi => facts.realisasi.is_some_and(|r| !same(q.number, written, r)),
            Role::Either if untied > 1 => false,
            Role::Either => match (facts.target, facts.realisasi) {
                (Some(t), Some(r)) => !same(q.number, written, t) && !same(q.number, written, r),
                _ => false,
            },
        };
        if conflict {
            out.push(Conflict {
                role,
                said: q.number,
                unit,
            });
        }
    }
    out
}

/// Words that make a figure something other than this year's target or realisasi when
/// they come before it in its clause: other periods ("tahun lalu", "tahun 2022",
/// "triwulan III", next year's "tahun depan"), comparisons ("dibanding"), regulations
/// ("Perbup Nomor 12"), invitations ("diundang") and breakdowns ("terdiri dari").
const NOT_A_CLAIM_BEFORE: &[&str] = &[
    "lalu",
    "sebelumnya",
    "sebelum",
    "depan",
    "mendatang",
    "berikutnya",
    "dibanding",
    "dibandingkan",
    "daripada",
    "semula",
    "triwulan",
    "tw",
    "semester",
    "bulan",
    "pasal",
    "nomor",
    "no",
    "perbup",
    "perda",
    "perwali",
    "permen",
    "permenpan",
    "permenpanrb",
    "peraturan",
    "undang",
    "uu",
    "pp",
    "sk",
    "diundang",
    "undangan",
    "mengundang",
    "terdiri",
    "meliputi",
    "antara",
    "masing",
    "rincian",
    "sub",
    "kec",
    "desa",
    "kelurahan",
    "rt",
    "rw",
];

/// Words right after a figure (and its unit) that make it no claim ("12 unsur yang
/// diundang", "50 usulan pada tahun 2022").
const NOT_A_CLAIM_AFTER: &[&str] = &[
    "diundang",
    "undangan",
    "lalu",
    "sebelumnya",
    "tahun",
    "triwulan",
    "tw",
];

/// Words right before a figure that make it the shortfall, not the target or the
/// realisasi ("kurang 1 unit", "sisa 50 orang"). Such a remark explains a shortfall,
/// which is what the `below-target` finding asks the clerk to write.
const SHORTFALL_BEFORE: &[&str] = &[
    "kurang",
    "kekurangan",
    "sisa",
    "sisanya",
    "tersisa",
    "selisih",
];

/// Words right after a figure and its unit that make it the part not done ("1 dokumen
/// belum selesai", "2 SOP masih dalam proses", "2 unsur berhalangan hadir"), unless a
/// claim word stands right before the figure ("Realisasi 2 unit belum termasuk …").
const SHORTFALL_AFTER: &[&str] = &[
    "belum",
    "masih",
    "berhalangan",
    "tidak",
    "gagal",
    "tertunda",
    "ditunda",
    "batal",
    "dibatalkan",
];

/// Words skipped between a claim word and its figure ("realisasi baru mencapai 10").
const FILLER: &[&str] = &[
    "baru",
    "mencapai",
    "capai",
    "sebanyak",
    "sejumlah",
    "sebesar",
    "berjumlah",
    "hanya",
    "masih",
    "telah",
    "sudah",
    "yaitu",
    "yakni",
    "adalah",
    "ada",
    "yang",
    "ini",
    "kinerja",
    "total",
    "hingga",
    "sampai",
    "dengan",
    "akhir",
    "tahun",
];

/// Words that end a clause: what follows speaks of something else ("… sedangkan tahun
/// 2022 hanya 50 usulan").
const CLAUSE_BREAK: &[&str] = &[
    "sedangkan",
    "namun",
    "tetapi",
    "tapi",
    "dibanding",
    "dibandingkan",
];

/// Where the last sentence of `head` starts: after ". ", unless the dot ends a short
/// abbreviation ("Kec. Bajeng 2", "No. 12").
fn sentence_start(head: &str) -> Option<usize> {
    let mut end = head.len();
    while let Some(p) = head.get(..end)?.rfind(". ") {
        let word = head
            .get(..p)?
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()?;
        if word.chars().count() > 3 {
            return Some(p + 2);
        }
        end = p;
    }
    None
}

/// What the remark claims quantity `i` to be: this year's target, this year's
/// realisasi, an untied figure (`Either`), or nothing (`None`: another year, a
/// regulation number, invited rather than attended, a sub-item).
pub(super) fn claim(text: &str, qs: &[Quantity], i: usize) -> Option<Role> {
    let q = qs.get(i)?;
    // The clause before the figure: back to ';', a line break, a sentence end or a
    // clause word.
    let head = text.get(..q.start)?;
    let clause_start = head
        .rfind([';', '\n'])
        .map(|p| p + 1)
        .into_iter()
        .chain(sentence_start(head))
        .max()
        .unwrap_or(0);
    let mut clause = words(head.get(clause_start..).unwrap_or(""));
    if let Some(b) = clause
        .iter()
        .rposition(|w| CLAUSE_BREAK.contains(&w.as_str()))
    {
        // The break word itself still disqualifies ("dibanding tahun 2022 …").
        clause = clause.split_off(b);
    }
    let is_year =
        |w: &str| w.len() == 4 && w.parse::<u32>().is_ok_and(|y| (1990..=2100).contains(&y));
    if clause
        .iter()
        .any(|w| NOT_A_CLAIM_BEFORE.contains(&w.as_str()) || is_year(w))
    {
        return None;
    }
    // Words after the figure and its unit, up to the next figure.
    let next_start = qs.get(i + 1).map_or(text.len(), |n| n.start);
    let after = words(text.get(q.end..next_start.max(q.end)).unwrap_or(""));
    let unit_words = words(q.unit.as_deref().unwrap_or(""));
    let skip = if !unit_words.is_empty() && after.starts_with(&unit_words) {
        unit_words.len()
    } else {
        0
    };
    let after: Vec<String> = after.into_iter().skip(skip).collect();
    if after
        .iter()
        .take(3)
        .any(|w| NOT_A_CLAIM_AFTER.contains(&w.as_str()) || is_year(w))
    {
        return None;
    }
    // Claim words before the figure, fillers skipped, not crossing the previous figure.
    let prev_end = i
        .checked_sub(1)
        .and_then(|p| qs.get(p))
        .map_or(0, |p| p.end);
    let before = words(
        text.get(prev_end.max(clause_start).min(q.start)..q.start)
            .unwrap_or(""),
    );
    let near: Vec<&String> = before
        .iter()
        .rev()
        .skip_while(|w| FILLER.contains(&w.as_str()))
        .take(1)
        .collect();
    let has = |ws: &[&String], set: &[&str]| ws.iter().any(|w| set.contains(&w.as_str()));
    let last_two: Vec<&String> = before.iter().rev().take(2).collect();
    if has(&last_two, SHORTFALL_BEFORE) {
        return None;
    }
    if has(&near, TARGET_WORDS) {
        return Some(Role::Target);
    }
    if has(&near, REALISASI_WORDS) {
        return Some(Role::Realisasi);
    }
    let right_after: Vec<&String> = after.iter().take(2).collect();
    if has(&right_after, SHORTFALL_AFTER) {
        return None;
    }
    // "realisasi 10 dari 12 SOP": the whole the realisasi is counted against is the
    // target.
    if let Some(prev) = i.checked_sub(1).and_then(|p| qs.get(p)) {
        // From the previous figure to this one: "10 dari", "10 SOP dari".
        let gap = words(text.get(prev.start.min(q.start)..q.start).unwrap_or(""));
        if gap.len() <= 3
            && gap.last().is_some_and(|w| w == "dari")
            && claim(text, qs, i - 1) == Some(Role::Realisasi)
        {
            return Some(Role::Target);
        }
    }
    let next_two: Vec<&String> = after.iter().take(2).collect();
    if has(&next_two, REALISASI_WORDS) {
        return Some(Role::Realisasi);
    }
    if has(&next_two, TARGET_WORDS) {
        return Some(Role::Target);
    }
    Some(Role::Either)
}

/// Lower-cased words of a text, punctuation dropped.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// A remark's number equals a cell's value. "1.500" in a remark may have been read as
/// 1,5: its thousands reading counts too.
fn same(said: f64, written: &str, value: f64) -> bool {
    if (said - value).abs() <= 1e-6 * value.abs().max(1.0) {
        return true;
    }
    thousands_reading(written).is_some_and(|n| (n - value).abs() <= 1e-6 * value.abs().max(1.0))
}

/// "1.500 orang" → 1500 when the number is written with dot thousands groups.
fn thousands_reading(written: &str) -> Option<f64> {
    let start = written.find(|c: char| c.is_ascii_digit())?;
    let token: String = written
        .get(start..)?
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let token = token.trim_end_matches('.');
    let mut groups = token.split('.');
    let head = groups.next()?;
    let tail: Vec<&str> = groups.collect();
    if tail.is_empty() || head.is_empty() || head.len() > 3 || tail.iter().any(|g| g.len() != 3) {
        return None;
    }
    token.replace('.', "").parse().ok()
}

/// A percent in a remark equals a value as rounded to the decimals it is written with
/// ("58,46%" for 58.4615…, "97%" for 97.31).
fn same_percent(said: f64, written: &str, value: f64) -> bool {
    let token: String = written
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .collect();
    let token = token.trim_end_matches([',', '.']);
    let decimals = token
        .rfind([',', '.'])
        .map(|i| token.len().saturating_sub(i + 1))
        .unwrap_or(0)
        .min(4) as u32;
    (round_half_up(value, decimals) - round_half_up(said, decimals)).abs() < 1e-9
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;

    /// A test-only reader of quantities: each number (Indonesian decimals, dot
    /// thousands read as the normalizer would: "1.500" → 1500) and the word after it.
    fn qs(text: &str) -> Vec<Quantity> {
        let b = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) {
                let start = i;
                while i < b.len()
                    && (b[i].is_ascii_digit()
                        || ((b[i] == b',' || b[i] == b'.')
                            && i + 1 < b.len()
                            && b[i + 1].is_ascii_digit()))
                {
                    i += 1;
                }
                let tok = &text[start..i];
                let number: f64 = if tok.contains(',') {
                    tok.replace('.', "").replace(',', ".").parse().unwrap()
                } else {
                    tok.replace('.', "").parse().unwrap()
                };
                let mut j = i;
                while j < b.len() && b[j] == b' ' {
                    j += 1;
                }
                let (unit, end) = if j < b.len() && b[j] == b'%' {
                    (Some("%".to_string()), j + 1)
                } else {
                    let ws = j;
                    while j < b.len() && b[j].is_ascii_alphabetic() {
                        j += 1;
                    }
                    if j > ws {
                        (Some(text[ws..j].to_string()), j)
                    } else {
                        (None, i)
                    }
                };
                out.push(Quantity {
                    number,
                    unit,
                    start,
                    end,
                });
                i = end.max(i);
            } else {
                i += 1;
            }
        }
        out
    }

    fn facts(t: f64, r: f64, units: &[&str], percent: bool, percents: &[f64]) -> Facts {
        Facts {
            target: Some(t),
            realisasi: Some(r),
            units: units.iter().map(|u| u.to_string()).collect(),
            percent,
            percents: percents.to_vec(),
        }
    }

    fn conf(text: &str, f: &Facts) -> Vec<Conflict> {
        let s = schema();
        conflicts(text, &qs(text), f, |u| canon_unit(&s, u))
    }

    #[test]
    fn the_seeds_swapped_remark_is_a_conflict_on_both_numbers() {
        let f = facts(65.0, 38.0, &["usulan"], true, &[58.46, 58.4615]);
        let c = conf("65 usulan terealisasi dari target 38 usulan", &f);
        assert_eq!(
            c,
            vec![
                Conflict {
                    role: Role::Realisasi,
                    said: 65.0,
                    unit: "usulan".into()
                },
                Conflict {
                    role: Role::Target,
                    said: 38.0,
                    unit: "usulan".into()
                },
            ]
        );
    }

    #[test]
    fn corpus_conflicts_are_found() {
        let cases: &[(&str, f64, f64, &str, Role)] = &[
            (
                "3 unit terealisasi dari target 6 unit",
                6.0,
                6.0,
                "unit",
                Role::Realisasi,
            ),
            (
                "Terealisasi sebanyak 3 dokumen",
                1.0,
                1.0,
                "dokumen",
                Role::Realisasi,
            ),
            (
                "Terealisasi sebanyak 6 unit",
                8.0,
                7.0,
                "unit",
                Role::Realisasi,
            ),
            (
                "2 unit terealisasi dari target 3 unit",
                3.0,
                3.0,
                "unit",
                Role::Realisasi,
            ),
            ("Realisasi 6 dokumen", 1.0, 1.0, "dokumen", Role::Realisasi),
            (
                "FKP dihadiri 2 unsur masyarakat",
                8.0,
                5.0,
                "unsur",
                Role::Realisasi,
            ),
        ];
        for (text, t, r, unit, role) in cases {
            let c = conf(text, &facts(*t, *r, &[unit], false, &[]));
            assert_eq!(c.len(), 1, "{text}");
            assert_eq!(c[0].role, *role, "{text}");
        }
    }

    #[test]
    fn consistent_or_unrelated_remarks_are_not_conflicts() {
        // (remark, target, realisasi, row units, percent row, percents)
        type Case<'a> = (&'a str, f64, f64, &'a [&'a str], bool, &'a [f64]);
        let cases: &[Case] = &[
            ("11 Layanan dengan 11 SOP", 100.0, 100.0, &[], true, &[100.0]),
            ("11 Layanan dengan 11 SOP", 11.0, 11.0, &["layanan"], true, &[100.0]),
            ("Jumlah pengaduan sebanyak 1 pengaduan yang telah ditindaklanjuti.", 100.0, 100.0, &[], true, &[100.0]),
            ("Jumlah pengaduan sebanyak 8 pengaduan yang telah ditindaklanjuti.", 8.0, 8.0, &["pengaduan"], true, &[100.0]),
            ("Jumlah usulan 58,46% dari jumlah usulan yang ditargetkan", 65.0, 38.0, &["usulan"], false, &[58.46]),
            ("Jumlah usulan 58,46% dari jumlah usulan yang ditargetkan", 65.0, 38.0, &["usulan"], true, &[58.46, 58.4615]),
            ("57 usulan terealisasi dari target 64 usulan", 64.0, 57.0, &["usulan", "kegiatan"], false, &[]),
            ("SOP Pelayanan Kec. Bajeng 2 berjumlah 15 SOP sesuai dengan jumlah layanan.", 15.0, 15.0, &["SOP"], false, &[]),
            ("300 orang pengguna layanan yang mengisi kuesioner", 300.0, 300.0, &["orang"], false, &[]),
            ("1.500 orang pengguna layanan yang mengisi kuesioner", 1500.0, 1241.0, &["orang"], false, &[]),
            ("FKP dihadiri 8 unsur masyarakat", 8.0, 8.0, &["unsur", "orang"], false, &[]),
            ("2 pengaduan masih dalam proses", 1.0, 2.0, &["pengaduan"], false, &[]),
            ("Instrumen SKM sesuai PermenPANRB 14/2017", 1.0, 1.0, &["dokumen"], false, &[]),
            ("ruang pelayanan, loket pelayanan, ruang tunggu, area parkir, jalan landai, dan toilet ramah disabilitas", 6.0, 6.0, &["unit"], false, &[]),
            ("Capaian 97% dari target", 85.0, 82.71, &["nilai"], false, &[97.31]),
            // Parts that add up to the total.
            ("4 unit ruang pelayanan dan 3 unit sarana rentan", 7.0, 7.0, &["unit"], false, &[]),
        ];
        for (text, t, r, units, pct, pcts) in cases {
            let c = conf(text, &facts(*t, *r, units, *pct, pcts));
            assert!(c.is_empty(), "{text}: {c:?}");
        }
    }

    /// Remarks that explain a shortfall name the part not done, not the target or the
    /// realisasi: no conflict, whatever the row's figures.
    #[test]
    fn a_stated_shortfall_is_not_a_claim() {
        let cases: &[(&str, f64, f64, &str)] = &[
            ("1 dokumen belum selesai", 3.0, 2.0, "dokumen"),
            ("2 SOP masih dalam proses penyusunan", 11.0, 9.0, "SOP"),
            (
                "kurang 1 unit karena anggaran tidak mencukupi",
                4.0,
                3.0,
                "unit",
            ),
            ("2 unsur berhalangan hadir", 5.0, 3.0, "unsur"),
            (
                "sisa 50 orang tidak mengembalikan kuesioner",
                300.0,
                250.0,
                "orang",
            ),
            (
                "target tidak tercapai, kekurangan 4 dokumen",
                10.0,
                6.0,
                "dokumen",
            ),
        ];
        for (text, t, r, unit) in cases {
            let c = conf(text, &facts(*t, *r, &[unit], false, &[]));
            assert!(c.is_empty(), "{text}: {c:?}");
        }
        // Shortfall words elsewhere in the remark do not hide a wrong realisasi.
        let c = conf(
            "Realisasi 5 dokumen, 1 dokumen belum selesai",
            &facts(3.0, 2.0, &["dokumen"], false, &[]),
        );
        assert_eq!(
            c,
            vec![Conflict {
                role: Role::Realisasi,
                said: 5.0,
                unit: "dokumen".into()
            }]
        );
        // A claim word right before the figure wins over a shortfall word after it.
        let f = facts(11.0, 3.0, &["SOP", "unit", "orang"], false, &[]);
        for (text, role, said) in [
            (
                "Target 12 SOP tidak tercapai karena anggaran",
                Role::Target,
                12.0,
            ),
            (
                "Realisasi 2 unit belum termasuk toilet",
                Role::Realisasi,
                2.0,
            ),
            (
                "Realisasi masih 200 orang karena cuaca",
                Role::Realisasi,
                200.0,
            ),
        ] {
            let c = conf(text, &f);
            assert_eq!(c.len(), 1, "{text}: {c:?}");
            assert_eq!((c[0].role, c[0].said), (role, said), "{text}");
        }
    }

    #[test]
    fn parts_that_do_not_add_up_are_sub_items_not_claims() {
        let c = conf(
            "4 unit ruang pelayanan dan 2 unit sarana rentan",
            &facts(7.0, 7.0, &["unit"], false, &[]),
        );
        assert!(c.is_empty(), "{c:?}");
    }

    #[test]
    fn a_wrong_percent_on_a_percent_row_is_a_conflict() {
        let f = facts(100.0, 100.0, &[], true, &[100.0]);
        let c = conf("Capaian 80% sesuai laporan", &f);
        assert_eq!(
            c,
            vec![Conflict {
                role: Role::Either,
                said: 80.0,
                unit: "%".into()
            }]
        );
        assert!(conf("Capaian 100,0% sesuai laporan", &f).is_empty());
    }

    /// What the claim reader makes of the figure `n` of a remark.
    fn claim_of(text: &str, n: f64) -> Option<Role> {
        let q = qs(text);
        let i = q
            .iter()
            .position(|q| q.number == n)
            .unwrap_or_else(|| panic!("{n} not in {text}"));
        claim(text, &q, i)
    }

    #[test]
    fn claims_and_non_claims() {
        use Role::*;
        let cases: &[(&str, f64, Option<Role>)] = &[
            // Claims of this year's realisasi.
            (
                "realisasi baru mencapai 10 dari 12 SOP",
                10.0,
                Some(Realisasi),
            ),
            (
                "terealisasi 10 dari target 12 dokumen",
                10.0,
                Some(Realisasi),
            ),
            ("Terealisasi sebanyak 3 dokumen", 3.0, Some(Realisasi)),
            ("Realisasi 6 dokumen", 6.0, Some(Realisasi)),
            ("Realisasi tahun ini 6 dokumen", 6.0, Some(Realisasi)),
            (
                "65 usulan terealisasi dari target 38 usulan",
                65.0,
                Some(Realisasi),
            ),
            ("3 kegiatan terlaksana", 3.0, Some(Realisasi)),
            ("FKP dihadiri 2 unsur masyarakat", 2.0, Some(Realisasi)),
            (
                "Kegiatan telah dilaksanakan sebanyak 4 kali",
                4.0,
                Some(Realisasi),
            ),
            (
                "realisasi hanya 7 usulan karena keterbatasan anggaran",
                7.0,
                Some(Realisasi),
            ),
            ("realisasi: 12 SOP", 12.0, Some(Realisasi)),
            ("tercapai 98 orang", 98.0, Some(Realisasi)),
            // Claims of this year's target.
            ("terealisasi 10 dari target 12 dokumen", 12.0, Some(Target)),
            (
                "65 usulan terealisasi dari target 38 usulan",
                38.0,
                Some(Target),
            ),
            ("realisasi baru mencapai 10 dari 12 SOP", 12.0, Some(Target)),
            ("target sebanyak 5 dokumen", 5.0, Some(Target)),
            ("ditargetkan 20 usulan", 20.0, Some(Target)),
            ("direncanakan 8 kegiatan", 8.0, Some(Target)),
            ("12 dokumen ditargetkan", 12.0, Some(Target)),
            // Untied figures (a claim only when the remark's one figure of the unit).
            ("10 unsur hadir dari 12 unsur", 12.0, Some(Either)),
            (
                "300 orang pengguna layanan yang mengisi kuesioner",
                300.0,
                Some(Either),
            ),
            (
                "Jumlah pengaduan sebanyak 8 pengaduan yang telah ditindaklanjuti",
                8.0,
                Some(Either),
            ),
            // Other years, past and next.
            ("dibanding tahun 2022 yang hanya 50 usulan", 50.0, None),
            ("tahun lalu 42 usulan", 42.0, None),
            ("realisasi tahun lalu 42 usulan", 42.0, None),
            ("realisasi 2022 sebanyak 42 usulan", 42.0, None),
            ("naik dari 42 usulan pada tahun 2022", 42.0, None),
            ("target tahun depan 15 dokumen", 15.0, None),
            ("target tahun 2024 sebanyak 15 dokumen", 15.0, None),
            (
                "realisasi 10 dokumen, sedangkan tahun sebelumnya 8 dokumen",
                8.0,
                None,
            ),
            ("meningkat dibandingkan 30 orang sebelumnya", 30.0, None),
            ("realisasi triwulan III 5 kegiatan", 5.0, None),
            // Invited versus attended.
            ("10 unsur dari 12 unsur yang diundang", 12.0, None),
            ("hadir 10 dari 12 unsur undangan", 12.0, None),
            ("mengundang 15 unsur masyarakat", 15.0, None),
            // Sub-items and breakdowns.
            ("terdiri dari 3 dokumen SOP dan 2 dokumen juknis", 3.0, None),
            ("meliputi 4 unit ruang pelayanan", 4.0, None),
            ("masing-masing 2 unit per desa", 2.0, None),
            ("sub kegiatan 3 kegiatan", 3.0, None),
            // Regulation numbers and place names.
            ("sesuai Perbup Nomor 12 tahun 2021", 12.0, None),
            ("berdasarkan Peraturan Bupati 14 tahun 2017", 14.0, None),
            ("sesuai PermenPANRB 14 dokumen pedoman", 14.0, None),
            ("SK Camat 7 tahun 2023", 7.0, None),
            ("SOP Pelayanan Kec. Bajeng 2 berjumlah 15 SOP", 2.0, None),
            ("Desa 3 belum melapor", 3.0, None),
        ];
        assert!(cases.len() >= 40);
        for (text, n, want) in cases {
            assert_eq!(claim_of(text, *n), *want, "{text} / {n}");
        }
    }

    #[test]
    fn roles_from_wording() {
        assert_eq!(thousands_reading("1.500 orang"), Some(1500.0));
        assert_eq!(thousands_reading("1.5 orang"), None);
        assert!(same(1.5, "1.500 orang", 1500.0));
        // Non-claims never conflict, claims do.
        let f = facts(12.0, 10.0, &["unsur"], false, &[]);
        assert!(conf("10 unsur dari 12 unsur yang diundang", &f).is_empty());
        assert!(conf("dibanding tahun 2022 yang hanya 50 unsur", &f).is_empty());
        let f = facts(12.0, 8.0, &["SOP"], false, &[]);
        assert_eq!(
            conf("realisasi baru mencapai 10 SOP dari 12 SOP", &f).len(),
            1
        );
    }

    #[test]
    fn keterangan_conflict_points_at_the_keterangan_cell() {
        let r = run(
            vec![ket(
                rec(15, "usulan_pct", "65 usulan", "38 usulan", "58,46%"),
                "65 usulan terealisasi dari target 38 usulan",
            )],
            &[],
        );
        let k = of(&r, "keterangan-conflict");
        assert_eq!(k.len(), 1);
        assert_eq!(k[0].cell(), "G15");
        assert_eq!(k[0].indicator_id.as_deref(), Some("usulan_pct"));
        assert_eq!(k[0].found, "65 usulan terealisasi dari target 38 usulan");
        assert_eq!(k[0].expected, "realisasi 38 usulan; target 65 usulan");
        assert!(k[0]
            .message
            .id
            .contains("sedangkan sel realisasi (E15) berisi 38 usulan"));
    }
}

/// Every remark of the labelled corpus (`../shared/corpus/truth`), with the real
/// `normalize::quantities`: the rule must find exactly the keterangan-conflicts of the
/// answer key and nothing else. Skipped with a message where the corpus is absent.
#[cfg(test)]
mod corpus {
    use super::*;
    use crate::validate::testkit::schema;
    use serde_json::Value as Json;
    use std::path::PathBuf;

    #[test]
    fn remarks_of_the_corpus_give_exactly_the_answer_keys_conflicts() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
        let entries = std::fs::read_dir(dir.join("truth")).unwrap_or_else(|e| {
            panic!(
                "{} cannot be read ({e}): this test needs ../shared beside the repository (as CI lays it)",
                dir.join("truth").display()
            )
        });
        let tree: Json =
            serde_json::from_str(&std::fs::read_to_string(dir.join("indicators.json")).unwrap())
                .unwrap();
        let node_of = |id: &str| {
            tree["indicators"]
                .as_array()
                .unwrap()
                .iter()
                .find(|n| n["id"] == id)
                .cloned()
                .unwrap()
        };
        let s = schema();
        let mut paths: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
        paths.sort();
        let (mut expected, mut got, mut remarks) = (Vec::new(), Vec::new(), 0);
        for p in paths {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            if name.starts_with('_') {
                continue;
            }
            let t: Json = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            for prob in t["problems"].as_array().into_iter().flatten() {
                if prob["rule"] == "keterangan-conflict" {
                    expected.push(format!("{name} {}", prob["indicator"].as_str().unwrap()));
                }
            }
            let Some(inds) = t["indicators"].as_object() else {
                continue;
            };
            for (id, ind) in inds {
                let Some(text) = ind["keterangan"].as_str() else {
                    continue;
                };
                remarks += 1;
                let node = node_of(id);
                let mut units = Vec::new();
                let mut percent = node["kind"] == "percent";
                for u in [&node["unit"], &ind["target_unit"], &ind["realisasi_unit"]] {
                    match u.as_str().and_then(|u| canon_unit(&s, u)) {
                        Some(u) if u == "%" => percent = true,
                        Some(u) => units.push(u),
                        None => {}
                    }
                }
                let mut percents = Vec::new();
                for k in ["capaian_stated", "capaian_computed"] {
                    percents.extend(ind[k].as_f64());
                }
                if percent {
                    percents.extend(ind["target"].as_f64());
                    percents.extend(ind["realisasi"].as_f64());
                }
                let facts = Facts {
                    target: ind["target"].as_f64(),
                    realisasi: ind["realisasi"].as_f64(),
                    units,
                    percent,
                    percents,
                };
                if !conflicts(text, &quantities(text), &facts, |u| canon_unit(&s, u)).is_empty() {
                    got.push(format!("{name} {id}"));
                }
            }
        }
        assert!(remarks > 500, "only {remarks} remarks read");
        assert_eq!(got, expected);
    }
}

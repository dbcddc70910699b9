//! From header paths to column roles: each column's path (group › sub-header › marker,
//! top to bottom) is folded into one candidate, and where several columns qualify for a
//! role one is chosen by evidence: this year's figure over a plan, last year's or a
//! projection; the report year over other years; the annual or cumulative column over a
//! single period (else the last period that holds figures); the column whose cells hold
//! what the role holds (text for indicators, numbers for values). Every column not chosen
//! is kept as an alternative with the reason, for `inspect`.
//! Pure: it sees the header texts and a few counts of the cells below, nothing else.

use super::header::{HeaderCell, Period, Scope};
use super::{Alternative, Column, Role};

/// What the cells under a column hold (the first few hundred rows below the header).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ColStats {
    /// Cells that read as numbers.
    pub numbers: u32,
    /// Text cells of three words or more (indicator wordings).
    pub long_texts: u32,
    /// Text cells of one or two short words without digits ("persen", "dokumen").
    pub short_words: u32,
    /// Non-empty cells.
    pub filled: u32,
}

/// One column's header path read as a whole.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub col: u32,
    pub role: Role,
    pub term: &'static str,
    pub money: bool,
    pub percent: bool,
    pub plain_capaian: bool,
    pub scope: Scope,
    pub period: Option<Period>,
    pub cumulative: bool,
    /// To date in so many words ("s.d.", "kumulatif"): see `HeaderCell::so_far`.
    pub so_far: bool,
    pub year: Option<u32>,
    /// The top cell of the path (a merged group shared by sibling columns).
    pub group: Option<(u32, u32)>,
    pub header: String,
    pub stats: ColStats,
}

/// A column that is not a candidate for any role, with why (shown by `inspect`).
#[derive(Clone)]
pub(crate) struct NoRole {
    pub col: u32,
    pub header: String,
    pub why: &'static str,
}

/// Fold a column's header cells, top to bottom, into a candidate. The lowest cell that
/// names a role is the most specific ("T" under "Realisasi Kinerja 2023" is the target,
/// "Tingkat Realisasi (%)" under "Target dan Realisasi … 2014" the capaian); money, period
/// and year come from the lowest cell that says them; a plan, last year or a projection
/// anywhere on the path makes the whole column context.
pub(crate) fn fold(
    col: u32,
    path: &[((u32, u32), String, Option<HeaderCell>)],
    stats: ColStats,
) -> Result<Candidate, NoRole> {
    let header = path
        .iter()
        .map(|(_, t, _)| t.as_str())
        .collect::<Vec<_>>()
        .join(" / ");
    let cells: Vec<&HeaderCell> = path.iter().filter_map(|(_, _, c)| c.as_ref()).collect();
    // A money marker under a group ("Rp" under "Target Kinerja dan Anggaran") makes the
    // group's role money; it does not replace it. Nor does a word that says which of the
    // group's figures the column holds ("Kinerja" beside "Anggaran", "Volume" beside
    // "Satuan", under "Target" or "Realisasi"): alone it would be a statement or a target.
    let under_value = |i: usize| {
        cells
            .get(..i)
            .unwrap_or(&[])
            .iter()
            .any(|c| c.role.is_some_and(|r| VALUE_ROLES.contains(&r)))
    };
    let lowest_role = cells
        .iter()
        .enumerate()
        .rev()
        .find(|(i, c)| {
            c.role.is_some_and(|r| r != Role::Anggaran) && !(is_qualifier(c) && under_value(*i))
        })
        .or_else(|| {
            cells
                .iter()
                .enumerate()
                .rev()
                .find(|(_, c)| c.role.is_some())
        })
        .map(|(_, c)| (*c).clone());
    if cells.iter().any(|c| c.evidence) {
        return Err(NoRole {
            col,
            header,
            why: "evidence column (data dukung, link): never a value",
        });
    }
    let Some(deciding) = lowest_role else {
        let why = if cells.is_empty() {
            "no header vocabulary"
        } else {
            "a known column without a role (code, office, projection…)"
        };
        return Err(NoRole { col, header, why });
    };
    let Some(role) = deciding.role else {
        return Err(NoRole {
            col,
            header,
            why: "no header vocabulary",
        });
    };
    let money = cells.iter().rev().find_map(|c| c.money) == Some(true) || role == Role::Anggaran;
    let scope = cells.iter().map(|c| c.scope).max().unwrap_or_default();
    let quarter_word = cells.iter().any(|c| c.quarter_word);
    let semester_word = cells.iter().any(|c| c.semester_word);
    let period = cells.iter().rev().find_map(|c| {
        c.period.or_else(|| {
            c.numeral.map(|n| {
                if semester_word && !quarter_word && n <= 2 {
                    Period::Semester(n)
                } else {
                    Period::Quarter(n)
                }
            })
        })
    });
    Ok(Candidate {
        col,
        role,
        term: deciding.term.unwrap_or(""),
        money,
        percent: cells.iter().any(|c| c.percent),
        plain_capaian: deciding.plain_capaian,
        scope,
        period,
        cumulative: cells.iter().any(|c| c.cumulative),
        so_far: cells.iter().any(|c| c.so_far),
        year: cells.iter().rev().find_map(|c| c.year),
        group: path.first().map(|(at, _, _)| *at),
        header,
        stats,
    })
}

/// A sub-header that names which figure of a value group its column holds (the
/// indicator's quantity: "Kinerja", "Volume", "Output"), by the term that decided it.
fn is_qualifier(c: &HeaderCell) -> bool {
    matches!(
        c.term,
        Some("kinerja" | "volume" | "vol" | "output" | "outcome")
    )
}

/// Roles that hold this year's figures.
pub(super) const VALUE_ROLES: [Role; 3] = [Role::Target, Role::Realisasi, Role::Capaian];

/// Side-by-side tables under one header ("No | Indikator | Target | Realisasi" twice, a
/// gap column between or not): the first column of each block, left to right; `[0]`
/// for one table. A block starts at a label column (No, a level of the tree, the
/// indicator) that follows a value column, and must hold a label of its own (an
/// indicator, or a level of the tree that `choose` reads as one) and a value column;
/// anything else to the right of a block (a trailing "Program | Anggaran", a "Kinerja
/// Tahun Lalu") stays in it. A year group repeated under one indicator column ("2022 |
/// 2023", each over Target / Realisasi) has no second label column: one table.
/// `candidates` are in column order.
pub(crate) fn block_starts(candidates: &[Candidate]) -> Vec<u32> {
    let is_value = |c: &Candidate| !c.money && VALUE_ROLES.contains(&c.role);
    let is_label =
        |c: &Candidate| !c.money && matches!(c.role, Role::No | Role::Statement | Role::Indicator);
    let is_key = |c: &Candidate| !c.money && matches!(c.role, Role::Statement | Role::Indicator);
    // Segments: (first column, has a key column, has a value column).
    let mut segments: Vec<(u32, bool, bool)> = Vec::new();
    let mut value_seen = false;
    for c in candidates {
        if segments.is_empty() || (value_seen && is_label(c)) {
            segments.push((c.col, false, false));
            value_seen = false;
        }
        if let Some(last) = segments.last_mut() {
            last.1 |= is_key(c);
            last.2 |= is_value(c);
        }
        value_seen |= is_value(c);
    }
    let mut starts: Vec<u32> = segments
        .iter()
        .filter(|(_, key, value)| *key && *value)
        .map(|(col, _, _)| *col)
        .collect();
    if let Some(first) = starts.first_mut() {
        *first = 0;
    }
    if starts.is_empty() {
        starts.push(0);
    }
    starts
}

/// The chosen column of each role, the quarter columns, and the alternatives.
pub(crate) struct Choice {
    pub columns: Vec<Column>,
    pub quarters: Vec<QuarterCols>,
    /// The year's money columns beside target, realisasi and capaian.
    pub anggaran: [Option<u32>; 3],
    pub alternatives: Vec<Alternative>,
}

/// The columns of one quarter (TW I–IV) beside the year's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct QuarterCols {
    pub quarter: u8,
    pub target: Option<u32>,
    pub realisasi: Option<u32>,
    pub realisasi_anggaran: Option<u32>,
    pub persen: Option<u32>,
    /// The header says the realisasi is to date ("Realisasi Kumulatif s/d Triwulan"
    /// over I–IV): each quarter holds the year so far, not the quarter's own figure.
    pub cumulative: bool,
}

/// Choose one column per role. `years` are the years the report may be for, best first
/// (the schema's, the title's): the first that a header names is the report year;
/// when none is named, the latest year whose realisasi column holds numbers.
pub(crate) fn choose(
    mut candidates: Vec<Candidate>,
    no_role: Vec<NoRole>,
    years: &[u32],
) -> Choice {
    let mut alternatives: Vec<Alternative> = no_role
        .into_iter()
        .map(|n| Alternative {
            col: n.col,
            role: None,
            header: n.header,
            why: n.why.to_string(),
        })
        .collect();

    // "Capaian TW III" beside "Persentase Capaian TW III": the plain one is the quantity.
    let percent_periods: Vec<(Option<Period>, bool)> = candidates
        .iter()
        .filter(|c| c.role == Role::Capaian && c.percent)
        .map(|c| (c.period, c.money))
        .collect();
    for c in &mut candidates {
        if c.role == Role::Capaian
            && c.plain_capaian
            && percent_periods.contains(&(c.period, c.money))
        {
            c.role = Role::Realisasi;
            c.term = "capaian (beside a persentase capaian column)";
        }
    }

    // The indicator column: where indicator wordings are (a merged "Indikator" over a
    // "-" column and a text column; "IKK" holding numbers).
    if !candidates.iter().any(|c| c.role == Role::Indicator) {
        // No indicator column: the lowest level of the tree left of the values (the
        // rightmost statement column: "Sub kegiatan" after "Program", "Kegiatan") holds
        // the indicator text.
        let first_value = candidates
            .iter()
            .filter(|c| VALUE_ROLES.contains(&c.role))
            .map(|c| c.col)
            .min()
            .unwrap_or(u32::MAX);
        if let Some(c) = candidates
            .iter_mut()
            .filter(|c| c.role == Role::Statement && c.col < first_value)
            .max_by_key(|c| (c.stats.long_texts.min(1), c.col))
        {
            c.role = Role::Indicator;
        }
    }

    let year = years
        .iter()
        .copied()
        .find(|y| candidates.iter().any(|c| c.year == Some(*y)))
        .or_else(|| {
            candidates
                .iter()
                .filter(|c| c.role == Role::Realisasi && !c.money && c.stats.numbers > 0)
                .filter(|c| c.scope == Scope::Current)
                .filter_map(|c| c.year)
                .max()
        });

    let mut chosen: Vec<Column> = Vec::new();
    let mut taken: Vec<usize> = Vec::new();
    let mut roles: Vec<Role> = candidates
        .iter()
        .map(|c| if c.money { Role::Anggaran } else { c.role })
        .collect();
    roles.sort();
    roles.dedup();
    // Target first: the realisasi and capaian of its group are preferred.
    roles.sort_by_key(|r| match r {
        Role::Target => 0,
        Role::Realisasi => 1,
        Role::Capaian => 2,
        _ => 3,
    });
    let mut target_group = None;
    for role in roles {
        let pool: Vec<usize> = candidates
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                if role == Role::Anggaran {
                    c.money
                } else {
                    c.role == role && !c.money
                }
            })
            .map(|(i, _)| i)
            .collect();
        let best = pool.iter().copied().min_by(|&a, &b| {
            let (a, b) = (&candidates[a], &candidates[b]);
            rank(a, role, year, target_group).cmp(&rank(b, role, year, target_group))
        });
        let Some(best) = best else { continue };
        let c = &candidates[best];
        if role == Role::Target {
            target_group = c.group;
        }
        taken.push(best);
        chosen.push(Column {
            role,
            col: c.col,
            header: c.header.clone(),
            term: c.term.to_string(),
            period: c.period,
            scope: c.scope,
            year: c.year,
            cumulative: c.so_far,
            parts: period_parts(&candidates, c),
            periods: year_periods(&candidates, c),
            fallback: (role == Role::Target)
                .then(|| original_target(&candidates, c))
                .flatten(),
        });
    }
    chosen.sort_by_key(|c| c.col);

    // Quarters: per TW, the indicator's own realisasi, its money and its percent.
    let mut quarters = Vec::new();
    for q in 1..=4u8 {
        // The quarter's column of a role: this year's, per quarter before to date.
        let best = |role: Role, money: bool, also: &dyn Fn(&Candidate) -> bool| {
            candidates
                .iter()
                .filter(|c| {
                    c.role == role && c.money == money && c.period == Some(Period::Quarter(q))
                })
                .filter(|c| c.scope == Scope::Current && also(c))
                .min_by_key(|c| (c.cumulative, c.col))
        };
        let find = |role: Role, money: bool| best(role, money, &|_| true).map(|c| c.col);
        let realisasi = best(Role::Realisasi, false, &|_| true);
        let cumulative = realisasi.is_some_and(|c| c.so_far);
        // The quarter's percent is of the same kind as its realisasi: a "Capaian s.d. TW
        // II" beside per-quarter realisasi is the year so far, not TW II's own.
        let persen = best(Role::Capaian, false, &|c| {
            realisasi.is_none() || c.so_far == cumulative
        })
        .map(|c| c.col);
        let qc = QuarterCols {
            quarter: q,
            target: find(Role::Target, false),
            realisasi: realisasi.map(|c| c.col),
            realisasi_anggaran: find(Role::Realisasi, true).or_else(|| find(Role::Anggaran, true)),
            persen,
            cumulative,
        };
        if qc.realisasi.is_some() || qc.realisasi_anggaran.is_some() || qc.persen.is_some() {
            quarters.push(qc);
        }
    }

    // The year's money beside each value role: this year's, the report year, the annual
    // column, the leftmost.
    let anggaran = VALUE_ROLES.map(|role| {
        candidates
            .iter()
            .filter(|c| c.money && c.role == role && c.period.is_none())
            .min_by_key(|c| rank(c, role, year, target_group))
            .map(|c| c.col)
    });

    for (i, c) in candidates.iter().enumerate() {
        if taken.contains(&i) {
            continue;
        }
        let part_of = chosen
            .iter()
            .find(|k| k.role == c.role && !c.money && k.parts.contains(&c.col));
        let revised = chosen.iter().find(|k| k.fallback == Some(c.col));
        let why = match (part_of, c.period, revised) {
            (_, _, Some(k)) => format!(
                "the original target, read on rows where the revised one (column {}) is blank",
                crate::model::col_letters(k.col)
            ),
            (Some(k), Some(p), None) => format!(
                "{} is one of the periods that make the year's figure with column {} ({})",
                p.label(),
                crate::model::col_letters(k.col),
                if k.cumulative {
                    "each to date: the last filled"
                } else {
                    "by the indicator's aggregation: the sum of a count, else the last filled"
                }
            ),
            _ => why_not(c, year),
        };
        alternatives.push(Alternative {
            col: c.col,
            role: Some(c.role),
            header: c.header.clone(),
            why,
        });
    }
    alternatives.sort_by_key(|a| a.col);
    Choice {
        columns: chosen,
        quarters,
        anggaran,
        alternatives,
    }
}

/// The month and semester columns of `like`'s role beside it (same scope and year),
/// each to date or each its own figure (`so_far`), that `heading` accepts, one per
/// period, in period order.
fn sibling_periods(
    candidates: &[Candidate],
    like: &Candidate,
    so_far: bool,
    heading: impl Fn(&Candidate) -> bool,
) -> Vec<(Period, u32)> {
    let mut periods: Vec<(Period, u32)> = candidates
        .iter()
        .filter(|c| c.role == like.role && !c.money && c.so_far == so_far)
        .filter(|c| c.scope == like.scope && c.year == like.year && heading(c))
        .filter_map(|c| match c.period {
            Some(p @ (Period::Month(_) | Period::Semester(_))) => Some((p, c.col)),
            _ => None,
        })
        .collect();
    periods.sort();
    periods.dedup_by_key(|p| p.0);
    periods
}

/// A year typed only by its months or its semesters (no column for the year, no single
/// column to date): the columns of every period of the chosen one's kind under the same
/// heading, typed alike (each its own figure, or each to date), in period order, whose
/// figures make the year's; empty otherwise (one period alone, a column for the year, an
/// "S.D. OKTOBER" column beside the months). Quarters have their own columns.
fn period_parts(candidates: &[Candidate], chosen: &Candidate) -> Vec<u32> {
    let months = |p: Period| matches!(p, Period::Month(_));
    let Some(kind) = chosen
        .period
        .filter(|p| matches!(p, Period::Month(_) | Period::Semester(_)))
    else {
        return Vec::new();
    };
    if !matches!(chosen.role, Role::Target | Role::Realisasi) {
        return Vec::new();
    }
    // Months typed to date ("Realisasi Kumulatif" over them) are parts too, of which
    // the last filled is the year; one "S.D. OKTOBER" beside the months is the year so
    // far alone. Under one merged heading, or headed alike ("Realisasi Januari",
    // "Realisasi Maret").
    let parts: Vec<u32> = sibling_periods(candidates, chosen, chosen.so_far, |c| {
        c.group == chosen.group || c.term == chosen.term
    })
    .into_iter()
    .filter(|(p, _)| months(*p) == months(kind))
    .map(|(_, col)| col)
    .collect();
    if parts.len() < 2 {
        return Vec::new();
    }
    parts
}

/// The year's own realisasi column beside its months or semesters under one heading
/// ("Realisasi" over Januari–Desember and "Jumlah"): the columns of those periods, each
/// its own figure, in period order, which the year must agree with; empty otherwise.
fn year_periods(candidates: &[Candidate], chosen: &Candidate) -> Vec<u32> {
    if chosen.role != Role::Realisasi || chosen.period.is_some() || chosen.group.is_none() {
        return Vec::new();
    }
    let periods = sibling_periods(candidates, chosen, false, |c| c.group == chosen.group);
    // Months and semesters together are two readings of one year: none is checked.
    let months = periods
        .iter()
        .filter(|p| matches!(p.0, Period::Month(_)))
        .count();
    if periods.len() < 2 || (months > 0 && months < periods.len()) {
        return Vec::new();
    }
    periods.into_iter().map(|(_, col)| col).collect()
}

/// A revised target ("Target Perubahan") that holds figures is in force; on a row where
/// it is left blank the target was not revised, and the original beside it is in force
/// there: the leftmost other target of the same scope and year, for the year, holding
/// figures and not itself a revision ("Target Awal", "Target Murni", a plain "Target").
/// None for any other chosen target.
fn original_target(candidates: &[Candidate], chosen: &Candidate) -> Option<u32> {
    if revision_rank(&chosen.header, chosen.stats.numbers > 0) != 0 {
        return None;
    }
    candidates
        .iter()
        .filter(|c| c.role == Role::Target && !c.money && c.col != chosen.col)
        .filter(|c| c.scope == chosen.scope && c.year == chosen.year && c.period.is_none())
        .filter(|c| c.stats.numbers > 0 && revision_rank(&c.header, true) == 1)
        .min_by_key(|c| c.col)
        .map(|c| c.col)
}

/// Sort key of a candidate for its role: lower is better. In order: this year's figure
/// over context, the report year, the annual over the cumulative over one period, cells
/// that hold what the role holds, the target's own group, then the leftmost column (the
/// last period that holds figures, among periods).
fn rank(
    c: &Candidate,
    role: Role,
    year: Option<u32>,
    target_group: Option<(u32, u32)>,
) -> (Scope, u8, u8, u32, u8, u8, u32) {
    let year_rank = match (year, c.year) {
        (Some(y), Some(cy)) if y == cy => 0,
        (_, None) => 1,
        _ => 2,
    };
    let period_rank = match (c.period, c.cumulative) {
        (None, false) => 0,
        (_, true) => 1,
        (Some(_), false) => 2,
    };
    let content = match role {
        Role::Indicator => u32::MAX - c.stats.long_texts,
        Role::Target | Role::Realisasi | Role::Capaian => {
            u32::from(c.stats.numbers == 0 && c.stats.filled > 0)
        }
        _ => 0,
    };
    let group_rank = match (role, target_group) {
        (Role::Realisasi | Role::Capaian, Some(g)) => u8::from(c.group != Some(g)),
        _ => 0,
    };
    let order = match c.period {
        Some(_) if c.stats.filled > 0 => u32::MAX - 1 - c.col,
        Some(_) => u32::MAX,
        None => c.col,
    };
    let revision = match role {
        Role::Target => revision_rank(&c.header, c.stats.numbers > 0),
        _ => 1,
    };
    (
        c.scope,
        year_rank,
        period_rank,
        content,
        revision,
        group_rank,
        order,
    )
}

/// A target revised during the year ("Target Perubahan", "Target setelah Perubahan",
/// "Target Revisi") is the one in force when it holds figures: before the original
/// ("Target Awal", "Target Murni", "Target sebelum Perubahan") and any other. A revised
/// column left empty comes after every other.
fn revision_rank(header: &str, holds_figures: bool) -> u8 {
    let words = super::vocab::words(header);
    let has = |w: &str| words.iter().any(|x| x == w);
    let before = words
        .windows(2)
        .any(|p| p[0] == "sebelum" && p[1] == "perubahan");
    let revised = !before && (has("perubahan") || has("revisi") || has("perbaikan"));
    match (revised, holds_figures) {
        (true, true) => 0,
        (true, false) => 2,
        _ => 1,
    }
}

/// Why a candidate was not taken, in a few words.
fn why_not(c: &Candidate, year: Option<u32>) -> String {
    if c.money {
        return "money (Rp / anggaran), not the indicator's figure".into();
    }
    match c.scope {
        Scope::Plan => return "a multi-year plan figure (RPJMD / Renstra)".into(),
        Scope::Previous => return "last year's or an earlier period's figure".into(),
        Scope::Projection => return "a projection".into(),
        Scope::ToDate => return "a figure to date over several years".into(),
        Scope::Current => {}
    }
    if let (Some(y), Some(cy)) = (year, c.year) {
        if y != cy {
            return format!("another year ({cy}; the report is for {y})");
        }
    }
    if let Some(p) = c.period {
        return format!(
            "a single period ({}); the year's column is preferred",
            p.label()
        );
    }
    "another column with the same role was preferred".into()
}

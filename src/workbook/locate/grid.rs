//! The sheet as a grid for the locator: its cells and merges indexed once, and the
//! header evidence read from it (header rows and their continuation, numbering rows,
//! header paths per column, column statistics, the title above a table).

use super::*;

/// The columns one table takes on its sheet, `lo..hi`: the whole width unless tables
/// stand side by side under one header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Span {
    pub(super) lo: u32,
    pub(super) hi: u32,
}

impl Span {
    pub(super) const ALL: Span = Span {
        lo: 0,
        hi: u32::MAX,
    };

    pub(super) fn contains(self, c: u32) -> bool {
        self.lo <= c && c < self.hi
    }
}

/// The sheet with its merges indexed once.
pub(super) struct Grid<'a> {
    pub(super) sheet: &'a Sheet,
    pub(super) height: u32,
    /// Merges by their top-left cell.
    pub(super) merge_at: HashMap<(u32, u32), Merge>,
    /// Well-formed merges sorted by first row (to find those starting in the header).
    pub(super) by_row: Vec<Merge>,
    /// Vertical merges by column, each list sorted by first row (statement fill-down).
    pub(super) vertical: HashMap<u32, Vec<Merge>>,
    /// Rows the sheet hides: never data, never a wrapped line of a row that is shown.
    pub(super) hidden: Option<&'a std::collections::BTreeSet<u32>>,
}

impl<'a> Grid<'a> {
    pub(super) fn new(sheet: &'a Sheet) -> Self {
        let height = sheet.height();
        let width = sheet.width();
        let mut merge_at = HashMap::with_capacity(sheet.merges.len());
        let mut by_row = Vec::with_capacity(sheet.merges.len());
        let mut vertical: HashMap<u32, Vec<Merge>> = HashMap::new();
        let mut budget = MAX_MERGE_SPREAD;
        for m in &sheet.merges {
            // Inverted merges and merges that start outside the grid say nothing.
            if m.first_row > m.last_row
                || m.first_col > m.last_col
                || m.first_row >= height
                || m.first_col >= width
            {
                continue;
            }
            merge_at.entry((m.first_row, m.first_col)).or_insert(*m);
            by_row.push(*m);
            if m.last_row > m.first_row {
                for c in m.first_col..=m.last_col.min(width.saturating_sub(1)) {
                    if budget == 0 {
                        break;
                    }
                    budget -= 1;
                    vertical.entry(c).or_default().push(*m);
                }
            }
        }
        by_row.sort_by_key(|m| (m.first_row, m.first_col));
        for list in vertical.values_mut() {
            list.sort_by_key(|m| (m.first_row, m.first_col));
        }
        Grid {
            sheet,
            height,
            merge_at,
            by_row,
            vertical,
            hidden: None,
        }
    }

    pub(super) fn row(&self, r: u32) -> &'a [Cell] {
        self.sheet.rows.get(r as usize).map_or(&[], Vec::as_slice)
    }

    pub(super) fn cell(&self, r: u32, c: u32) -> Option<&'a Cell> {
        self.sheet.cell(r, c)
    }

    pub(super) fn filled(&self, r: u32, c: u32) -> bool {
        self.cell(r, c).is_some_and(|cell| !cell.is_empty())
    }

    /// The cell's text, whitespace collapsed ("" when empty).
    pub(super) fn text(&self, r: u32, c: u32) -> String {
        self.cell(r, c)
            .map_or_else(String::new, |cell| lines::collapse(&cell.text()))
    }

    /// Text of an optional column.
    pub(super) fn text_at(&self, r: u32, c: Option<u32>) -> String {
        c.map_or_else(String::new, |c| self.text(r, c))
    }

    pub(super) fn is_blank_row(&self, r: u32) -> bool {
        self.row(r).iter().all(Cell::is_empty)
    }

    /// The non-empty cells of row `r` in `span`, with their columns.
    fn filled_in(&self, r: u32, span: Span) -> impl Iterator<Item = (u32, &Cell)> {
        self.row(r)
            .iter()
            .enumerate()
            .map(|(c, cell)| (c as u32, cell))
            .filter(move |(c, cell)| span.contains(*c) && !cell.is_empty())
    }

    /// The header vocabulary of a row's text cells in `span` (`Span::ALL`: the whole
    /// row); `None` when they hold data (a number that is not a year).
    pub(super) fn header_cells_in(&self, r: u32, span: Span) -> Option<Vec<(u32, HeaderCell)>> {
        let in_span = || {
            self.row(r)
                .iter()
                .enumerate()
                .filter(move |(c, _)| span.contains(*c as u32))
        };
        // A number that is not a year (nor a month typed as a date) makes a data row:
        // decided before any text is read.
        let data = in_span().any(|(_, cell)| {
            matches!(cell.data, crate::workbook::Data::Number(n) if !is_year_number(n))
                && vocab::month_header(cell).is_none()
        });
        if data {
            return None;
        }
        let mut out = Vec::new();
        for (c, cell) in in_span() {
            match &cell.data {
                crate::workbook::Data::Text(t) => {
                    if t.trim().is_empty() || t.len() > MAX_HEADER_CHARS * 4 {
                        continue;
                    }
                    if let Some(h) = header::classify(t) {
                        out.push((c as u32, h));
                    }
                }
                // A year written as a number is a header word; any other number is data.
                crate::workbook::Data::Number(n) if is_year_number(*n) => {
                    if let Some(h) = header::classify(&format!("{n}")) {
                        out.push((c as u32, h));
                    }
                }
                // A month typed as a date ("Jan-23"); any other number was found above.
                crate::workbook::Data::Number(_) => {
                    match vocab::month_header(cell).and_then(|t| header::classify(&t)) {
                        Some(h) => out.push((c as u32, h)),
                        None => return None,
                    }
                }
                _ => {}
            }
        }
        Some(out)
    }

    /// A row that names at least three different column roles, each at the start of its
    /// cell ("Indikator …", "Tingkat Capaian …"). Cells without a role (PIC, Kode, a
    /// mirrored block) do not count against it.
    pub(super) fn is_header_row(&self, r: u32) -> bool {
        let Some(mut roles) = self.header_roles(r) else {
            return false;
        };
        if roles.len() >= MIN_HEADER_ROLES {
            return true;
        }
        // Roles split over two rows ("No | Indikator | Tahun 2023" over "Target |
        // Realisasi"): the two rows together name them.
        let role_cells = self.row(r).iter().filter(|c| !c.is_empty()).count();
        if roles.is_empty() || role_cells < 2 || !self.is_header_continuation(r.saturating_add(1)) {
            return false;
        }
        roles.extend(self.header_roles(r.saturating_add(1)).unwrap_or_default());
        roles.sort();
        roles.dedup();
        roles.len() >= MIN_HEADER_ROLES
    }

    /// The distinct roles a row names at the start of its cells; `None` for a data row.
    pub(super) fn header_roles(&self, r: u32) -> Option<Vec<Role>> {
        self.header_roles_in(r, Span::ALL)
    }

    /// `header_roles` of the row's cells in `span` only.
    fn header_roles_in(&self, r: u32, span: Span) -> Option<Vec<Role>> {
        let cells = self.header_cells_in(r, span)?;
        let mut roles: Vec<Role> = cells
            .iter()
            .filter(|(_, h)| h.term_pos <= MAX_TERM_POS)
            .filter_map(|(_, h)| h.role)
            .collect();
        roles.sort();
        roles.dedup();
        Some(roles)
    }

    /// Whether row `r` holds a figure: a number that is not a year, or a text that is
    /// only a number ("1.250.000", "94,44 %"). A title never does.
    pub(super) fn holds_figures(&self, r: u32) -> bool {
        self.row(r).iter().any(|cell| match &cell.data {
            crate::workbook::Data::Number(n) => !is_year_number(*n),
            crate::workbook::Data::Text(t) => {
                let t = t.trim();
                t.chars().any(|c| c.is_ascii_digit())
                    && t.chars()
                        .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '%' | ' ' | '-'))
                    && !(t.len() == 4 && t.parse::<f64>().is_ok_and(is_year_number))
            }
            _ => false,
        })
    }

    /// The first header row from `from` on, with the columns its header takes: the whole
    /// row, or the run of adjacent cells that names the roles when the rest of the row
    /// holds another table's figures (a side table whose header sits a row higher:
    /// "No | Indikator | Target | Realisasi | Capaian" beside "1 | Program … | 1.250.000").
    pub(super) fn find_header_row(&self, from: u32) -> Option<(u32, Span)> {
        (from..self.height).find_map(|r| self.header_span(r).map(|span| (r, span)))
    }

    fn header_span(&self, r: u32) -> Option<Span> {
        if self.is_header_row(r) {
            return Some(Span::ALL);
        }
        // Only a row that holds figures can be a header beside a table's data.
        let figures = self.row(r).iter().any(
            |cell| matches!(cell.data, crate::workbook::Data::Number(n) if !is_year_number(n)),
        );
        // A header names its roles in at least three short cells of words; most data rows
        // do not have three, and are not read further.
        let words = self
            .row(r)
            .iter()
            .filter(|cell| match &cell.data {
                crate::workbook::Data::Text(t) => {
                    t.len() <= MAX_HEADER_CHARS && t.chars().any(char::is_alphabetic)
                }
                _ => false,
            })
            .count();
        if !figures || words < MIN_HEADER_ROLES {
            return None;
        }
        self.segments(r).into_iter().find(|&span| {
            self.header_roles_in(r, span)
                .is_some_and(|roles| roles.len() >= MIN_HEADER_ROLES)
        })
    }

    /// Runs of at least three adjacent filled columns of row `r` (a cell under a merge
    /// counts as filled), each as a span.
    fn segments(&self, r: u32) -> Vec<Span> {
        let width = self.row(r).len() as u32;
        let mut out = Vec::new();
        let mut start: Option<u32> = None;
        // The last column of a merge that starts in this row ("Target" over D:E).
        let mut merged_to: Option<u32> = None;
        for c in 0..=width {
            if let Some(m) = self.merge_at.get(&(r, c)) {
                merged_to = merged_to.max(Some(m.last_col));
            }
            let filled = c < width
                && (self.filled(r, c)
                    || merged_to.is_some_and(|last| c <= last)
                    || self.covering_merge(r, c).is_some());
            match (filled, start) {
                (true, None) => start = Some(c),
                (false, Some(lo)) => {
                    if c - lo >= 3 {
                        out.push(Span { lo, hi: c });
                    }
                    start = None;
                }
                _ => {}
            }
        }
        out
    }

    /// A row above or under the header row made only of header vocabulary: group
    /// headers, sub-headers ("Real.", "Target"), quarters ("TW I", "I  II  III  IV"),
    /// months, markers ("K", "Rp. (000)", "%"), years typed as numbers. A section heading
    /// ("A. Tujuan", "PROGRAM PENUNJANG …") that follows the header directly is data.
    pub(super) fn is_header_continuation(&self, r: u32) -> bool {
        self.is_header_continuation_in(r, Span::ALL)
    }

    /// `is_header_continuation` of the row's cells in `span` only.
    pub(super) fn is_header_continuation_in(&self, r: u32, span: Span) -> bool {
        let Some(cells) = self.header_cells_in(r, span) else {
            return false;
        };
        let texts: Vec<String> = self
            .filled_in(r, span)
            .map(|(_, cell)| cell.text())
            .collect();
        if cells.is_empty() || cells.len() != texts.len() {
            return false;
        }
        let heading = texts
            .iter()
            .any(|t| lines::is_section_heading(t) || lines::is_section_number(t) && t.len() > 4);
        // Every cell mostly vocabulary: "Realisasi Kinerja Pada Triwulan" is, "PROGRAM
        // PENUNJANG URUSAN PEMERINTAHAN DAERAH" is not.
        let mostly_vocabulary = cells.iter().all(|(_, h)| h.unknown <= h.known.max(1));
        let numerals = cells.iter().filter(|(_, h)| h.numeral.is_some()).count();
        (cells.len() >= 2 || numerals == 0) && mostly_vocabulary && !heading
    }

    /// "(1) (2) (3)", "1 2 3 4", "(a) (b) ©", "12 = 8+9+10+11": at least three cells,
    /// all column numbers, increasing; tables side by side number their columns each
    /// from 1 again ("(1) … (6)  (1) … (6)"), each run at least two cells long.
    pub(super) fn is_colnum_row(&self, r: u32) -> bool {
        let mut last: Option<f64> = None;
        let mut count = 0;
        let mut run = 0;
        for cell in self.row(r) {
            let n = match &cell.data {
                crate::workbook::Data::Empty => continue,
                crate::workbook::Data::Number(n)
                    if n.fract() == 0.0 && (0.0..100.0).contains(n) =>
                {
                    *n
                }
                crate::workbook::Data::Text(t) if t.trim().is_empty() => continue,
                crate::workbook::Data::Text(t) => match lines::colnum_text(t) {
                    Some(n) => f64::from(n),
                    None => return false,
                },
                _ => return false,
            };
            if last.is_some_and(|l| n <= l) {
                if n != 1.0 || run < 2 {
                    return false;
                }
                run = 0;
            }
            last = Some(n);
            count += 1;
            run += 1;
        }
        count >= 3 && run >= 2
    }

    /// The numbered-column row of the header (its last row, when it is one): which
    /// sheet columns each number stands over, and the equations it states.
    pub(super) fn numbering(&self, header_rows: &[u32], span: Span) -> Option<Numbering> {
        let &r = header_rows.last()?;
        if header_rows.len() < 2 || !self.is_colnum_row(r) {
            return None;
        }
        let sheet = self.sheet.name.as_str();
        let mut columns = Vec::new();
        let mut equations = Vec::new();
        for (c, cell) in self.row(r).iter().enumerate() {
            let c = c as u32;
            if !span.contains(c) {
                continue;
            }
            let n = match &cell.data {
                crate::workbook::Data::Number(n) if n.fract() == 0.0 && *n >= 0.0 => *n as u32,
                crate::workbook::Data::Text(t) => {
                    let Some(n) = lines::colnum_text(t) else {
                        continue;
                    };
                    if t.contains('=') {
                        equations.push((CellRef::new(sheet, r, c), lines::collapse(t)));
                    }
                    n
                }
                _ => continue,
            };
            let last = self.merge_at.get(&(r, c)).map_or(c, |m| m.last_col.max(c));
            columns.push((n, (c..=last).collect()));
        }
        Some(Numbering {
            row: r,
            columns,
            equations,
        })
    }

    /// The header rows around the header row `top`: group rows above, sub-header rows
    /// below, and a numbered-column row that ends the header.
    pub(super) fn header_block(&self, top: u32, from: u32, span: Span) -> Vec<u32> {
        let mut rows = vec![top];
        // A group row above that names fewer than three roles ("Indikator | Tahun 2023"
        // over "Target | Realisasi | Capaian") belongs to the header too.
        let mut up = top;
        while up > from && rows.len() < MAX_HEADER_ROWS - 1 {
            up -= 1;
            // A title line ("CAPAIAN KINERJA KECAMATAN PARIGI") is one cell; a group row
            // spans several columns with several cells.
            let cells = self.filled_in(up, span).count();
            if cells < 2 || !self.is_header_continuation_in(up, span) {
                break;
            }
            rows.insert(0, up);
        }
        let mut r = top.saturating_add(1);
        while r < self.height && rows.len() < MAX_HEADER_ROWS {
            if self.is_colnum_row(r) {
                rows.push(r);
                break;
            }
            if !self.is_header_continuation_in(r, span) && !self.is_group_subheader(r, &rows, span)
            {
                break;
            }
            rows.push(r);
            r = r.saturating_add(1);
        }
        rows
    }

    /// Sub-headers the vocabulary does not know under a merged group ("Awal" /
    /// "Perubahan" under "Target", "Rata-rata" after the months under "Realisasi"): a row
    /// of short texts, no figures, each either header vocabulary or standing under a
    /// group merged over several columns of the header rows above (`above`), at least
    /// one of them so.
    pub(super) fn is_group_subheader(&self, r: u32, above: &[u32], span: Span) -> bool {
        const MAX_CHARS: usize = 30;
        let (Some(&first), Some(&last)) = (above.first(), above.last()) else {
            return false;
        };
        // A group of figures: merged over several columns, naming a value role or a year
        // ("Target", "Realisasi", "Tahun 2023"), not a label merged over a number column
        // and a text column ("Indikator Kinerja").
        let under_group = |c: u32| {
            self.by_row.iter().any(|m| {
                (first..=last).contains(&m.first_row)
                    && m.last_row < r
                    && m.last_col > m.first_col
                    && (m.first_col..=m.last_col).contains(&c)
                    && self.cell(m.first_row, m.first_col).is_some_and(|g| {
                        header::classify(&g.text()).is_some_and(|h| {
                            h.year.is_some()
                                || h.role.is_some_and(|r| columns::VALUE_ROLES.contains(&r))
                        })
                    })
            })
        };
        let mut grouped = 0;
        for (c, cell) in self.filled_in(r, span) {
            let crate::workbook::Data::Text(t) = &cell.data else {
                return false;
            };
            let t = t.trim();
            if t.is_empty() {
                continue;
            }
            // A figure typed as text ("85", "90%", "Tercapai") or a section row ("A.
            // Sasaran") is the body's, never a sub-header.
            let figure = crate::normalize::parse_text(t).state
                != crate::normalize::State::Unparseable
                || crate::normalize::verdict(t).is_some();
            if t.chars().count() > MAX_CHARS
                || t.split_whitespace().count() > 3
                || figure
                || lines::is_section_heading(t)
                || lines::is_section_number(t)
            {
                return false;
            }
            if under_group(c) {
                grouped += 1;
            } else if header::classify(t).is_none() {
                return false;
            }
        }
        grouped > 0
    }

    /// Map from each header position covered by a merge to the merge's top-left cell, so
    /// "Tahun 2023" merged over three columns is seen above each of them.
    pub(super) fn header_spread(&self, rows: &[u32]) -> HashMap<(u32, u32), (u32, u32)> {
        let (Some(&first), Some(&last)) = (rows.first(), rows.last()) else {
            return HashMap::new();
        };
        let width = rows
            .iter()
            .map(|&r| self.row(r).len() as u32)
            .max()
            .unwrap_or(0);
        let mut spread = HashMap::new();
        let mut budget = MAX_HEADER_SPREAD;
        let lo = self.by_row.partition_point(|m| m.first_row < first);
        let hi = self.by_row.partition_point(|m| m.first_row <= last);
        for m in self.by_row.get(lo..hi).unwrap_or(&[]) {
            let last_row = m.last_row.min(last);
            let last_col = m.last_col.min(width.saturating_sub(1));
            for r in m.first_row..=last_row {
                for c in m.first_col..=last_col {
                    if budget == 0 {
                        return spread;
                    }
                    budget -= 1;
                    spread.entry((r, c)).or_insert((m.first_row, m.first_col));
                }
            }
        }
        spread
    }

    /// What the cells under column `c` hold, from `start` on (a bounded sample).
    pub(super) fn col_stats(&self, c: u32, start: u32) -> ColStats {
        let mut s = ColStats::default();
        let end = start.saturating_add(STATS_ROWS).min(self.height);
        for r in start..end {
            let Some(cell) = self.cell(r, c) else {
                continue;
            };
            match &cell.data {
                crate::workbook::Data::Number(_) => {
                    s.numbers += 1;
                    s.filled += 1;
                }
                crate::workbook::Data::Text(t) => {
                    let t = t.trim();
                    if t.is_empty() {
                        continue;
                    }
                    s.filled += 1;
                    let words = t.split_whitespace().count();
                    if t.chars().any(|ch| ch.is_ascii_digit()) {
                        if words <= 3 {
                            s.numbers += 1;
                        }
                    } else if words >= 3 {
                        s.long_texts += 1;
                    } else if t.chars().count() <= 20 && t.chars().any(char::is_alphabetic) {
                        s.short_words += 1;
                    }
                }
                crate::workbook::Data::Empty => {}
                _ => s.filled += 1,
            }
        }
        s
    }

    /// Every column under the header with its header path read whole: a candidate for
    /// a role, or a column without one (see `columns.rs`), in column order.
    pub(super) fn header_columns(
        &self,
        rows: &[u32],
        body: u32,
    ) -> (Vec<columns::Candidate>, Vec<columns::NoRole>) {
        let spread = self.header_spread(rows);
        let width = rows
            .iter()
            .map(|&r| self.row(r).len() as u32)
            .max()
            .unwrap_or(0);
        let mut candidates = Vec::new();
        let mut no_role = Vec::new();
        for c in 0..width {
            let mut path: Vec<((u32, u32), String, Option<HeaderCell>)> = Vec::new();
            for &r in rows {
                let origin = spread.get(&(r, c)).copied().unwrap_or((r, c));
                let Some(cell) = self.cell(origin.0, origin.1) else {
                    continue;
                };
                let t = match &cell.data {
                    crate::workbook::Data::Text(t) => lines::collapse(t),
                    crate::workbook::Data::Number(n) if is_year_number(*n) => format!("{n}"),
                    crate::workbook::Data::Number(_) => match vocab::month_header(cell) {
                        Some(t) => t,
                        None => continue,
                    },
                    _ => continue,
                };
                if t.is_empty() || path.iter().any(|(o, _, _)| *o == origin) {
                    continue;
                }
                // The numbered-column row says nothing of the role.
                if lines::colnum_text(&t).is_some() && self.is_colnum_row(r) {
                    continue;
                }
                let h = header::classify(&t);
                path.push((origin, t, h));
            }
            if path.is_empty() {
                continue;
            }
            match columns::fold(c, &path, self.col_stats(c, body)) {
                Ok(cand) => candidates.push(cand),
                Err(n) => no_role.push(n),
            }
        }
        (candidates, no_role)
    }

    /// A table without a Satuan header often still has the units in a column of its own
    /// (the Permendagri 86 form keeps them under the plan's "K"): a column between the
    /// indicator and the first value column whose cells are short words ("persen",
    /// "jenis", "lembar") is the unit column.
    pub(super) fn unit_by_content(&self, choice: &mut columns::Choice, body: u32) {
        if choice.columns.iter().any(|c| c.role == Role::Unit) {
            return;
        }
        let col_of = |role: Role| {
            choice
                .columns
                .iter()
                .find(|c| c.role == role)
                .map(|c| c.col)
        };
        let Some(indicator) = col_of(Role::Indicator) else {
            return;
        };
        let first_value = [Role::Target, Role::Realisasi, Role::Capaian]
            .into_iter()
            .filter_map(col_of)
            .min()
            .unwrap_or(u32::MAX);
        let taken: Vec<u32> = choice.columns.iter().map(|c| c.col).collect();
        let unit = (indicator.saturating_add(1)..first_value.min(self.sheet.width()))
            .filter(|c| !taken.contains(c))
            .find(|&c| {
                let s = self.col_stats(c, body);
                s.short_words >= 2 && s.short_words * 10 >= s.filled * 8
            });
        if let Some(col) = unit {
            let header = choice
                .alternatives
                .iter()
                .find(|a| a.col == col)
                .map(|a| a.header.clone())
                .unwrap_or_default();
            choice.alternatives.retain(|a| a.col != col);
            choice.columns.push(Column {
                role: Role::Unit,
                col,
                header,
                term: "(cells hold unit words)".into(),
                period: None,
                scope: Scope::Current,
                year: None,
                cumulative: false,
                parts: Vec::new(),
                periods: Vec::new(),
                fallback: None,
            });
            choice.columns.sort_by_key(|c| c.col);
        }
    }
    /// Text of the non-blank rows between `from` and the header: the cells over the
    /// table's columns, or the whole rows when none of them stands over its columns (one
    /// title over tables side by side).
    pub(super) fn title(&self, from: u32, top: u32, span: Span) -> Vec<String> {
        let lines = |span: Span| -> Vec<String> {
            let mut out = Vec::new();
            // A note ("Sumber: …", "*) …") and the lines that go on it are no title.
            let mut note: Option<String> = None;
            for r in from..top {
                let parts: Vec<String> = self
                    .row(r)
                    .iter()
                    .enumerate()
                    .filter(|(c, _)| span.contains(*c as u32))
                    .map(|(_, c)| lines::collapse(&c.text()))
                    .filter(|t| !t.is_empty())
                    .collect();
                if parts.is_empty() {
                    note = None;
                    continue;
                }
                let line = parts.join(" ");
                if lines::note_line(note.as_deref(), &line) {
                    note = Some(line);
                } else {
                    note = None;
                    out.push(line);
                }
            }
            out
        };
        let own = lines(span);
        if own.is_empty() && span != Span::ALL {
            lines(Span::ALL)
        } else {
            own
        }
    }

    /// The vertical merge that covers (r, c) from a row above, if any.
    pub(super) fn covering_merge(&self, r: u32, c: u32) -> Option<Merge> {
        let merges = self.vertical.get(&c)?;
        // Sorted by first_row: the last one starting at or above r is the only candidate
        // in a well-formed sheet.
        let idx = merges.partition_point(|m| m.first_row <= r);
        let m = *merges.get(idx.checked_sub(1)?)?;
        (m.first_row < r && m.last_row >= r).then_some(m)
    }
}

//! The body of a table: its rows read below the header, line by line (indicator rows,
//! wrapped lines joined above or below, sub-items under their label, section headings,
//! summary and footer rows), then built into `TableRow`s with their cells.

use super::*;

/// An indicator record being assembled: the sheet rows of its lines (first line first)
/// and the row that holds its numbers.
pub(super) struct Rec {
    pub(super) lines: Vec<u32>,
    pub(super) values: Option<u32>,
    /// Statement inheritance stops at a section heading.
    pub(super) after_section: bool,
    /// The row of the parent label a sub-item ("a. Pertanian") belongs to.
    pub(super) parent: Option<u32>,
    /// Section heading rows seen since the record before this one.
    pub(super) headings: Vec<u32>,
}

impl Rec {
    pub(super) fn last_line(&self) -> u32 {
        self.lines.last().copied().unwrap_or(0)
    }
}

pub(super) struct Body {
    pub(super) rows: Vec<TableRow>,
    pub(super) hidden_rows: Vec<TableRow>,
    /// First row after the table (where a next table may start).
    pub(super) end: u32,
    /// The last sheet row that belongs to one of its rows (a caption between it and
    /// `end` is the next table's title).
    pub(super) last: Option<u32>,
}

/// State of the body scan.
pub(super) struct Scan<'g, 'a> {
    pub(super) grid: &'g Grid<'a>,
    pub(super) cols: &'g Cols,
    /// The schema's say on wordings, when the caller has a schema.
    pub(super) wording: Option<&'g dyn Wording>,
    pub(super) recs: Vec<Rec>,
    /// Text-only rows not yet given to a record (contiguous, ending at the row above).
    pub(super) pending: Vec<u32>,
    /// Whether the last record may still take continuation lines.
    pub(super) attach: bool,
    /// A section heading was seen since the last record.
    pub(super) section: bool,
    /// The label row ("Jumlah rumusan kebijakan bidang :") whose sub-items ("a. …",
    /// "b. …") are being read.
    pub(super) parent: Option<u32>,
    /// Section heading rows not yet given to a record.
    pub(super) headings: Vec<u32>,
}

impl Scan<'_, '_> {
    pub(super) fn indicator_text(&self, r: u32) -> String {
        self.grid.text_at(r, self.cols.indicator)
    }

    pub(super) fn no_text(&self, r: u32) -> String {
        self.grid.text_at(r, self.cols.no)
    }

    pub(super) fn push(&mut self, lines: Vec<u32>, values: Option<u32>) {
        let sub_item = lines
            .last()
            .is_some_and(|&r| lines::is_sub_item(&self.indicator_text(r)));
        if !sub_item {
            self.parent = None;
        }
        self.recs.push(Rec {
            lines,
            values,
            after_section: std::mem::take(&mut self.section),
            parent: self.parent,
            headings: std::mem::take(&mut self.headings),
        });
        self.attach = true;
    }

    /// Before the value row `r` is read: a text-only row right above it that is the
    /// label of sub-items ("Jumlah dokumen sub sektor :" over "a. Pertanian") becomes
    /// their parent, never a row of its own.
    pub(super) fn take_parent(&mut self, r: u32) {
        if !lines::is_sub_item(&self.indicator_text(r)) {
            return;
        }
        let Some(&p) = self.pending.last() else {
            return;
        };
        if p.saturating_add(1) == r && !self.indicator_text(p).is_empty() {
            self.pending.pop();
            self.parent = Some(p);
        }
    }

    /// Before the value row `r` is read: a text-only fragment right above it that
    /// starts its indicator ("Jumlah" over "pengaduan yang ditindaklanjuti …") is its
    /// first line.
    pub(super) fn take_lead_fragment(&mut self, r: u32) -> Option<u32> {
        if !self.lead_fragment_fits(r) {
            return None;
        }
        self.pending.pop()
    }

    /// Before the value row `r` is read, with a schema: the text-only lines right above
    /// it (up to `join::MAX_LINES`, each with indicator text) are placed the way that
    /// names the schema's indicators best (see `join.rs`), when that is plainly better
    /// than how the lines read. Lines joining the record above are joined to it, lines
    /// standing alone become records; returns the lines that start row `r`'s record
    /// (maybe none). `None`: the lines' reading decides, as without a schema.
    pub(super) fn place_by_wording(&mut self, r: u32) -> Option<Vec<u32>> {
        let wording = self.wording?;
        let (&first, &last) = (self.pending.first()?, self.pending.last()?);
        let k = self.pending.len();
        let contiguous = last.saturating_add(1) == r
            && u32::try_from(k - 1).is_ok_and(|n| first.saturating_add(n) == last);
        if k > join::MAX_LINES || !contiguous || lines::is_sub_item(&self.indicator_text(r)) {
            return None;
        }
        let mut texts = Vec::with_capacity(k);
        for &p in &self.pending {
            let text = self.indicator_text(p);
            if text.is_empty() {
                return None;
            }
            texts.push(join::Line {
                indicator_like: lines::looks_like_indicator(&text),
                numbered: !self.no_text(p).is_empty(),
                text,
            });
        }
        let above = self
            .recs
            .last()
            .filter(|rec| self.attach && rec.last_line().saturating_add(1) == first)
            .map(|rec| {
                rec.lines
                    .iter()
                    .map(|&l| self.indicator_text(l))
                    .filter(|t| !t.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            });
        let below = self.indicator_text(r);
        let between = join::Between {
            above: above.as_deref(),
            lines: &texts,
            below: &below,
        };
        let reading = between.reading(self.lead_fragment_fits(r));
        // Lines that read as one phrase with the row above (each goes on in lower case
        // or on a connector) are its tail: the schema is not asked (it would be asked
        // for every wrapped line, the commonest kind, and costs a match per way).
        let plain_tail = reading.up == k && texts.iter().all(|l| lines::is_tail_fragment(&l.text));
        if plain_tail {
            return None;
        }
        let way = between.decide(&reading, wording)?;
        let pending = std::mem::take(&mut self.pending);
        if let Some(rec) = self.recs.last_mut() {
            rec.lines.extend(pending.iter().take(way.up));
        }
        for g in way.alone {
            self.push(pending.get(g).unwrap_or(&[]).to_vec(), None);
        }
        Some(pending.get(way.down..).unwrap_or(&[]).to_vec())
    }

    /// With a schema: whether the text-only row `r` (a "Jumlah" that would otherwise be
    /// a total line) starts the indicator of the row below, its wording naming one of
    /// the schema's indicators plainly better joined than apart.
    pub(super) fn starts_the_row_below(&self, r: u32) -> bool {
        let Some(wording) = self.wording else {
            return false;
        };
        let (text, below) = (
            self.indicator_text(r),
            self.indicator_text(r.saturating_add(1)),
        );
        if text.is_empty() || below.is_empty() {
            return false;
        }
        let joined = wording.score(&format!("{text} {below}"));
        joined > 0.0 && joined > wording.score(&below) + join::MARGIN
    }

    /// Whether the last pending row reads as the first line of the value row `r`.
    pub(super) fn lead_fragment_fits(&self, r: u32) -> bool {
        let Some(&p) = self.pending.last() else {
            return false;
        };
        let text = self.indicator_text(p);
        // A line that reads as the tail of the record right above it ("yang
        // ditindaklanjuti") stays with that record.
        let after_record = self.attach
            && self.pending.len() == 1
            && self
                .recs
                .last()
                .is_some_and(|rec| rec.last_line().saturating_add(1) == p);
        let record_open = self
            .recs
            .last()
            .is_some_and(|rec| lines::ends_open(&self.indicator_text(rec.last_line())));
        if after_record && (lines::is_tail_fragment(&text) || record_open) {
            return false;
        }
        // A numbered row starts its own text; an unnumbered line above it is not its lead,
        // unless the row's text plainly goes on from it (starts in lower case).
        let below = self.indicator_text(r);
        let numbering_fits = !self.no_text(p).is_empty()
            || self.no_text(r).is_empty()
            || below.chars().next().is_some_and(char::is_lowercase);
        p.saturating_add(1) == r && numbering_fits && lines::is_lead_fragment(&text, &below)
    }

    /// Give pending text-only rows away: an indicator wording starts its own record (its
    /// numbers are blank), other text continues the record directly above; a numbered
    /// line is never a wrapped tail, and text that belongs to nothing (a caption between
    /// tables) is dropped.
    pub(super) fn flush(&mut self) {
        for p in std::mem::take(&mut self.pending) {
            let ind = self.indicator_text(p);
            if lines::looks_like_indicator(&ind) {
                self.push(vec![p], None);
                continue;
            }
            if !self.no_text(p).is_empty() {
                self.attach = false;
                continue;
            }
            let adjacent = self.attach
                && self
                    .recs
                    .last()
                    .is_some_and(|rec| rec.last_line().saturating_add(1) == p);
            match self.recs.last_mut() {
                Some(rec) if adjacent => rec.lines.push(p),
                _ => self.attach = false,
            }
        }
    }

    /// Whether row `r` could be the wrapped tail of the record above.
    pub(super) fn continues_above(&self, r: u32) -> bool {
        let last = self
            .pending
            .last()
            .copied()
            .or_else(|| self.recs.last().map(Rec::last_line));
        self.attach && !self.recs.is_empty() && last.is_some_and(|l| l.saturating_add(1) == r)
    }

    /// The row's label: the first text in the numbering, statement or indicator column.
    pub(super) fn label(&self, r: u32) -> String {
        self.cols
            .label_cols()
            .into_iter()
            .map(|c| self.grid.text(r, c))
            .find(|t| !t.is_empty())
            .unwrap_or_default()
    }

    pub(super) fn is_section(&self, r: u32) -> bool {
        let label = self.label(r);
        if label.is_empty() {
            return false;
        }
        if let Some(no) = self.cols.no {
            let n = self.grid.text(r, no);
            if !n.is_empty() && lines::is_section_number(&n) {
                return true;
            }
        }
        if lines::is_section_heading(&label) {
            return true;
        }
        // A heading merged across the value columns.
        let span = self.cols.span;
        let first_text_col = self
            .grid
            .row(r)
            .iter()
            .enumerate()
            .skip(span.lo as usize)
            .find(|(c, cell)| span.contains(*c as u32) && !cell.is_empty())
            .map(|(c, _)| c as u32);
        if let Some(c) = first_text_col {
            if let Some(m) = self.grid.merge_at.get(&(r, c)) {
                let reaches_values = self
                    .cols
                    .values()
                    .into_iter()
                    .any(|v| m.first_col <= v && v <= m.last_col);
                if m.last_col > m.first_col && reaches_values {
                    return true;
                }
            }
        }
        lines::starts_with_level_word(&label)
            && (lines::is_upper(&label) || !self.continues_above(r))
    }

    pub(super) fn is_footer(&self, r: u32) -> bool {
        let footer = self.grid.row(r).iter().any(
            |cell| matches!(&cell.data, crate::workbook::Data::Text(t) if lines::is_footer_text(t)),
        );
        footer && !lines::looks_like_indicator(&self.indicator_text(r))
    }
}

/// Read the indicator rows under the header, from `start` until the table ends.
pub(super) fn read_body(
    grid: &Grid,
    cols: &Cols,
    start: u32,
    wording: Option<&dyn Wording>,
) -> Body {
    let mut scan = Scan {
        grid,
        cols,
        wording,
        recs: Vec::new(),
        pending: Vec::new(),
        attach: false,
        section: false,
        parent: None,
        headings: Vec::new(),
    };
    let table_cols = cols.all();
    let mut blank_run = 0u32;
    // The last line of a note under the table ("Keterangan :", "1. …"): the lines without
    // figures that go on it are the note's (`lines::continues_note`); a blank row ends it.
    let mut note: Option<String> = None;
    let mut end = grid.height;
    let mut r = start;
    let mut hidden_recs: Vec<Rec> = Vec::new();
    while r < grid.height {
        if grid.hidden.is_some_and(|h| h.contains(&r)) {
            // Skipped whole: a hidden row is neither data nor a wrapped line; one with
            // figures is kept aside to be reported.
            if cols.values().into_iter().any(|c| grid.filled(r, c)) {
                hidden_recs.push(Rec {
                    lines: vec![r],
                    values: Some(r),
                    after_section: false,
                    parent: None,
                    headings: Vec::new(),
                });
            }
            r = r.saturating_add(1);
            continue;
        }
        let blank = table_cols.iter().all(|&c| !grid.filled(r, c));
        if blank {
            // Content outside the table columns (a signature far right) still ends it.
            if !grid.is_blank_row(r) && scan.is_footer(r) {
                end = r;
                break;
            }
            scan.flush();
            scan.attach = false;
            note = None;
            blank_run += 1;
            if blank_run >= MAX_BLANK_GAP {
                end = r.saturating_add(1);
                break;
            }
            r = r.saturating_add(1);
            continue;
        }
        blank_run = 0;
        if scan.is_footer(r) || grid.is_header_row(r) {
            end = r;
            break;
        }
        // A total or average line ("Jumlah", "Rata-rata capaian") is not an indicator;
        // a lone "Jumlah" with no figures over a line that goes on in lower case is the
        // first word of the indicator below.
        let fragment = || {
            !cols.values().into_iter().any(|c| grid.filled(r, c))
                && (scan
                    .indicator_text(r.saturating_add(1))
                    .chars()
                    .next()
                    .is_some_and(char::is_lowercase)
                    || scan.starts_the_row_below(r))
        };
        if lines::is_summary_text(&scan.label(r)) && !fragment() {
            scan.flush();
            scan.attach = false;
            r = r.saturating_add(1);
            continue;
        }
        let has_values = cols.values().into_iter().any(|c| grid.filled(r, c));
        // A note ("Sumber: hasil SKM tahun 2022", "*) angka sementara", "Keterangan :"
        // over a numbered list) is never the wrapped end of the indicator above it, nor
        // are the lines that go on it.
        let label = scan.label(r);
        // A section row under a note starts the table's own lines again.
        let section = || !lines::is_note_text(&label) && scan.is_section(r);
        note = if !has_values && lines::note_line(note.as_deref(), &label) && !section() {
            Some(label)
        } else {
            None
        };
        if note.is_some() {
            scan.flush();
            scan.attach = false;
            r = r.saturating_add(1);
            continue;
        }
        if !has_values {
            if scan.is_section(r) {
                scan.flush();
                scan.attach = false;
                scan.section = true;
                scan.headings.push(r);
            } else {
                scan.pending.push(r);
            }
            r = r.saturating_add(1);
            continue;
        }
        if !scan.indicator_text(r).is_empty() {
            scan.take_parent(r);
            if let Some(mut lead) = scan.place_by_wording(r) {
                lead.push(r);
                scan.push(lead, Some(r));
                r = r.saturating_add(1);
                continue;
            }
            if let Some(lead) = scan.take_lead_fragment(r) {
                scan.flush();
                scan.push(vec![lead, r], Some(r));
                r = r.saturating_add(1);
                continue;
            }
            // A numbered line above an unnumbered row of numbers is that row's first line
            // (its statement sits one row higher than its indicator).
            let numbered_first = if cols.no.is_some() && scan.no_text(r).is_empty() {
                scan.pending
                    .iter()
                    .position(|&p| !scan.no_text(p).is_empty() && scan.indicator_text(p).is_empty())
            } else {
                None
            };
            match numbered_first {
                Some(k) => {
                    let mut lead = scan.pending.split_off(k);
                    scan.flush();
                    lead.push(r);
                    scan.push(lead, Some(r));
                }
                None => {
                    scan.flush();
                    scan.push(vec![r], Some(r));
                }
            }
        } else if let Some(k) = scan
            .pending
            .iter()
            .position(|&p| !scan.indicator_text(p).is_empty())
        {
            // The indicator's first line sits above its numbers: those pending lines
            // start this record, the ones before them end the record above.
            let mut lead = scan.pending.split_off(k);
            scan.flush();
            lead.push(r);
            scan.push(lead, Some(r));
        } else {
            // Numbers without any indicator text: not an indicator row.
            scan.flush();
            scan.attach = false;
        }
        r = r.saturating_add(1);
    }
    scan.flush();
    let rows = build_rows(grid, cols, &scan.recs);
    hidden_recs.retain(|rec| rec.lines.iter().all(|&l| l < end));
    let hidden_rows = build_rows(grid, cols, &hidden_recs);
    let last = scan.recs.iter().map(Rec::last_line).max();
    Body {
        rows,
        hidden_rows,
        end,
        last,
    }
}

/// Turn records into table rows: join text lines, fill blank statements down.
pub(super) fn build_rows(grid: &Grid, cols: &Cols, recs: &[Rec]) -> Vec<TableRow> {
    let sheet = grid.sheet.name.as_str();

    let text_cell = |rec: &Rec, col: Option<u32>| -> Option<RowCell> {
        let col = col?;
        let mut first: Option<u32> = None;
        let mut parts: Vec<String> = Vec::new();
        for &line in &rec.lines {
            let t = grid.text(line, col);
            if !t.is_empty() {
                first.get_or_insert(line);
                parts.push(t);
            }
        }
        let at_row = first.unwrap_or_else(|| {
            rec.values
                .unwrap_or(rec.lines.first().copied().unwrap_or(0))
        });
        Some(RowCell {
            at: CellRef::new(sheet, at_row, col),
            cell: grid.cell(at_row, col).cloned().unwrap_or_default(),
            text: parts.join(" "),
        })
    };
    let value_cell = |row: u32, col: Option<u32>| -> Option<RowCell> {
        let col = col?;
        let cell = grid.cell(row, col).cloned().unwrap_or_default();
        Some(RowCell {
            at: CellRef::new(sheet, row, col),
            text: cell.text().trim().to_string(),
            cell,
        })
    };

    // A section heading: its label cells' texts joined, at the first of them.
    let heading = |r: u32| -> Option<RowCell> {
        let cells: Vec<(u32, String)> = cols
            .label_cols()
            .into_iter()
            .map(|c| (c, grid.text(r, c)))
            .filter(|(_, t)| !t.is_empty())
            .collect();
        let &(col, _) = cells.first()?;
        Some(RowCell {
            at: CellRef::new(sheet, r, col),
            cell: grid.cell(r, col).cloned().unwrap_or_default(),
            text: cells
                .iter()
                .map(|(_, t)| t.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        })
    };
    let mut rows = Vec::with_capacity(recs.len());
    let mut previous_statement: Option<RowCell> = None;
    for rec in recs {
        if rec.after_section {
            previous_statement = None;
        }
        let first_line = rec.lines.first().copied().unwrap_or(0);
        let row = rec.values.unwrap_or(first_line);
        let mut statement = text_cell(rec, cols.statement);
        if let Some(st) = statement.as_mut() {
            if st.text.is_empty() {
                if let Some(filled) =
                    fill_statement(grid, first_line, st.at.col, previous_statement.as_ref())
                {
                    *st = filled;
                }
            }
            if !st.text.is_empty() {
                previous_statement = Some(st.clone());
            }
        }
        // A sub-item's parent label is its statement where the row has none.
        let parent = rec.parent.and_then(|p| {
            let col = cols.indicator?;
            Some(RowCell {
                at: CellRef::new(sheet, p, col),
                cell: grid.cell(p, col).cloned().unwrap_or_default(),
                text: grid.text(p, col),
            })
        });
        if statement.as_ref().is_none_or(|s| s.text.is_empty()) && parent.is_some() {
            statement = parent.clone();
        }
        let parts = |cols: &[u32]| -> Vec<RowCell> {
            cols.iter()
                .filter_map(|&c| value_cell(row, Some(c)))
                .filter(|c| !c.text.is_empty())
                .collect()
        };
        let quarters = cols
            .quarters
            .iter()
            .map(|q| QuarterCells {
                quarter: q.quarter,
                target: value_cell(row, q.target),
                realisasi: value_cell(row, q.realisasi),
                realisasi_anggaran: value_cell(row, q.realisasi_anggaran),
                persen: value_cell(row, q.persen),
            })
            .collect();
        rows.push(TableRow {
            row,
            no: text_cell(rec, cols.no),
            statement,
            indicator: text_cell(rec, cols.indicator),
            unit: text_cell(rec, cols.unit),
            target: value_cell(row, cols.target)
                .filter(|c| cols.target_fallback.is_none() || !unrevised(&c.text))
                .or_else(|| value_cell(row, cols.target_fallback)),
            realisasi: value_cell(row, cols.realisasi),
            capaian: value_cell(row, cols.capaian),
            keterangan: text_cell(rec, cols.keterangan),
            target_parts: parts(&cols.target_parts),
            realisasi_parts: parts(&cols.realisasi_parts),
            realisasi_periods: parts(&cols.realisasi_periods),
            quarters,
            target_anggaran: value_cell(row, cols.money[0]),
            realisasi_anggaran: value_cell(row, cols.money[1]),
            capaian_anggaran: value_cell(row, cols.money[2]),
            parent,
            sections: rec.headings.iter().filter_map(|&h| heading(h)).collect(),
        });
    }
    rows
}

/// A revised-target cell that says the target was not revised: blank, a dash, or a word
/// for "unchanged" ("tetap", "idem", "tidak berubah", "sama"). The original target is
/// read on that row.
fn unrevised(text: &str) -> bool {
    let t = lines::collapse(text).to_lowercase();
    let t = t.trim_matches(|c: char| c.is_whitespace() || c == '.' || c == '"');
    t.chars()
        .all(|c| matches!(c, '-' | '\u{2013}' | '\u{2014}'))
        || matches!(
            t,
            "tetap" | "idem" | "sama" | "tidak berubah" | "tdk berubah" | "tidak ada perubahan"
        )
}

/// The statement of a row whose own statement cell is blank: the merged cell over it, or
/// the statement of the row above (a statement shared by several indicators).
pub(super) fn fill_statement(
    grid: &Grid,
    row: u32,
    col: u32,
    previous: Option<&RowCell>,
) -> Option<RowCell> {
    if let Some(m) = grid.covering_merge(row, col) {
        let origin = CellRef::new(grid.sheet.name.as_str(), m.first_row, m.first_col);
        if let Some(prev) = previous.filter(|p| p.at == origin) {
            return Some(prev.clone());
        }
        let text = grid.text(m.first_row, m.first_col);
        if !text.is_empty() {
            return Some(RowCell {
                at: origin,
                cell: grid
                    .cell(m.first_row, m.first_col)
                    .cloned()
                    .unwrap_or_default(),
                text,
            });
        }
    }
    previous.cloned()
}

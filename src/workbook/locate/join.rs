//! Where the text-only lines between two indicator rows go, asked of the schema: each
//! line joins the row above, the row below, or starts an indicator of its own (an
//! indicator wording with blank figures), and the way of joining whose wordings name the
//! schema's indicators best wins, when it beats by a margin what the lines alone say
//! (`lines.rs`: lower case goes on from above, a one-word "Jumlah" starts the row below).
//! Pure: the caller gives the texts and a scorer; nothing here sees a grid.

use std::ops::Range;

/// How well a wording names one of the schema's indicators: 0 when it names none, 1 when
/// it is one of its wordings exactly. The pipeline passes the schema's matcher; without
/// one, lines are joined by how they read.
pub trait Wording {
    fn score(&self, indicator: &str) -> f64;
}

/// A way of joining must name the schema's indicators better than the reading of the
/// lines by this much (a sum of match confidences) to be taken instead.
pub(crate) const MARGIN: f64 = 0.05;

/// At most this many text-only lines in a row are weighed (longer runs are left to how
/// the lines read: the ways of joining grow with the square of the run).
pub(crate) const MAX_LINES: usize = 3;

/// One text-only line between the record above and the row of figures below.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    /// Its indicator-column text.
    pub text: String,
    /// It has a number in the numbering column: an item starts there.
    pub numbered: bool,
    /// It reads as a whole indicator wording ("Jumlah …", "Persentase …").
    pub indicator_like: bool,
}

/// The lines to place: the record right above (its indicator text, when lines may still
/// join it), the lines, and the row of figures right below them.
pub(crate) struct Between<'a> {
    pub above: Option<&'a str>,
    pub lines: &'a [Line],
    pub below: &'a str,
}

/// Where each line goes: `lines[..up]` join the record above, each range of `alone`
/// is a record of its own, `lines[down..]` start the row below; lines in none of them
/// belong to nothing (a caption) and are dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Outcome {
    pub up: usize,
    pub alone: Vec<Range<usize>>,
    pub down: usize,
}

impl Between<'_> {
    /// What the lines' reading does (as `Scan::flush` and the lead-line rule do), when
    /// `lead` says the last line starts the row below.
    pub(crate) fn reading(&self, lead: bool) -> Outcome {
        let k = self.lines.len();
        let down = if lead { k.saturating_sub(1) } else { k };
        let mut attach = self.above.is_some();
        let mut up = 0;
        let mut alone: Vec<Range<usize>> = Vec::new();
        for (i, line) in self.lines.iter().enumerate().take(down) {
            if line.indicator_like {
                alone.push(i..i + 1);
                attach = true;
            } else if line.numbered || !attach {
                attach = false;
            } else if let Some(last) = alone.last_mut().filter(|g| g.end == i) {
                last.end = i + 1;
            } else if up == i {
                up += 1;
            } else {
                attach = false;
            }
        }
        Outcome { up, alone, down }
    }

    /// Every way of placing the lines that keeps each numbered line at the start of an
    /// item: lines up, then records of their own (each starting on an indicator
    /// wording), then lines down. Lines may start a numbered row below even when it does
    /// not go on in lower case ("Jumlah" over "2 | Pengaduan …"): the reading never
    /// joins them, the schema may, when the joined wording is one it names.
    fn ways(&self) -> Vec<Outcome> {
        let k = self.lines.len();
        let numbered = |r: Range<usize>| {
            self.lines
                .get(r)
                .is_some_and(|l| l.iter().any(|l| l.numbered))
        };
        let mut ways = Vec::new();
        for up in 0..=k {
            if up > 0 && (self.above.is_none() || numbered(0..up)) {
                break;
            }
            for down in up..=k {
                if down < k && numbered(down + 1..k) {
                    continue;
                }
                // The lines between stand alone, a record starting at each indicator
                // wording; a numbered line that is not one cannot go on from another.
                let mut alone: Vec<Range<usize>> = Vec::new();
                let mut fits = true;
                for i in up..down {
                    let Some(line) = self.lines.get(i) else {
                        fits = false;
                        break;
                    };
                    if line.indicator_like {
                        alone.push(i..i + 1);
                    } else if line.numbered {
                        fits = false;
                    } else if let Some(last) = alone.last_mut() {
                        last.end = i + 1;
                    } else {
                        fits = false;
                    }
                }
                if fits {
                    ways.push(Outcome { up, alone, down });
                }
            }
        }
        ways
    }

    /// The indicator texts an outcome makes (the record above, those of their own, the
    /// row below), each with the lines it takes joined by a space.
    fn texts(&self, o: &Outcome) -> Vec<String> {
        let join = |first: Option<&str>, r: Range<usize>, last: Option<&str>| -> String {
            let mut parts: Vec<&str> = Vec::new();
            parts.extend(first);
            parts.extend(
                self.lines
                    .get(r)
                    .unwrap_or(&[])
                    .iter()
                    .map(|l| l.text.as_str()),
            );
            parts.extend(last);
            parts.retain(|p| !p.is_empty());
            parts.join(" ")
        };
        let mut texts = Vec::with_capacity(o.alone.len() + 2);
        if self.above.is_some() {
            texts.push(join(self.above, 0..o.up, None));
        }
        for g in &o.alone {
            texts.push(join(None, g.clone(), None));
        }
        texts.push(join(None, o.down..self.lines.len(), Some(self.below)));
        texts
    }

    /// The way of placing the lines that names the schema's indicators best, when it
    /// beats the lines' own reading (`reading`) by the margin; None to keep the reading.
    pub(crate) fn decide(&self, reading: &Outcome, wording: &dyn Wording) -> Option<Outcome> {
        let mut seen: Vec<(String, f64)> = Vec::new();
        let mut score = |o: &Outcome| -> f64 {
            self.texts(o)
                .into_iter()
                .map(|t| {
                    if let Some((_, s)) = seen.iter().find(|(s, _)| *s == t) {
                        return *s;
                    }
                    let s = if t.is_empty() { 0.0 } else { wording.score(&t) };
                    seen.push((t, s));
                    s
                })
                .sum()
        };
        let base = score(reading);
        let mut best: Option<(f64, Outcome)> = None;
        for way in self.ways() {
            // A way scores at most one per text: one that cannot beat the reading (the
            // usual case: the reading's wordings are the schema's) is not scored.
            let most = self.texts(&way).len() as f64;
            if most <= base + MARGIN {
                continue;
            }
            let s = score(&way);
            if best.as_ref().is_none_or(|(b, _)| s > *b) {
                best = Some((s, way));
            }
        }
        best.filter(|(s, way)| *s > base + MARGIN && way != reading)
            .map(|(_, way)| way)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A schema of a few wordings: 1 for an exact one, else 0.
    struct Known(&'static [&'static str]);

    impl Wording for Known {
        fn score(&self, indicator: &str) -> f64 {
            let t = indicator.to_lowercase();
            if self.0.iter().any(|k| k.to_lowercase() == t) {
                1.0
            } else {
                0.0
            }
        }
    }

    fn line(text: &str) -> Line {
        Line {
            text: text.into(),
            numbered: false,
            indicator_like: super::super::lines::looks_like_indicator(text),
        }
    }

    #[test]
    #[allow(clippy::single_range_in_vec_init)]
    fn the_reading_mirrors_flush() {
        let lines = [
            line("yang tersedia"),
            line("Persentase layanan"),
            line("sesuai SOP"),
        ];
        let b = Between {
            above: Some("Jumlah maklumat"),
            lines: &lines,
            below: "Jumlah SOP",
        };
        assert_eq!(
            b.reading(false),
            Outcome {
                up: 1,
                alone: vec![1..3],
                down: 3
            }
        );
        assert_eq!(
            b.reading(true),
            Outcome {
                up: 1,
                alone: vec![1..2],
                down: 2
            }
        );
        // Without a record to join, plain lines belong to nothing.
        let b = Between { above: None, ..b };
        assert_eq!(
            b.reading(false),
            Outcome {
                up: 0,
                alone: vec![1..3],
                down: 3
            }
        );
    }

    #[test]
    fn the_join_that_names_an_indicator_wins() {
        let known = Known(&[
            "Jumlah SOP yang disusun",
            "Jumlah pengaduan yang ditindaklanjuti",
            "Persentase layanan sesuai Standar Pelayanan",
        ]);
        // "Standar Pelayanan" reads as the start of the row below (two words) but
        // ends the indicator above.
        let lines = [line("Standar Pelayanan")];
        let b = Between {
            above: Some("Persentase layanan sesuai"),
            lines: &lines,
            below: "Jumlah SOP yang disusun",
        };
        let reading = b.reading(true);
        assert_eq!(reading.down, 0);
        assert_eq!(
            b.decide(&reading, &known),
            Some(Outcome {
                up: 1,
                alone: vec![],
                down: 1
            })
        );
        // An indicator wording the reading makes a record of its own (blank figures),
        // but that starts the row below.
        let lines = [line("Jumlah pengaduan")];
        let b = Between {
            above: Some("Jumlah SOP yang disusun"),
            lines: &lines,
            below: "yang ditindaklanjuti",
        };
        let reading = b.reading(false);
        assert_eq!(
            b.decide(&reading, &known),
            Some(Outcome {
                up: 0,
                alone: vec![],
                down: 0
            })
        );
        // Nothing the schema knows either way: the reading stands.
        let lines = [line("pelayanan")];
        let b = Between {
            above: Some("Indeks kepuasan"),
            lines: &lines,
            below: "Nilai SAKIP",
        };
        assert_eq!(b.decide(&b.reading(false), &known), None);
    }

    #[test]
    fn numbered_lines_start_items() {
        let mut numbered = line("Jumlah");
        numbered.numbered = true;
        let lines = [numbered];
        let b = Between {
            above: Some("Jumlah SOP yang"),
            lines: &lines,
            below: "disusun",
        };
        // A numbered line never joins the record above, whatever the schema says.
        let known = Known(&["Jumlah SOP yang Jumlah"]);
        assert!(b.ways().iter().all(|w| w.up == 0));
        assert_eq!(b.decide(&b.reading(false), &known), None);
    }
}

//! The Kemendagri gazetteer (Kepmendagri No 300.2.2-2138 Tahun 2025), built into the
//! binary: 514 kabupaten/kota and their 7,285 kecamatan with Kemendagri codes, so a
//! schema for any regency can start from its kecamatan list and any kecamatan of the
//! schema's regency can be identified by name or code.
//!
//! Data: `reference/wilayah-kemendagri-2025.csv`, extracted from cahyadsn/wilayah
//! (MIT License, Copyright (c) 2017-2025 Cahya DSN); see `reference/README.md`.

use super::matcher::compact_name;
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, OnceLock};

/// The gazetteer as shipped (`kode,level,nama`).
pub const GAZETTEER_CSV: &str = include_str!("../../reference/wilayah-kemendagri-2025.csv");

/// Attribution that goes with every use of the gazetteer.
pub const ATTRIBUTION: &str = "Kode wilayah: Kepmendagri No 300.2.2-2138 Tahun 2025, \
dari cahyadsn/wilayah (MIT License, Copyright (c) 2017-2025 Cahya DSN)";

/// One kecamatan of the gazetteer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WilayahKecamatan {
    /// Kemendagri code, dotted ("73.06.10").
    pub kode: String,
    /// The decree's spelling ("Tombolopao").
    pub nama: String,
}

/// One kabupaten or kota with its kecamatan, in code order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kabupaten {
    /// Kemendagri code ("73.06").
    pub kode: String,
    /// As the decree writes it ("Kabupaten Gowa", "Kota Makassar").
    pub nama: String,
    /// The provinsi's name ("Sulawesi Selatan").
    pub provinsi: String,
    pub kecamatan: Vec<WilayahKecamatan>,
}

/// Every kabupaten/kota, parsed once.
pub fn all() -> &'static [Kabupaten] {
    static ALL: OnceLock<Vec<Kabupaten>> = OnceLock::new();
    ALL.get_or_init(|| parse(GAZETTEER_CSV))
}

fn parse(csv: &str) -> Vec<Kabupaten> {
    let mut out: Vec<Kabupaten> = Vec::new();
    let mut provinsi = String::new();
    for line in csv.lines().skip(1) {
        let mut parts = line.splitn(3, ',');
        let (Some(kode), Some(level), Some(nama)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let nama = nama.trim().to_string();
        match level {
            "provinsi" => provinsi = nama,
            "kabupaten_kota" => out.push(Kabupaten {
                kode: kode.to_string(),
                nama,
                provinsi: provinsi.clone(),
                kecamatan: Vec::new(),
            }),
            "kecamatan" => {
                if let Some(k) = out.last_mut().filter(|k| kode.starts_with(&k.kode)) {
                    k.kecamatan.push(WilayahKecamatan {
                        kode: kode.to_string(),
                        nama,
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// Why a kabupaten name could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupError {
    /// No kabupaten/kota has this name or code.
    NotFound,
    /// Several do ("Bandung": Kabupaten Bandung and Kota Bandung); their names.
    Ambiguous(Vec<String>),
}

/// The name without "Kabupaten"/"Kab."/"Kota", compacted ("Kab. Gowa" → "gowa").
fn bare(name: &str) -> (String, Option<bool>) {
    let c = compact_name(name);
    for (prefix, is_kota) in [("kabupaten", false), ("kab", false), ("kota", true)] {
        if let Some(rest) = c.strip_prefix(prefix).filter(|r| !r.is_empty()) {
            return (rest.to_string(), Some(is_kota));
        }
    }
    (c, None)
}

/// The kabupaten/kota named `name`: "Kabupaten Gowa", "Kab. Gowa", "Gowa", "KOTA
/// MAKASSAR", or its code "73.06". A bare name shared by a kabupaten and a kota is
/// ambiguous unless the kabupaten is meant by the prefix.
pub fn find_kabupaten(name: &str) -> Result<&'static Kabupaten, LookupError> {
    let all = all();
    let code = name.trim();
    if let Some(k) = all.iter().find(|k| k.kode == code) {
        return Ok(k);
    }
    let full = compact_name(name);
    if full.is_empty() {
        return Err(LookupError::NotFound);
    }
    if let Some(k) = all.iter().find(|k| compact_name(&k.nama) == full) {
        return Ok(k);
    }
    let (want, want_kota) = bare(name);
    let hits: Vec<&Kabupaten> = all
        .iter()
        .filter(|k| {
            let (b, kota) = bare(&k.nama);
            b == want && (want_kota.is_none() || kota == want_kota)
        })
        .collect();
    match hits.as_slice() {
        [] => Err(LookupError::NotFound),
        [one] => Ok(one),
        many => Err(LookupError::Ambiguous(
            many.iter().map(|k| k.nama.clone()).collect(),
        )),
    }
}

/// The kabupaten a schema's `[regency] name` designates, when it is unambiguous.
pub fn regency(name: &str) -> Option<&'static Kabupaten> {
    // Asked for every file and every row of a batch with one or two names: remembered.
    static SEEN: LazyLock<Mutex<HashMap<String, Option<&'static Kabupaten>>>> =
        LazyLock::new(|| Mutex::new(HashMap::new()));
    if let Some(hit) = SEEN.lock().ok().and_then(|m| m.get(name).copied()) {
        return hit;
    }
    let found = find_kabupaten(name).ok();
    if let Ok(mut m) = SEEN.lock() {
        m.insert(name.to_string(), found);
    }
    found
}

/// A Kemendagri code reduced to its digits ("73.06.10" → "730610").
pub fn code_digits(kode: &str) -> String {
    kode.chars().filter(char::is_ascii_digit).collect()
}

/// Extra spellings for identifying a kecamatan of `schema`, as (compacted spelling,
/// canonical name): each listed kecamatan's BPS and Kemendagri codes; and, when the
/// schema's regency is in the gazetteer, the decree's name and code of each of its
/// kecamatan (a listed one by its schema name, an unlisted one by the decree's name).
pub fn national_names(schema: &super::Schema) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for k in &schema.kecamatan {
        for code in [code_digits(&k.bps), code_digits(&k.kemendagri)] {
            if code.len() >= 6 {
                out.push((code, k.name.clone()));
            }
        }
    }
    let Some(kab) = regency(&schema.regency.name) else {
        return out;
    };
    for g in &kab.kecamatan {
        let compact = compact_name(&g.nama);
        let listed = schema
            .kecamatan
            .iter()
            .find(|k| {
                (!k.kemendagri.is_empty() && code_digits(&k.kemendagri) == code_digits(&g.kode))
                    || compact_name(&k.name) == compact
            })
            // A schema without codes that spells the name otherwise ("Pattallassang"
            // for the decree's "Pattallasang") still means the same office.
            .or_else(|| {
                schema
                    .kecamatan
                    .iter()
                    .filter(|k| k.kemendagri.trim().is_empty())
                    .map(|k| {
                        (
                            strsim::normalized_levenshtein(&compact_name(&k.name), &compact),
                            k,
                        )
                    })
                    .filter(|(score, _)| *score >= 0.85)
                    .max_by(|a, b| a.0.total_cmp(&b.0))
                    .map(|(_, k)| k)
            });
        let name = listed.map_or_else(|| g.nama.clone(), |k| k.name.clone());
        out.push((compact, name.clone()));
        out.push((code_digits(&g.kode), name));
    }
    out
}

/// The regency's name for outputs: the decree's spelling when the schema's name
/// designates one kabupaten/kota ("Gowa" → "Kabupaten Gowa"), else as the schema has it.
pub fn kabupaten_name(schema: &super::Schema) -> String {
    regency(&schema.regency.name).map_or_else(|| schema.regency.name.clone(), |k| k.nama.clone())
}

/// The Kemendagri code of a kecamatan of the schema's regency: the schema's own, else
/// the gazetteer's for that name (the schema's name or one of its aliases).
pub fn kode_kecamatan(schema: &super::Schema, kecamatan: &str) -> Option<String> {
    let listed = schema.kecamatan.iter().find(|k| k.name == kecamatan);
    if let Some(k) = listed.filter(|k| !k.kemendagri.trim().is_empty()) {
        return Some(k.kemendagri.trim().to_string());
    }
    let spellings: Vec<String> = std::iter::once(kecamatan.to_string())
        .chain(listed.into_iter().flat_map(|k| k.aliases.iter().cloned()))
        .map(|s| compact_name(&s))
        .collect();
    let kab = regency(&schema.regency.name)?;
    if let Some(g) = kab
        .kecamatan
        .iter()
        .find(|g| spellings.contains(&compact_name(&g.nama)))
    {
        return Some(g.kode.clone());
    }
    // Spelt otherwise than the decree ("Pattallassang" / "Pattallasang").
    let own = compact_name(kecamatan);
    kab.kecamatan
        .iter()
        .map(|g| {
            (
                strsim::normalized_levenshtein(&own, &compact_name(&g.nama)),
                g,
            )
        })
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, g)| g.kode.clone())
}

/// A message for a lookup that failed, in both languages.
pub fn lookup_message(name: &str, e: &LookupError) -> crate::model::Text {
    match e {
        LookupError::NotFound => crate::model::Text::new(
            format!(
                "kabupaten/kota \"{name}\" tidak ada dalam daftar Kemendagri 2025; tulis seperti \"Kabupaten Gowa\", \"Kota Makassar\" atau kodenya \"73.06\""
            ),
            format!(
                "no kabupaten/kota \"{name}\" in the Kemendagri 2025 list; write it as \"Kabupaten Gowa\", \"Kota Makassar\" or its code \"73.06\""
            ),
        ),
        LookupError::Ambiguous(names) => crate::model::Text::new(
            format!(
                "\"{name}\" dapat berarti {}; tulis lengkap",
                names.join(" atau ")
            ),
            format!("\"{name}\" could be {}; write it in full", names.join(" or ")),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_country_is_there() {
        assert_eq!(all().len(), 514);
        let kec: usize = all().iter().map(|k| k.kecamatan.len()).sum();
        assert_eq!(kec, 7285);
    }

    #[test]
    fn gowa_by_any_spelling_or_code() {
        for name in [
            "Kabupaten Gowa",
            "Kab. Gowa",
            "gowa",
            "KABUPATEN GOWA",
            "73.06",
        ] {
            let k = find_kabupaten(name).expect(name);
            assert_eq!(k.nama, "Kabupaten Gowa");
            assert_eq!(k.kecamatan.len(), 18);
            assert_eq!(k.provinsi, "Sulawesi Selatan");
        }
        let k = find_kabupaten("Gowa").unwrap();
        assert!(k
            .kecamatan
            .iter()
            .any(|c| c.nama == "Tombolopao" && c.kode == "73.06.10"));
    }

    #[test]
    fn any_kecamatan_of_the_regency_by_name_or_code() {
        use crate::schema::{identify_kecamatan, load_str};
        let toml = "[regency]\nname = \"Kabupaten Gowa\"\ntahun = 2023\n\n\
                    [[kecamatan]]\nname = \"Tombolo Pao\"\nkemendagri = \"73.06.10\"\nbps = \"7306071\"\n";
        let (s, _) = load_str(toml, "t.toml").unwrap();
        let id = |t: &str| identify_kecamatan(&s, &[t]);
        // Listed: its name, the decree's spelling, both codes.
        assert_eq!(
            id("REALISASI KEC. TOMBOLOPAO").as_deref(),
            Some("Tombolo Pao")
        );
        assert_eq!(id("73.06.10_realisasi").as_deref(), Some("Tombolo Pao"));
        assert_eq!(id("7306071").as_deref(), Some("Tombolo Pao"));
        // Not listed in the schema, known from the gazetteer.
        assert_eq!(id("Kecamatan Bungaya 2023").as_deref(), Some("Bungaya"));
        assert_eq!(id("pk-73.06.18").as_deref(), Some("Bajeng Barat"));
        // Another regency's kecamatan is not this one's.
        assert_eq!(id("Kecamatan Kluet Utara"), None);

        // A schema without codes, spelling a name otherwise: the decree's spelling
        // still files under the schema's name.
        let toml = "[regency]\nname = \"Kabupaten Gowa\"\ntahun = 2023\n\n\
                    [[kecamatan]]\nname = \"Pattallassang\"\n";
        let (s, _) = load_str(toml, "t.toml").unwrap();
        assert_eq!(
            identify_kecamatan(&s, &["KECAMATAN PATTALLASANG"]).as_deref(),
            Some("Pattallassang")
        );
        assert_eq!(
            kode_kecamatan(&s, "Pattallassang").as_deref(),
            Some("73.06.13")
        );
        assert_eq!(kode_kecamatan(&s, "Bungaya").as_deref(), Some("73.06.09"));
        assert_eq!(kode_kecamatan(&s, "Atlantis"), None);
    }

    #[test]
    fn kabupaten_and_kota_of_one_name() {
        assert!(matches!(
            find_kabupaten("Bandung"),
            Err(LookupError::Ambiguous(_))
        ));
        assert_eq!(find_kabupaten("Kota Bandung").unwrap().nama, "Kota Bandung");
        assert_eq!(
            find_kabupaten("Kab Bandung").unwrap().nama,
            "Kabupaten Bandung"
        );
        assert_eq!(find_kabupaten("Atlantis"), Err(LookupError::NotFound));
        assert_eq!(find_kabupaten("  "), Err(LookupError::NotFound));
    }
}

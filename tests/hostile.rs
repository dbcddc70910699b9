//! A folder of hostile uploads built here (truncated, empty, random bytes, a zip with
//! the wrong entries, broken XML, a billion-laughs entity bomb, an encrypted-looking OLE
//! file, HTML and CSV renamed, a sheet full of error values, a sheet name that tries to
//! climb out of the output folder): the batch finishes, exits 0, and gives each file a
//! finding or its table; nothing is written outside --out.

mod common;
use common::*;
use std::io::Write;
use std::path::Path;

fn zip_with(path: &Path, entries: &[(&str, &str)]) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default();
    for (name, body) in entries {
        zip.start_file(*name, opts).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WB: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WB_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

fn xlsx_with_sheet_xml(path: &Path, sheet_xml: &str) {
    zip_with(
        path,
        &[
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", RELS),
            ("xl/workbook.xml", WB),
            ("xl/_rels/workbook.xml.rels", WB_RELS),
            ("xl/worksheets/sheet1.xml", sheet_xml),
        ],
    );
}

#[test]
fn batch_survives_hostile_uploads() {
    let dir = tempfile::tempdir().unwrap();
    let up = dir.path().join("uploads");
    std::fs::create_dir_all(&up).unwrap();

    // A good workbook first, so the folder is a realistic mix.
    write_table(
        &up.join("good.xlsx"),
        "Realisasi",
        "REALISASI KINERJA KECAMATAN PARIGI 2023",
        &[[
            "1",
            "Meningkatnya kepuasan masyarakat terhadap pelayanan publik",
            "Indeks Kepuasan Masyarakat (IKM)",
            "85",
            "86",
            "101,18%",
            "",
        ]],
    );
    std::fs::write(up.join("empty.xlsx"), b"").unwrap();
    let mut noise = Vec::new();
    let mut x: u64 = 0x9E3779B97F4A7C15;
    for _ in 0..4096 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        noise.push(x as u8);
    }
    std::fs::write(up.join("random.xls"), &noise).unwrap();
    let good = std::fs::read(up.join("good.xlsx")).unwrap();
    std::fs::write(up.join("truncated.xlsx"), &good[..good.len() / 2]).unwrap();
    zip_with(
        &up.join("wrong-entries.xlsx"),
        &[("hello.txt", "not a workbook")],
    );
    xlsx_with_sheet_xml(
        &up.join("broken-xml.xlsx"),
        "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"str\"><v>oops</c></row>",
    );
    let laughs = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>"#;
    xlsx_with_sheet_xml(&up.join("billion-laughs.xlsx"), laughs);
    // A bare OLE2 header (the container Excel uses for xls and for password-protected
    // xlsx) with nothing behind it.
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend_from_slice(&[0u8; 504]);
    std::fs::write(up.join("password.xlsx"), &ole).unwrap();
    std::fs::write(
        up.join("page.xls"),
        b"<!DOCTYPE html><html><table><tr><td>x</td></tr></table></html>",
    )
    .unwrap();
    std::fs::write(
        up.join("export.xls"),
        b"No;Indikator;Target;Realisasi\n1;IKM;85;82,71\n",
    )
    .unwrap();
    // Every cell an error value.
    {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("Realisasi").unwrap();
        for (c, h) in ["No", "Indikator Kinerja", "Target", "Realisasi", "Capaian"]
            .iter()
            .enumerate()
        {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        for r in 1..6u32 {
            ws.write_string(r, 1, "Indeks Kepuasan Masyarakat (IKM)")
                .unwrap();
            for c in 2..5u16 {
                ws.write_formula(
                    r,
                    c,
                    rust_xlsxwriter::Formula::new("=1/0").set_result("#DIV/0!"),
                )
                .unwrap();
            }
        }
        wb.save(up.join("errors.xlsx")).unwrap();
    }
    // A sheet name that looks like a path.
    write_table(
        &up.join("climber.xlsx"),
        "..-..-x",
        "KECAMATAN MANUJU",
        &[[
            "1",
            "s",
            "Indeks Kepuasan Masyarakat (IKM)",
            "85",
            "86",
            "101%",
            "../../etc",
        ]],
    );

    let out = dir.path().join("out");
    let o = run(kinerja()
        .arg("batch")
        .arg(&up)
        .arg("--out")
        .arg(&out)
        .arg("--quiet"));
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let finds = read_csv(&out.join("discrepancies.csv"));
    let data = read_csv(&out.join("consolidated.csv"));
    let rule_of = |file: &str| -> Vec<String> {
        finds
            .iter()
            .filter(|f| f["file"] == file)
            .map(|f| f["rule"].clone())
            .collect()
    };
    let message_of = |file: &str| -> String {
        finds
            .iter()
            .find(|f| f["file"] == file && f["rule"] == "unreadable-file")
            .map(|f| f["message"].clone())
            .unwrap_or_else(|| panic!("{file}: no unreadable-file; got {:?}", rule_of(file)))
    };
    // The found column names what was found, in words scripts can filter on.
    let found_of = |file: &str| -> String {
        finds
            .iter()
            .find(|f| f["file"] == file && f["rule"] == "unreadable-file")
            .map(|f| f["found"].clone())
            .unwrap_or_default()
    };
    assert_eq!(found_of("empty.xlsx"), "empty");
    assert_eq!(found_of("page.xls"), "html");
    assert_eq!(found_of("export.xls"), "csv");
    assert_eq!(found_of("truncated.xlsx"), "truncated");
    assert!(message_of("empty.xlsx").contains("kosong"));
    assert!(message_of("truncated.xlsx").contains("terpotong"));
    assert!(message_of("page.xls").contains("HTML"));
    assert!(message_of("export.xls").contains("CSV"));
    for f in [
        "random.xls",
        "wrong-entries.xlsx",
        "broken-xml.xlsx",
        "billion-laughs.xlsx",
        "password.xlsx",
    ] {
        assert!(message_of(f).len() > 20, "{f}: {}", message_of(f));
    }
    // The error-value sheet is read: its cells are unparseable, not a crash.
    assert!(
        rule_of("errors.xlsx").contains(&"unparseable".to_string()),
        "{:?}",
        rule_of("errors.xlsx")
    );
    // The good file and the climber are read normally.
    assert!(data
        .iter()
        .any(|r| r["file"] == "good.xlsx" && r["indicator_id"] == "ikm" && r["realisasi"] == "86"));
    assert!(data
        .iter()
        .any(|r| r["file"] == "climber.xlsx" && r["sheet"] == "..-..-x"));
    // Nothing escaped the output folder.
    let mut outside: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    outside.sort();
    assert_eq!(outside, vec!["out", "uploads"]);
}

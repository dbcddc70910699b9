//! Excel's 1900 date serials → calendar dates, only to tell a clerk what a date-formatted
//! cell shows. Serial 1 is 1900-01-01 and Excel counts a 29 February 1900 that never was
//! (serial 60), so serials from 61 on are days since 1899-12-30.

/// (year, month, day) of a serial; None for serials below 1 or beyond year 9999.
pub(crate) fn civil(serial: f64) -> Option<(i64, u32, u32)> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.trunc() as i64;
    if days == 60 {
        return Some((1900, 2, 29));
    }
    // Days since 1970-01-01 of the serial, then Howard Hinnant's civil_from_days.
    let since_1899_12_30 = if days < 60 { days + 1 } else { days };
    let z = since_1899_12_30 - 25_569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    Some((y, m, d))
}

#[cfg(test)]
mod tests {
    use super::civil;

    #[test]
    fn serials() {
        assert_eq!(civil(1.0), Some((1900, 1, 1)));
        assert_eq!(civil(5.0), Some((1900, 1, 5)));
        assert_eq!(civil(59.0), Some((1900, 2, 28)));
        assert_eq!(civil(60.0), Some((1900, 2, 29)));
        assert_eq!(civil(61.0), Some((1900, 3, 1)));
        assert_eq!(civil(45_263.0), Some((2023, 12, 3)));
        assert_eq!(civil(45_263.5), Some((2023, 12, 3)));
        assert_eq!(civil(0.5), None);
        assert_eq!(civil(f64::NAN), None);
    }
}

#!/usr/bin/env bash
# Regenerate the sample workbooks in samples/ from a fresh checkout:
#   1. examples/gen_samples.rs writes every sample as .xlsx plus README.md and expected.json
#      (deterministic: the same bytes every run);
#   2. LibreOffice headless converts two of them to .xls and one to .ods, and the .xlsx of
#      those three is removed, so every kecamatan appears once;
#   3. every shipped workbook is checked to be under 100 KB and named in expected.json;
#   4. examples/gen_renja86.rs writes samples/triwulan/ (the Permendagri 86 quarterly form).
# Needs cargo and LibreOffice (`apt-get install -y libreoffice-calc`, which gives soffice).
# It writes only inside samples/ (and a throw-away LibreOffice profile under /tmp).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
cd "$repo"

# stem, format it ships in
conversions=(
  "tinggimoncong-2023 xls"
  "parangloe-2023 xls"
  "tombolo-pao-2023 ods"
)

soffice_bin="$(command -v soffice || command -v libreoffice || true)"
if [ -z "$soffice_bin" ]; then
  echo "make.sh: LibreOffice is needed for the .xls and .ods copies:" >&2
  echo "         apt-get install -y libreoffice-calc" >&2
  exit 2
fi

# Old copies first, so a sample that was dropped does not linger.
rm -f samples/*.xlsx samples/*.xls samples/*.ods

if [ -n "${GEN_SAMPLES:-}" ]; then
  # A prebuilt generator (e.g. target/release/examples/gen_samples).
  "$GEN_SAMPLES" --out samples/
else
  cargo run --quiet --release --example gen_samples -- --out samples/
fi

# The quarterly sample in the Permendagri 86 form, in its own folder with its own
# README.md and expected.json (batch walks folders, so `batch samples/` reads it too).
cargo run --quiet --release --example gen_renja86 -- --out samples/triwulan

profile="$(mktemp -d /tmp/kinerja-lo-profile.XXXXXX)"
trap 'rm -rf "$profile"' EXIT
for pair in "${conversions[@]}"; do
  read -r stem ext <<<"$pair"
  "$soffice_bin" -env:UserInstallation="file://$profile" --headless \
    --convert-to "$ext" --outdir samples "samples/$stem.xlsx" >/dev/null
  if [ ! -s "samples/$stem.$ext" ]; then
    echo "make.sh: LibreOffice did not write samples/$stem.$ext" >&2
    exit 1
  fi
  rm -f "samples/$stem.xlsx"
done

status=0
for f in samples/*.xlsx samples/*.xls samples/*.ods; do
  size=$(stat -c %s "$f")
  if [ "$size" -ge 102400 ]; then
    echo "make.sh: $f is $size bytes, over the 100 KB limit" >&2
    status=1
  fi
  if ! grep -q "\"file\": \"$(basename "$f")\"" samples/expected.json; then
    echo "make.sh: $f is not described in samples/expected.json" >&2
    status=1
  fi
  printf '%-32s %6d bytes\n' "$f" "$size"
done
exit $status

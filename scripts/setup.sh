#!/usr/bin/env bash
# Prepare this machine for weiquan: system packages (apt, only when missing), the Python
# virtualenv in .venv with pinned dependencies, compiled translations, migrated database.
# Idempotent: a re-run on a ready machine takes a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  python3-venv
  redis-server          # Celery broker (the app and the worker tests start their own)
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0   # WeasyPrint
  fonts-noto-cjk        # Chinese glyphs embedded in the PDF dossiers
  poppler-utils         # pdftotext / pdffonts / pdftoppm, used by the tests
  chromium              # end-to-end browser tests (Playwright drives /usr/bin/chromium)
  gettext               # compiles the translations
  ffmpeg                # poster frames of evidence videos
  postgresql            # the second database engine of `make test` (scripts/pg.sh, a private cluster)
  libgl1 libglib2.0-0   # OpenCV, under the OCR engine (rapidocr-onnxruntime)
)

missing=()
for package in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing system packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$PYTHON" -m venv .venv
fi

# Reinstall Python packages only when the dependency files changed.
stamp=.venv/.weiquan-deps
wanted=$(cat pyproject.toml constraints.txt | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
  echo "setup: installing Python packages into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -c constraints.txt -e '.[dev]'
  echo "$wanted" > "$stamp"
fi

.venv/bin/python manage.py compilemessages -v0 --ignore=.venv

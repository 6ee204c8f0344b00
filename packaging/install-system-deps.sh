#!/usr/bin/env bash
# Installs the system packages NetCapture needs, only those that are missing.
#   install-system-deps.sh run    Tesseract (+ its reading languages), the headers the warm Tesseract
#                                 binding (tesserocr) is built against, and the libraries Qt 6 needs
#   install-system-deps.sh test   the above + PostgreSQL, Xvfb and fonts for the tests
set -euo pipefail

# Reading languages offered by default (Settings and `--lang` list whatever is installed): add one
# with `sudo apt-get install tesseract-ocr-<code>` (e.g. tesseract-ocr-tha, tesseract-ocr-ell).
LANGUAGES=(tesseract-ocr-eng tesseract-ocr-osd tesseract-ocr-jpn tesseract-ocr-chi-sim tesseract-ocr-chi-tra
           tesseract-ocr-por tesseract-ocr-spa tesseract-ocr-fra tesseract-ocr-deu tesseract-ocr-ita
           tesseract-ocr-vie tesseract-ocr-ara tesseract-ocr-hrv tesseract-ocr-kor tesseract-ocr-rus)
# tesserocr (Tesseract's C++ API, the model loaded once per worker) is compiled against the system
# Tesseract, so it reads exactly as the `tesseract` program does.
BUILD=(libtesseract-dev libleptonica-dev pkg-config g++)
RUNTIME=(tesseract-ocr "${LANGUAGES[@]}" "${BUILD[@]}"
         libegl1 libgl1 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
         libxcb-image0 libxcb-render-util0 libxcb-shape0 libfontconfig1 libdbus-1-3
         libpulse0)  # libpulse0: Qt Multimedia (camera, shutter sound) links against it
TEST=(postgresql xvfb fonts-dejavu-core fonts-liberation2 fonts-noto-cjk)

want=("${RUNTIME[@]}")
[ "${1:-run}" = "test" ] && want+=("${TEST[@]}")
# Debian's python3 can't make a virtual environment without python3-venv (ensurepip)
python3 -c "import ensurepip" 2>/dev/null || want+=(python3-venv)
# ...nor compile an extension module (tesserocr) without Python's headers
python3 -c "import os, sysconfig; assert os.path.exists(sysconfig.get_paths()['include'] + '/Python.h')" \
  2>/dev/null || want+=(python3-dev)

case "$(uname -s)" in
  Darwin)
    command -v tesseract >/dev/null || echo "Tesseract is missing: brew install tesseract" >&2
    exit 0 ;;
  MINGW*|MSYS*|CYGWIN*)
    command -v tesseract >/dev/null || echo "Tesseract is missing: winget install UB-Mannheim.TesseractOCR" >&2
    exit 0 ;;
esac

if ! command -v dpkg-query >/dev/null; then
  command -v tesseract >/dev/null || echo "Tesseract is missing: install it with your package manager" >&2
  exit 0
fi

missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing system packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
# Wait for another apt run (a second make, unattended-upgrades) instead of failing on its lock
APT=($SUDO apt-get -o DPkg::Lock::Timeout=600)
"${APT[@]}" update -qq
"${APT[@]}" install -y -qq --no-install-recommends "${missing[@]}"

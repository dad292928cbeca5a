#!/usr/bin/env bash
# Install or upgrade the Sportello CPF kiosk on Debian 13 ("trixie"). Run as root.
# Safe to run again: an upgrade keeps the database, the settings and the content.
#
#   deploy/install.sh [--wheel FILE] [--postgres] [--no-apt] [--no-start]
#
#   --wheel FILE  install this wheel (default: build one from the source tree around this script)
#   --postgres    also install the PostgreSQL driver (sportello-cpf-kiosk[postgres])
#   --no-apt      do not install Debian packages (they must be there already)
#   --no-start    do not start or restart the kiosk at the end
set -euo pipefail

PREFIX=/opt/sportello-cpf
VENV="$PREFIX/venv"
CONF=/etc/sportello-cpf
STATE=/var/lib/sportello-cpf
UNITS=/etc/systemd/system
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SOURCE="$(dirname "$HERE")"
PACKAGES=(
    cage foot                          # Wayland kiosk compositor; terminal with touch (>= 1.16)
    fonts-dejavu-core                  # monospace, Latin and Cyrillic
    fonts-noto-color-emoji             # the emoji of the need tiles
    fonts-noto-core                    # fallback for other scripts
    python3 python3-venv               # the kiosk's own virtual environment
    libpam-systemd dbus                # logind session: cage gets the screen without root
    wlr-randr                          # optional screen-off timer
    sqlite3 ca-certificates
)

wheel=""
extra=""
use_apt=1
start=1

say() { printf '\n== %s\n' "$*"; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

while [[ $# -gt 0 ]]; do
    case "$1" in
        --wheel) wheel="$(realpath "${2:?--wheel needs a file}")"; shift 2 ;;
        --postgres) extra="[postgres]"; shift ;;
        --no-apt) use_apt=0; shift ;;
        --no-start) start=0; shift ;;
        -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
        *) die "unknown option $1 (see --help)" ;;
    esac
done

[[ "$(id -u)" -eq 0 ]] || die "run as root (sudo $0)"
umask 022  # the code is readable by the kiosk user; private files get their own modes below

# shellcheck source=/dev/null
. /etc/os-release
if [[ "${ID:-}" != debian || "${VERSION_ID:-}" != 13 ]]; then
    echo "warning: made for Debian 13; this is ${PRETTY_NAME:-unknown}." >&2
fi

systemd_running() { [[ -d /run/systemd/system ]]; }

if [[ "$use_apt" -eq 1 ]]; then
    say "Debian packages: ${PACKAGES[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"
fi
foot_version="$(dpkg-query -W -f='${Version}' foot 2>/dev/null || true)"
if [[ -z "$foot_version" ]] || ! dpkg --compare-versions "$foot_version" ge 1.16; then
    die "foot ${foot_version:-is not installed}: version 1.16 or later is needed for touch (Debian 13)"
fi

say "system user 'kiosk' and its directories"
install -D -m 0644 "$HERE/sportello-cpf.sysusers" /usr/lib/sysusers.d/sportello-cpf.conf
install -D -m 0644 "$HERE/sportello-cpf.tmpfiles" /usr/lib/tmpfiles.d/sportello-cpf.conf
systemd-sysusers /usr/lib/sysusers.d/sportello-cpf.conf
systemd-tmpfiles --create /usr/lib/tmpfiles.d/sportello-cpf.conf

if [[ -z "$wheel" ]]; then
    say "building the wheel from $SOURCE"
    [[ -f "$SOURCE/pyproject.toml" ]] || die "no --wheel given and no source tree at $SOURCE"
    build="$(mktemp -d)"
    trap 'rm -rf "$build"' EXIT
    python3 -m venv "$build/venv"
    "$build/venv/bin/pip" wheel -q --no-deps --wheel-dir "$build" "$SOURCE"
    wheel="$(ls "$build"/sportello_cpf_kiosk-*.whl)"
fi
[[ -f "$wheel" ]] || die "no wheel at $wheel"

if [[ -f "$STATE/kiosk.db" && -x "$VENV/bin/kiosk" ]]; then
    say "upgrade: backing up the database first"
    "$HERE/sportello-kiosk" admin backup --keep 30 || die "the backup before the upgrade failed"
fi

say "virtual environment $VENV (${wheel##*/}${extra})"
pyver='import sys; print("%d.%d" % sys.version_info[:2])'
if [[ -x "$VENV/bin/python" && "$("$VENV/bin/python" -c "$pyver")" != "$(python3 -c "$pyver")" ]]; then
    rm -rf "$VENV"  # Debian's Python changed: build the environment again
fi
[[ -x "$VENV/bin/python" ]] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q --upgrade pip
"$VENV/bin/pip" install -q --upgrade "${wheel}${extra}"
"$VENV/bin/pip" install -q --force-reinstall --no-deps "$wheel"  # same version number: new code
install -d -m 0755 "$PREFIX/bin"
install -m 0755 "$HERE/kiosk-screen" "$PREFIX/bin/kiosk-screen"
install -m 0755 "$HERE/sportello-kiosk" /usr/local/bin/sportello-kiosk
if [[ -f "$SOURCE/README.md" ]]; then install -m 0644 "$SOURCE/README.md" "$PREFIX/README.md"; fi

say "settings in $CONF (kept as they are if present)"
install -d -m 0750 -o root -g kiosk "$CONF"
install -m 0644 "$HERE/kiosk.env.example" "$CONF/kiosk.env.example"
if [[ ! -e "$CONF/kiosk.env" ]]; then
    install -m 0640 -o root -g kiosk "$HERE/kiosk.env.example" "$CONF/kiosk.env"
fi
install -m 0644 "$HERE/foot.ini" "$CONF/foot.ini"

if [[ ! -e "$STATE/content" ]]; then
    say "content: a copy of the bundled files in $STATE/content (volunteers edit these)"
    bundled="$("$VENV/bin/python" -c 'from kiosk.config import BUNDLED_CONTENT_DIR as d; print(d)')"
    cp -r "$bundled" "$STATE/content"
    chown -R kiosk:kiosk "$STATE/content"
    chmod -R u=rwX,go= "$STATE/content"
fi

say "systemd units and PAM"
install -m 0644 "$SOURCE/kiosk.service" "$UNITS/kiosk.service"
for unit in kiosk-recover.service kiosk-backup.service kiosk-backup.timer \
    kiosk-screen@.service kiosk-screen-off.timer kiosk-screen-on.timer; do
    install -m 0644 "$HERE/$unit" "$UNITS/$unit"
done
install -m 0644 "$HERE/pam-sportello-cpf-kiosk" /etc/pam.d/sportello-cpf-kiosk
if systemd_running; then systemctl daemon-reload; fi
systemctl enable kiosk.service kiosk-backup.timer

say "checks"
"$VENV/bin/kiosk" --version
"$HERE/sportello-kiosk" content check \
    || echo "warning: the content has problems: fix them (sportello-kiosk content check)" >&2
"$HERE/sportello-kiosk" migrate

if systemd_running && [[ "$start" -eq 1 ]]; then
    if systemctl is-active --quiet kiosk.service; then
        systemctl restart kiosk.service
        echo "kiosk restarted with the new version."
    fi
    systemctl start kiosk-backup.timer
fi

pin_state="$("$HERE/sportello-kiosk" admin status 2>/dev/null | sed -n 's/^staff PIN: //p' || true)"
cat <<EOF

Installed: $("$VENV/bin/kiosk" --version) in $VENV
  database and backups   $STATE (0700, user kiosk)
  settings               $CONF/kiosk.env (example: $CONF/kiosk.env.example)
  content                $STATE/content (after a change: sportello-kiosk content sync)
  logs                   journalctl -u kiosk

Left to do:
EOF
if [[ "$pin_state" != set ]]; then
    echo "  - set the staff PIN:         sportello-kiosk admin set-pin"
fi
cat <<EOF
  - name this kiosk and the QR links in $CONF/kiosk.env (KIOSK_ID, KIOSK_PUBLIC_URL)
  - start the kiosk:             systemctl start kiosk   (it starts by itself at every boot)
  - check it at any time:        sportello-kiosk admin status
  - optional, panel off at night: README.md, "Screen off outside opening hours"
EOF

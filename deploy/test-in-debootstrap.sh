#!/usr/bin/env bash
# Opt-in end-to-end test of deploy/install.sh in a fresh Debian 13 root made by debootstrap.
# Needs root, debootstrap (apt-get install debootstrap), network access to a Debian mirror and
# to PyPI, about 1.5 GB and 10-20 minutes. Not run by CI.
#
#   sudo deploy/test-in-debootstrap.sh [DIR]
#
# DIR: where to build the root (default: a new folder under /var/tmp, removed at the end unless
# KEEP=1). MIRROR=URL picks a Debian mirror (default: debootstrap's own). HOST_CA=1 copies this
# machine's CA bundle into the root (behind a proxy that re-signs TLS). A DIR that already holds
# a Debian 13 root is reused (faster second runs).
# Checks: the installer runs twice (install, then upgrade), the unit verifies, the user exists,
# `kiosk --version` and `kiosk content check` work, foot accepts foot.ini, file modes are tight,
# and the upgrade keeps the settings, the PIN and the database.
set -euo pipefail

[[ "$(id -u)" -eq 0 ]] || { echo "run as root" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "install debootstrap first" >&2; exit 1; }
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SOURCE="$(dirname "$HERE")"
root="${1:-$(mktemp -d /var/tmp/kiosk-trixie.XXXXXX)}"
mounted=()

cleanup() {
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}" || true; done
    if [[ -z "${1:-}" && "${KEEP:-0}" != 1 ]]; then rm -rf --one-file-system "$root"; fi
}
trap 'cleanup "${1:-}"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
in_root() { chroot "$root" "$@"; }

if [[ ! -x "$root/usr/bin/apt-get" ]]; then
    echo "== debootstrap trixie into $root"
    # shellcheck disable=SC2086  # MIRROR is optional: no argument at all when unset
    debootstrap --variant=minbase \
        --include=systemd,systemd-sysv,dbus,util-linux,ca-certificates,python3,python3-venv \
        trixie "$root" ${MIRROR:-}
fi
for fs in proc sys dev dev/pts; do
    mount --bind "/$fs" "$root/$fs"
    mounted+=("$root/$fs")
done
cp /etc/resolv.conf "$root/etc/resolv.conf"
if [[ "${HOST_CA:-0}" == 1 ]]; then
    cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
fi
rm -rf "$root/root/src"
mkdir -p "$root/root/src"
tar -C "$SOURCE" --exclude=.venv --exclude=.git --exclude='*.pyc' -cf - . | tar -C "$root/root/src" -xf -

echo "== first install"
in_root /root/src/deploy/install.sh --no-start

echo "== checks"
in_root id kiosk
in_root systemd-analyze verify /etc/systemd/system/kiosk.service
in_root /opt/sportello-cpf/venv/bin/kiosk --version
in_root sportello-kiosk content check
in_root foot --check-config --config=/etc/sportello-cpf/foot.ini || fail "foot rejects foot.ini"
for path in var/lib/sportello-cpf var/lib/sportello-cpf/backups var/log/sportello-cpf; do
    [[ "$(stat -c %a "$root/$path")" == 700 ]] || fail "/$path is not 0700"
done
[[ "$(stat -c %a "$root/var/lib/sportello-cpf/kiosk.db")" == 600 ]] || fail "kiosk.db is not 0600"
[[ "$(in_root stat -c %U /var/lib/sportello-cpf/kiosk.db)" == kiosk ]] || fail "kiosk.db owner"
in_root systemctl is-enabled kiosk.service kiosk-backup.timer

echo "== set a PIN and a setting, then upgrade"
printf '482913\n482913\n' | in_root sportello-kiosk admin set-pin
echo "KIOSK_ID=cpf-prova" >>"$root/etc/sportello-cpf/kiosk.env"
in_root /root/src/deploy/install.sh --no-start --no-apt
grep -q '^KIOSK_ID=cpf-prova' "$root/etc/sportello-cpf/kiosk.env" || fail "kiosk.env was overwritten"
status="$(in_root sportello-kiosk admin status || true)"
echo "$status"
grep -q '^staff PIN: set' <<<"$status" || fail "the upgrade lost the database"
ls "$root/var/lib/sportello-cpf/backups/"kiosk-*.db >/dev/null || fail "no backup before upgrade"
echo "PASS: the installer works in a fresh Debian 13 root ($root)"

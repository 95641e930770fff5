# driftwarden actors 1: reads, never changes. POSIX sh, sent as `sh -s` through the audit identity in a second
# round trip, only for hosts with newly opened drift. Gathers what may say who made a change in a window:
# the drifting paths' mtime and ctime, the tail of the logs that record sudo, ssh logins and package changes
# (each readable one: the audit account reads them when it is in group adm), the journal's sudo and sshd
# entries in the window, and wtmp logins. Request lines (octal-escaped, decoded with printf %b, never parsed
# as shell): W <start epoch> <end epoch>, then P <path> per drifting file.
# Output: C <epoch now> <utc offset>; F <hex path> <mtime> <ctime>; B <source> <hex of the bounded text>; END.
set -f
umask 077
export LC_ALL=C PATH=/usr/sbin:/usr/bin:/sbin:/bin
LINES=4000
BYTES=1048576

@REQUEST_SOURCE@

dec() {
  case $1 in
    *\\*) v=$(printf '%b' "$1"; printf x); v=${v%x} ;;
    *) v=$1 ;;
  esac
}
hex() { od -An -v -tx1 | tr -d ' \n'; }
have() { command -v "$1" >/dev/null 2>&1; }
blob() { printf 'B %s ' "$1"; head -c "$BYTES" | hex; printf '\n'; }

printf 'C %s %s\n' "$(date +%s)" "$(date +%z)"
requests | while IFS=' ' read -r kind a _; do
  case $kind in
    P) dec "$a"
       t=$(stat -c '%Y %Z' -- "$v" 2>/dev/null) || continue
       printf 'F %s %s\n' "$(printf '%s' "$v" | hex)" "$t" ;;
  esac
done
for f in /var/log/sudo.log /var/log/sudo/sudo.log /var/log/auth.log /var/log/secure /var/log/dpkg.log /var/log/apt/history.log; do
  [ -f "$f" ] && [ -r "$f" ] || continue
  tail -n "$LINES" -- "$f" 2>/dev/null | blob "$f"
done
window=$(requests | sed -n 's/^W //p')
set -- $window
if have journalctl && [ -n "${1:-}" ]; then
  journalctl -q --no-pager -o short-iso --since "@$1" --until "@$2" _COMM=sudo + _COMM=sshd 2>/dev/null | tail -n "$LINES" | blob journal
fi
if have last && [ -r /var/log/wtmp ]; then
  last -w --time-format iso 2>/dev/null | head -n 500 | blob wtmp
fi
echo END

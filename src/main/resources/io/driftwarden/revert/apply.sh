# driftwarden apply 1: runs one revert plan's steps in order, as root, and stops at the first failure.
# POSIX sh, sent as `sh -s` through the enforce identity. Step lines: VERB then operands, each operand
# encoded as \0ooo octal escapes of its UTF-8 bytes (decoded with printf %b), so nothing from a standard
# or a host is ever parsed as shell. Content travels as base64 in quoted here-documents.
# Output, one line each: KEPT <i> <base64 of the bytes replaced or removed> (kept in the store), or
# QUARANTINED <i> <hex of the copy's path> <its sha256> (a sensitive file, kept root-only on this host),
# STEP <i> OK | STEP <i> FAIL <hex of the message>, then END ok | END failed <i>.
set -f
umask 022
export LC_ALL=C PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive

@STEPS_SOURCE@

dec() {
  case $1 in
    *\\*) v=$(printf '%b' "$1"; printf x); v=${v%x} ;;
    *) v=$1 ;;
  esac
}
hex() { od -An -v -tx1 | tr -d ' \n'; }
fail() { printf 'STEP %s FAIL %s\n' "$i" "$(printf '%s' "$*" | hex)"; printf 'END failed %s\n' "$i"; exit 0; }
ok() { printf 'STEP %s OK\n' "$i"; }
run() { out=$("$@" 2>&1) || fail "$1: $out"; }
digest() { sha256sum < "$1" | cut -c1-64; }
ids() { case $1 in '#'*) printf '%s' "${1#\#}" ;; *) printf '%s' "$1" ;; esac; }
# keepold I PATH HOW: before PATH is replaced or removed, its bytes go to the store (keep) or to the root-only
# quarantine directory (q); '-' keeps nothing.
# shellcheck disable=SC2154 # qdir_enc is set by the header ApplyScript writes before this script
keepold() {
  case $3 in
    keep) printf 'KEPT %s %s\n' "$1" "$(base64 -w0 < "$2")" ;;
    q) dec "$qdir_enc"; q=$v
       install -d -m 0700 -o 0 -g 0 -- "$q" || fail "cannot create the quarantine directory $q"
       copy=$q/$(date -u +%Y%m%dT%H%M%SZ).$$.$1.$(printf '%s' "${2##*/}" | tr -c 'A-Za-z0-9._-' '_')
       (umask 077; cp -- "$2" "$copy") || fail "cannot quarantine $2"
       printf 'QUARANTINED %s %s %s\n' "$1" "$(printf '%s' "$copy" | hex)" "$(digest "$copy")" ;;
  esac
}
nolink() { [ -L "$1" ] && fail "the final path component is a symlink: not followed"; return 0; }
noopt() { case $1 in -*) fail "refused operand starting with -: $1" ;; esac; }

# WRITE path new-sha old-sha owner group mode keep: a temporary file in the same directory, checked, then
# renamed over the path (rename replaces a link itself, never its target). old-sha '-' means "must not exist".
# RESTORE path new-sha old-sha owner group mode copy: the same, with the bytes of a quarantined copy.
write() {
  p=$1; new=$2; old=$3; own=$(ids "$4"); grp=$(ids "$5"); mode=$6; keep=$7
  nolink "$p"
  if [ "$old" = - ]; then
    [ -e "$p" ] || [ -L "$p" ] && fail "it exists now; the plan expected none"
  else
    [ -f "$p" ] || fail "not a regular file now"
    [ "$(digest "$p")" = "$old" ] || fail "its content changed since the plan"
    keepold "$i" "$p" "$keep"
  fi
  d=${p%/*}; [ -n "$d" ] || d=/
  tmp=$(mktemp "$d/.driftwarden-revert.XXXXXXXX") || fail "cannot create a temporary file in $d"
  emit > "$tmp" || { rm -f -- "$tmp"; fail "cannot write $tmp"; }
  [ "$(digest "$tmp")" = "$new" ] || { rm -f -- "$tmp"; fail "the written content does not match the plan"; }
  chown -- "$own:$grp" "$tmp" && chmod -- "$mode" "$tmp" || { rm -f -- "$tmp"; fail "cannot set owner, group or mode"; }
  mv -fT -- "$tmp" "$p" || { rm -f -- "$tmp"; fail "cannot rename over $p"; }
}

step() {
  verb=$1; shift
  case $verb in
    CHMOD) nolink "$2"; run chmod -- "$1" "$2" ;;
    CHOWN) run chown -h -- "$(ids "$1")" "$2" ;;
    CHGRP) run chgrp -h -- "$(ids "$1")" "$2" ;;
    REMOVE) if [ -d "$1" ] && [ ! -L "$1" ]; then fail "a directory is never removed"; fi
            [ -e "$1" ] || [ -L "$1" ] || fail "already absent"
            if [ -f "$1" ] && [ ! -L "$1" ]; then keepold "$i" "$1" "$2"; fi
            run rm -f -- "$1" ;;
    MKDIR) run mkdir -- "$1"; run chown -h -- "$(ids "$2"):$(ids "$3")" "$1"; run chmod -- "$4" "$1" ;;
    WRITE) emit() { "content_$i"; }; write "$@" ;;
    RESTORE) src=$7; [ -f "$src" ] && [ ! -L "$src" ] || fail "the quarantined copy $src is gone"
             emit() { cat -- "$src"; }; write "$1" "$2" "$3" "$4" "$5" "$6" - ;;
    LINK) d=${2%/*}; [ -n "$d" ] || d=/
          if [ -d "$2" ] && [ ! -L "$2" ]; then fail "a directory is in the way"; fi
          tmp=$d/.driftwarden-revert.$$.$i
          run ln -s -- "$1" "$tmp"
          mv -fT -- "$tmp" "$2" || { rm -f -- "$tmp"; fail "cannot rename over $2"; } ;;
    APT_INSTALL) noopt "$1"; run apt-get install -y -q --no-install-recommends -o Dpkg::Options::=--force-confold "$1" ;;
    APT_REMOVE) noopt "$1"; run apt-get remove -y -q "$1" ;;
    SYSTEMCTL) case $1 in start|stop|enable|disable|mask) ;; *) fail "unknown systemctl verb" ;; esac
               run systemctl "$1" -- "$2" ;;
    SYSCTL_WRITE) noopt "$1"; run sysctl -w "$1=$2" ;;
    USERMOD) case $1 in -u|-g|-d|-s|-G) ;; *) fail "unknown usermod option" ;; esac
             run usermod "$1" "$2" -- "$3" ;;
    USERADD|GROUPADD)
      cmd=useradd; [ "$verb" = GROUPADD ] && cmd=groupadd
      [ $(( ($# - 1) % 2 )) -eq 0 ] || fail "malformed $cmd step"
      # operands: option/value pairs, then the name; each option is checked, each value stays one argument
      pairs=$(( ($# - 1) / 2 ))
      while [ "$pairs" -gt 0 ]; do
        case $1 in -u|-g|-d|-s) ;; *) fail "unknown $cmd option" ;; esac
        set -- "$@" "$1" "$2"; shift 2; pairs=$((pairs - 1))
      done
      name=$1; shift
      run "$cmd" "$@" -- "$name" ;;
    USERDEL) run userdel -- "$1" ;;
    GROUPMOD) [ "$1" = -g ] || fail "unknown groupmod option"; run groupmod -g "$2" -- "$3" ;;
    GROUPDEL) run groupdel -- "$1" ;;
    *) fail "unknown step $verb" ;;
  esac
  ok
}

i=0
steps | while IFS= read -r line; do
  i=$((i + 1))
  set -- $line
  verb=$1; shift
  n=$#
  while [ "$n" -gt 0 ]; do dec "$1"; shift; set -- "$@" "$v"; n=$((n - 1)); done
  step "$verb" "$@"
done | { out=; while IFS= read -r l; do printf '%s\n' "$l"; out=$l; done
         case $out in 'END failed'*) ;; *) echo 'END ok' ;; esac; }

# driftwarden probe 1: observes, never changes. POSIX sh. Either sent as `sh -s` with the request as a
# single-quoted literal in $REQ, or installed root-owned as /usr/libexec/driftwarden/probe
# (sudo mode), which reads the request on stdin and first states its version and sha256.
# Request lines: one per item, every name encoded as \0ooo octal escapes (decoded with printf %b),
# so nothing from a standard is ever parsed as shell.
# Every output value is either literal [A-Za-z0-9._/:+@,=~-], '-' (none), or '%' + hex of its bytes;
# a record is one line with a fixed field count; the output ends with END <records> <sha256>.
set -f
umask 077
export LC_ALL=C PATH=/usr/sbin:/usr/bin:/sbin:/bin
nl='
'
LIMIT_DIFF=65536
LIMIT_HASH=67108864

@REQUEST_SOURCE@

dec() {
  case $1 in
    *\\*) v=$(printf '%b' "$1"; printf x); v=${v%x} ;;
    *) v=$1 ;;
  esac
}
hex() { od -An -v -tx1 | tr -d ' \n'; }
e() {
  case $1 in
    '') printf ' %%' ;;
    -|%*|*[!A-Za-z0-9._/:+@,=~-]*) printf ' %%%s' "$(printf '%s' "$1" | hex)" ;;
    *) printf ' %s' "$1" ;;
  esac
}
none() { printf ' -'; }
have() { command -v "$1" >/dev/null 2>&1; }
errkind() {
  case $1 in
    *'No such file or directory'*|*'Not a directory'*) echo absent ;;
    *'Permission denied'*|*'Operation not permitted'*) echo permission-denied ;;
    *) echo io-error ;;
  esac
}
# These two set v rather than print: the header then costs no subshell (a fork each).
firstline() { v=; if [ -r "$1" ]; then IFS= read -r v < "$1" || true; fi; }
osfield() {
  v=
  [ -r /etc/os-release ] || return 0
  while IFS= read -r l; do
    case $l in "$1="*) l=${l#*=}; l=${l#\"}; l=${l%\"}; v=$l; return 0 ;; esac
  done < /etc/os-release
}
allowed() {
  [ -f /etc/driftwarden/probe.allow ] || return 1
  [ "$(stat -c %u -- /etc/driftwarden/probe.allow 2>/dev/null)" = 0 ] || return 1
  grep -Fxq -- "$1" /etc/driftwarden/probe.allow
}

STATFMT='%F:%a:%u:%U:%g:%G:%s'
H64='????????????????????????????????????????????????????????????????'

# One file, all by itself: the fallback when a batched answer cannot be attributed with certainty.
file_rec() {
  idx=$1; dec "$2"; p=$v
  st=$(stat -c "$STATFMT" -- "$p" 2>&1)
  if [ $? -ne 0 ]; then
    k=$(errkind "$st")
    printf 'F %s' "$idx"; e "$k"; none; none; none; none; none; none; none; none; none; none; none; printf '\n'
    return
  fi
  file_emit "$idx" "$3" "$4" "$st" ""
}

# Emits one F record from a stat line; $5 is the batched digest ("" = hash here if wanted).
file_emit() {
  idx=$1; want=$2; exp=$3; st=$4; sha=$5
  IFS=:; set -- $st; IFS=' '
  case $1 in
    'regular file'|'regular empty file') kind='file' ;;
    directory) kind=directory ;;
    'symbolic link') kind='link' ;;
    fifo) kind=fifo ;;
    socket) kind=socket ;;
    *) kind=device ;;
  esac
  mode=$2; uid=$3; uname=$4; gid=$5; gname=$6; size=$7
  [ "$uname" = UNKNOWN ] && uname=-
  [ "$gname" = UNKNOWN ] && gname=-
  cerr=-; target=-; content=-
  [ -n "$sha" ] || sha=-
  if [ "$kind" = link ]; then
    target=$(readlink -- "$p"; printf x); target=${target%x}; target=${target%"$nl"}
  fi
  if [ "$kind" = file ] && [ "$want" != - ]; then
    if [ "$size" -gt "$LIMIT_HASH" ]; then sha=-; cerr=too-large
    elif [ "$sha" = - ] && ! [ -r "$p" ]; then cerr=permission-denied
    else
      if [ "$sha" = - ]; then
        sha=$(sha256sum < "$p" 2>/dev/null) || sha=
        sha=${sha%% *}
        [ -n "$sha" ] || { sha=-; cerr=io-error; }
      fi
      if [ "$want" = hd ] && [ "$sha" != - ] && [ "$sha" != "$exp" ] && [ "$size" -le "$LIMIT_DIFF" ]; then
        if [ $((0$mode & 4)) -ne 0 ] || allowed "$p"; then content=%$(hex < "$p"); fi
      fi
    fi
  elif [ "$kind" != file ]; then
    sha=-
  fi
  printf 'F %s' "$idx"; e ok; e "$kind"; e "$mode"; e "$uid"
  if [ "$uname" = - ]; then none; else e "$uname"; fi
  e "$gid"
  if [ "$gname" = - ]; then none; else e "$gname"; fi
  e "$size"
  if [ "$sha" = - ]; then none; else e "$sha"; fi
  if [ "$cerr" = - ]; then none; else e "$cerr"; fi
  if [ "$target" = - ] && [ "$kind" != link ]; then none; else e "$target"; fi
  if [ "$content" = - ]; then none; else printf ' %s' "$content"; fi
  printf '\n'
}

# Files in three passes over the request, so that two commands serve every file instead of two per file:
# 1. one `stat` for every path that exists; 2. one `sha256sum` for every regular file to hash; 3. the
# records. Each batched line carries its path and is used only for exactly that path; a file that
# appears or vanishes between passes is observed on its own by file_rec.
# The request is walked by splitting $REQ into lines and words in the shell itself: `read` takes a byte per
# system call from a pipe, and the probe passes over its request seven times (most of its CPU, before).
existing() {
  IFS=$nl
  for line in $REQ; do
    IFS=' 	'; set -- $line
    [ "$1" = F ] || continue
    dec "$3"
    if [ -e "$v" ] || [ -L "$v" ]; then printf '%s\0' "$v"; fi
  done
  IFS=' '
}

# Takes this path's stat line from $stat_rest if the next one is its own; sets st (empty when not).
next_stat() {
  st=
  if [ -z "${pending+x}" ]; then pending=${stat_rest%%"$nl"*}; stat_rest=${stat_rest#"$pending"}; stat_rest=${stat_rest#"$nl"}; fi
  if [ -n "$pending" ] && [ "${pending#*:*:*:*:*:*:*:}" = "$1" ]; then
    st=${pending%":$1"}
    unset pending
  fi
}

to_hash() {
  stat_rest=$stats
  IFS=$nl
  for line in $REQ; do
    IFS=' 	'; set -- $line
    [ "$1" = F ] || continue
    want=$4
    dec "$3"; p=$v
    next_stat "$p"
    case $st in
      'regular file:'*|'regular empty file:'*) ;;
      *) continue ;;
    esac
    [ "$want" != - ] || continue
    case $p in *\\*) continue ;; esac
    size=${st##*:}
    if [ "$size" -le "$LIMIT_HASH" ] && [ -r "$p" ]; then printf '%s\0' "$p"; fi
  done
  IFS=' '
}

files_all() {
  stats=$(existing | xargs -0 -r stat -c "$STATFMT:%n" -- 2>/dev/null)
  hashes=$(to_hash | xargs -0 -r sha256sum -- 2>/dev/null)
  stat_rest=$stats; hash_rest=$hashes; unset pending hpending
  IFS=$nl
  for line in $REQ; do
    IFS=' 	'; set -- $line
    [ "$1" = F ] || continue
    idx=$2; enc=$3; want=$4; exp=$5
    dec "$enc"; p=$v
    next_stat "$p"
    if [ -z "$st" ]; then file_rec "$idx" "$enc" "$want" "$exp"; continue; fi
    sha=
    case $st in
      'regular file:'*|'regular empty file:'*)
        if [ "$want" != - ]; then
          if [ -z "${hpending+x}" ]; then
            hpending=${hash_rest%%"$nl"*}; hash_rest=${hash_rest#"$hpending"}; hash_rest=${hash_rest#"$nl"}
          fi
          h=${hpending%"${hpending#$H64}"}
          if [ -n "$hpending" ] && [ "$hpending" = "$h  $p" ]; then sha=$h; unset hpending; fi
        fi ;;
    esac
    file_emit "$idx" "$want" "$exp" "$st" "$sha"
  done
  IFS=' '
}

# The names of one kind of request, one per line, for a single command over them all (a dpkg-query per
# package costs about 5 ms of the host's CPU, twenty of them more than the rest of the probe). Left out:
# package names dpkg could not know, and sysctl paths a "PATH:LINE" answer could not attribute.
requested() { # KIND
  want=$1
  IFS=$nl
  for line in $REQ; do
    IFS=' 	'; set -- $line
    [ "$1" = "$want" ] || continue
    dec "$3"
    case $want:$v in P:*[!a-z0-9+.:-]*|P:[!a-z0-9]*|K:*:*|K:*"$nl"*) continue ;; esac
    printf '%s\n' "$v"
  done
  IFS=' '
}

# One line per instance, Package|Status|Version|Architecture ('|' keeps empty fields apart, unlike a tab).
packages_listed() {
  have dpkg-query || return 0
  names=$(requested P)
  [ -n "$names" ] || return 0
  IFS=$nl; set -f; set -- $names; IFS=' '
  dpkg-query -W -f='${Package}|${db:Status-Abbrev}|${Version}|${Architecture}\n' -- "$@" 2>/dev/null
}

# The instances dpkg-query would list for this one name: NAME matches every architecture, NAME:ARCH one.
package_rec() {
  idx=$1; dec "$2"; name=$v
  if ! have dpkg-query; then printf 'PE %s unsupported\n' "$idx"; return; fi
  case $name in
    *[!a-z0-9+.:-]*|[!a-z0-9]*) return ;;
  esac
  [ -n "$pkgs" ] || return 0
  IFS=$nl
  for l in $pkgs; do
    IFS='|'; set -- $l; pk=$1 ps=${2-} pv=${3-} pa=${4-}
    case $name in
      *:*) [ "$pk:$pa" = "$name" ] || continue ;;
      *) [ "$pk" = "$name" ] || continue ;;
    esac
    ps=${ps%' '}   # the error flag is a space when clear: "ii" travels as text, not hex
    printf 'P %s' "$idx"; e "$pk"; e "$ps"; e "$pv"; e "$pa"; printf '\n'
  done
  IFS=' '
}

all_packages() {
  idx=$1
  if ! have dpkg-query; then printf 'PE %s unsupported\n' "$idx"; return; fi
  dpkg-query -W -f='${Package}\t${db:Status-Abbrev}\t${Version}\t${Architecture}\n' 2>/dev/null |
  while IFS='	' read -r pk ps pv pa; do
    ps=${ps%' '}
    printf 'P %s' "$idx"; e "$pk"; e "$ps"; e "$pv"; e "$pa"; printf '\n'
  done
}

all_users() {
  getent passwd 2>/dev/null | while IFS= read -r l; do printf 'W'; e "$l"; printf '\n'; done
}

enabled_units() {
  have systemctl || return 0
  systemctl list-unit-files --type=service --state=enabled --no-legend --no-pager 2>/dev/null |
  while read -r u rest; do
    case $u in *@*) continue ;; esac   # templates are enabled per instance; declare instances by hand
    printf 'E'; e "$u"; printf '\n'
  done
}

enabled_word() {
  w=$(systemctl is-enabled -- "$1" 2>/dev/null)
  case $w in ''|not-found) w=absent ;; esac
  case $w in *"$nl"*) w=${w%%"$nl"*} ;; esac
  printf '%s' "$w"
}

service_rec() {
  idx=$1; dec "$2"; unit=$v
  if ! have systemctl; then printf 'S %s - - -\n' "$idx"; return; fi
  active=-
  if [ -d /run/systemd/system ]; then
    active=$(systemctl is-active -- "$unit" 2>/dev/null)
    [ -n "$active" ] || active=unknown
  fi
  en=$(enabled_word "$unit")
  aliased=-
  if [ "$en" = alias ]; then
    for d in /etc/systemd/system /run/systemd/system /usr/local/lib/systemd/system /usr/lib/systemd/system \
             /lib/systemd/system; do
      if [ -L "$d/$unit" ]; then
        t=$(readlink -- "$d/$unit" 2>/dev/null) && aliased=$(enabled_word "${t##*/}")
        break
      fi
    done
  fi
  printf 'S %s' "$idx"
  if [ "$active" = - ]; then none; else e "$active"; fi
  e "$en"
  if [ "$aliased" = - ]; then none; else e "$aliased"; fi
  printf '\n'
}

# Every requested sysctl in one grep: "PATH:LINE" per line read, and "grep: PATH: ERROR" for a file that
# cannot be read (stable_secret answers EIO until it is set). A path holding ':' is read by its own cat.
sysctls_read() {
  paths=$(requested K)
  [ -n "$paths" ] || return 0
  IFS=$nl; set -f; set -- $paths; IFS=' '
  grep -a -H -e '' -- "$@" 2>&1
}

sysctl_rec() {
  idx=$1; dec "$2"; p=$v
  out=; err=
  case $p in
    *:*|*"$nl"*) out=$(cat -- "$p" 2>&1) || { err=${out:-io-error}; out=; } ;;
    *)
      seen=
      IFS=$nl
      for l in $sysctls; do
        case $l in
          "$p:"*) if [ -n "$seen" ]; then out=$out$nl${l#"$p:"}; else out=${l#"$p:"}; seen=1; fi ;;
          "grep: $p: "*) err=${l#"grep: $p: "} ;;
        esac
      done
      IFS=' '
      while :; do case $out in *"$nl") out=${out%"$nl"} ;; *) break ;; esac; done ;;   # as $(cat) strips them
  esac
  if [ -n "$err" ]; then
    k=$(errkind "$err"); [ "$k" = absent ] && k=missing
    printf 'K %s' "$idx"; e "$k"; none; printf '\n'
  else
    printf 'K %s' "$idx"; e ok; e "$out"; printf '\n'
  fi
}

conf_recs() {
  # Globbing is off everywhere else; this constant list is the one place that needs it.
  set +f
  set -- /etc/sysctl.d/*.conf /run/sysctl.d/*.conf /usr/local/lib/sysctl.d/*.conf /usr/lib/sysctl.d/*.conf \
         /lib/sysctl.d/*.conf /etc/sysctl.conf
  set -f
  for f in "$@"; do
    [ -e "$f" ] || continue
    if [ -r "$f" ] && c=$(hex < "$f" 2>/dev/null); then
      printf 'C'; e "$f"; e ok; printf ' %%%s\n' "$c"
    else
      printf 'C'; e "$f"; e permission-denied; none; printf '\n'
    fi
  done
}

# Every requested account in one getent; a record is the first entry whose name is exactly the one asked.
users_listed() {
  names=$(requested U)
  [ -n "$names" ] || return 0
  IFS=$nl; set -f; set -- $names; IFS=' '
  getent passwd -- "$@" 2>/dev/null
}

user_rec() {
  idx=$1; dec "$2"
  IFS=$nl
  for l in $users; do
    if [ "${l%%:*}" = "$v" ]; then IFS=' '; printf 'U %s' "$idx"; e "$l"; printf '\n'; return; fi
  done
  IFS=' '
  printf 'U %s -\n' "$idx"
}

# The entries of one exclusive directory: one field, the names NUL-terminated and hex-encoded (names may hold any
# byte but NUL and /). The directory itself is not followed if it is a link.
dir_rec() {
  idx=$1; dec "$2"; p=$v
  st=$(stat -c %F -- "$p" 2>&1)
  if [ $? -ne 0 ]; then printf 'D %s' "$idx"; e "$(errkind "$st")"; none; printf '\n'; return; fi
  if [ "$st" != directory ]; then printf 'D %s not-directory -\n' "$idx"; return; fi
  if ! [ -r "$p" ] || ! [ -x "$p" ]; then printf 'D %s permission-denied -\n' "$idx"; return; fi
  names=$(find "$p/" -mindepth 1 -maxdepth 1 -printf '%f\0' 2>/dev/null | hex)
  if [ -n "$names" ]; then printf 'D %s ok %%%s\n' "$idx" "$names"; else printf 'D %s ok -\n' "$idx"; fi
}

# The digest of a regular file without its comment and blank lines (compare: ignore-comments-and-blank-lines).
norm_rec() {
  idx=$1; dec "$2"; p=$v
  st=$(stat -c %F:%s -- "$p" 2>&1)
  if [ $? -ne 0 ]; then printf 'N %s' "$idx"; e "$(errkind "$st")"; none; printf '\n'; return; fi
  case $st in
    'regular file:'*|'regular empty file:'*) ;;
    *) printf 'N %s not-file -\n' "$idx"; return ;;
  esac
  if [ "${st##*:}" -gt "$LIMIT_HASH" ]; then printf 'N %s too-large -\n' "$idx"; return; fi
  if ! [ -r "$p" ]; then printf 'N %s permission-denied -\n' "$idx"; return; fi
  sha=$(grep -a -v -E '^[[:space:]]*(#|$)' < "$p" | sha256sum) || sha=
  sha=${sha%% *}
  if [ -n "$sha" ]; then printf 'N %s ok %s\n' "$idx" "$sha"; else printf 'N %s io-error -\n' "$idx"; fi
}

group_recs() {
  getent group 2>/dev/null | while IFS= read -r l; do printf 'G'; e "$l"; printf '\n'; done
}

body() {
  # the kernel's node name, as uname -n prints it, without starting uname
  if [ -r /proc/sys/kernel/hostname ]; then firstline /proc/sys/kernel/hostname; else v=$(uname -n); fi
  printf 'H 1'; e "$v"
  firstline /etc/machine-id; e "$v"
  osfield ID; e "$v"
  osfield VERSION_ID; e "$v"
  printf '\n'
  files_all
  pkgs=$(packages_listed)
  users=$(users_listed)
  sysctls=$(sysctls_read)
  IFS=$nl
  for line in $REQ; do
    IFS=' 	'; set -- $line
    case $1 in
      P) package_rec "$2" "$3" ;;
      S) service_rec "$2" "$3" ;;
      K) sysctl_rec "$2" "$3" ;;
      C) conf_recs ;;
      U) user_rec "$2" "$3" ;;
      G) group_recs ;;
      A) all_packages "$2" ;;
      W) all_users ;;
      E) enabled_units ;;
      D) dir_rec "$2" "$3" ;;
      N) norm_rec "$2" "$3" ;;
    esac
  done
}

@PREAMBLE@
out=$(body)
printf '%s\n' "$out"
# the record count without wc (no record is empty, so splitting at newlines counts the lines)
IFS=$nl; set -- $out; IFS=' '
sum=$(printf '%s\n' "$out" | sha256sum)
printf 'END %s %s\n' "$#" "${sum%% *}"

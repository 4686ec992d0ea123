# ecs-logon-operator observe-users v4: reads, never writes.
# $1: section marker, $2: byte limit per file. Stdin: requests, one per line, "kind<TAB>value":
#   user<TAB>name   shell<TAB>/path   group<TAB>name   owner<TAB>ns/name (or *: every owner)
#   instance<TAB>ns/name   audit<TAB>yes (also every account a compliance audit looks at, with
#   its password's state, the modes sshd's StrictModes judges and the size of its shell history)
# Values are only ever passed as arguments ("$v"), never evaluated. Output: sections opened by
# marker lines; file contents base64-encoded on one line, so no file can forge a marker.
set -f  # AuthorizedKeysFile tokens are split on spaces below, never globbed
m="$1"; max="$2"
tab=$(printf '\t')
inventory=/var/lib/ecs-logon-operator/users
section() { printf '\n%s%s\n' "$m" "$1"; }
# Account names as Linux tools allow them (an audit meets names no LogonUser could declare):
# never empty, never an option, no separator sshd -T -C or awk -v would read.
valid_name() { case "$1" in ''|-*|*[!A-Za-z0-9._\$-]*) return 1;; esac; [ "${#1}" -le 32 ]; }
valid_path() { case "$1" in /*) case "$1" in *[!A-Za-z0-9._/-]*) return 1;; esac;; *) return 1;; esac; }

# Runs a command as a user, with that user's groups: setpriv where util-linux has it (no PAM
# session, a third of runuser's cost, which counts for an audit reading every account), else runuser.
if command -v setpriv >/dev/null 2>&1; then
  as_user() { u="$1"; shift; setpriv --reuid="$u" --regid="$(id -g "$u")" --init-groups -- "$@"; }
else
  as_user() { u="$1"; shift; runuser -u "$u" -- "$@"; }
fi

# One key file, read as its user (a symlink, FIFO or huge file is refused, never followed or read
# without limit): prints "keyfile<TAB>path<TAB>state<TAB>base64 or message". A path that does not
# exist at all (not even as a dangling link) is absent for every user: no need to become one.
read_key_file() { # $1 user, $2 home, $3 path
  if [ ! -e "$3" ] && [ ! -L "$3" ]; then printf 'keyfile\t%s\tabsent\t\n' "$3"; return; fi
  # shellcheck disable=SC2016 # the inner script expands its own positional parameters
  out=$(as_user "$1" sh -c '
    f="$2"; d=$(dirname "$f")
    case "$f" in "$1"/*) n="~/${f#"$1"/}";; *) n="$f";; esac
    if [ -L "$d" ] || [ -L "$f" ]; then echo "refusing a symlinked ~/.ssh or $n" >&2; exit 3; fi
    if [ ! -x "$1" ] || { [ -e "$d" ] && [ ! -x "$d" ]; }; then
      echo "cannot read $n: the user cannot open ~ or ~/.ssh" >&2; exit 6
    fi
    [ -e "$f" ] || exit 7
    if [ ! -f "$f" ]; then
      echo "refusing $n: not a regular file (a FIFO, device or directory is never read)" >&2; exit 4
    fi
    size=$(stat -c %s "$f") || exit 6
    if [ "$size" -gt "$3" ]; then
      echo "refusing $n: $size bytes, more than the $3 bytes the operator reads" >&2; exit 5
    fi
    if [ ! -r "$f" ]; then echo "cannot read $n: the user may not read it" >&2; exit 6; fi
    head -c "$(($3 + 1))" "$f" | base64 -w0 || { echo "cannot read $n" >&2; exit 6; }
    size=$(stat -c %s "$f") || exit 6
    if [ "$size" -gt "$3" ]; then echo "refusing $n: it grew to $size bytes while read" >&2; exit 5; fi
  ' sh "$2" "$3" "$max" 2>&1)
  case $? in
    0) printf 'keyfile\t%s\tread\t%s\n' "$3" "$out";;
    7) printf 'keyfile\t%s\tabsent\t\n' "$3";;
    3|4|5|6) printf 'keyfile\t%s\trefused\t%s\n' "$3" "$(printf '%s' "$out" | tr '\n\t' '  ')";;
    *) printf 'keyfile\t%s\terror\t%s\n' "$3" "$(printf '%s' "$out" | tr '\n\t' '  ')";;
  esac
}

# sshd's AuthorizedKeysFile tokens for one user, expanded as sshd does (%h, %u, %%, ~/, relative
# to the home directory), one path per line. Paths are compared and read, never executed.
key_files() { # $1 tokens, $2 home, $3 user
  T="$1" H="$2" U="$3" awk 'BEGIN {
    n = split(ENVIRON["T"], tokens, " ")
    for (k = 1; k <= n; k++) {
      t = tokens[k]; out = ""
      while ((i = index(t, "%")) > 0) {
        out = out substr(t, 1, i - 1); c = substr(t, i + 1, 1)
        if (c == "h") out = out ENVIRON["H"]; else if (c == "u") out = out ENVIRON["U"]
        else if (c == "%") out = out "%"; else out = out "%" c
        t = substr(t, i + 2)
      }
      out = out t
      if (substr(out, 1, 2) == "~/") out = ENVIRON["H"] substr(out, 2)
      if (substr(out, 1, 1) != "/") out = ENVIRON["H"] "/" out
      gsub(/\/+/, "/", out); print out
    } }'
}

section inventory
if [ -f "$inventory" ] && [ ! -L "$inventory" ]; then head -c "$max" "$inventory" | base64 -w0; echo; fi
section sudoers-includedir
if grep -Eq '^[[:space:]]*[#@]includedir[[:space:]]+/etc/sudoers\.d/?[[:space:]]*$' /etc/sudoers 2>/dev/null; then
  echo yes
else
  echo no
fi

# The accounts a compliance audit looks at: root, every account whose shell is in /etc/shells,
# and every account in login.defs' UID_MIN..UID_MAX (so not nobody, 65534).
audited_accounts() {
  getent passwd | awk -F: -v min="$uid_min" -v max="$uid_max" -v shells="$(grep '^/' /etc/shells 2>/dev/null | tr '\n' ' ')" '
    BEGIN { n = split(shells, s, " "); for (i = 1; i <= n; i++) login[s[i]] = 1 }
    $3 == 0 || ($7 in login) || ($3 >= min && $3 <= max) { print $1 }'
}

login_defs() { # $1 name, $2 default: a number from /etc/login.defs, or the default
  v=$(awk -v k="$1" '$1 == k { print $2; exit }' /etc/login.defs 2>/dev/null)
  case "$v" in ''|*[!0-9]*) echo "$2";; *) echo "$v";; esac
}

input=$(cat)
audit=no
case "$input" in *"audit${tab}yes"*) audit=yes;; esac
accounts=
if [ "$audit" = yes ]; then
  uid_min=$(login_defs UID_MIN 1000); uid_max=$(login_defs UID_MAX 60000)
  accounts=$(audited_accounts)
  section audit
  printf 'uid-range\t%s\t%s\n' "$uid_min" "$uid_max"
  printf '%s\n' "$accounts" | sed "s/^/account$tab/"
fi

# The users asked for, and the users the inventory names for the owners asked about ("owner"
# lines) through this EcsInstance ("instance" line): what they put there earlier must be seen to
# be cleaned up. Other owners' users are not looked at; "owner *" asks about every owner (an
# instance's own plan speaks for all of them). An audit adds every audited account.
requests() {
  printf '%s\n' "$input"
  if [ -f "$inventory" ] && [ ! -L "$inventory" ]; then
    printf '%s\n' "$input" | awk -F "$tab" -v inventory="$inventory" '
      $1 == "owner" { owners[$2] = 1 }
      $1 == "instance" { instance = $2 }
      END {
        while ((getline line < inventory) > 0) {
          split(line, f, FS)
          if (f[1] == "user" && ((f[2] in owners) || ("*" in owners)) && f[6] == instance) print "user" FS f[3]
        }
      }'
  fi
  if [ "$audit" = yes ]; then printf '%s\n' "$accounts" | sed "s/^/user$tab/"; fi
}

# For an audit: the password's state (never the hash), the modes of the home directory and
# ~/.ssh (StrictModes ignores keys under a directory others may write), and shell history sizes.
audit_user() { # $1 user, $2 home
  state=$(awk -F: -v u="$1" '$1 == u { f = 1; if ($2 == "") print "empty"; else if ($2 ~ /^[!*]/) print "locked"; else print "set" }
    END { if (!f) print "none" }' /etc/shadow 2>/dev/null)
  printf 'password\t%s\n' "${state:-unreadable}"
  for p in "$2" "$2/.ssh"; do
    if [ -e "$p" ] || [ -L "$p" ]; then printf 'mode\t%s\t%s\n' "$p" "$(stat -c '%a %u' "$p")"; fi
  done
  for h in .bash_history .ash_history .zsh_history .sh_history .history; do
    if [ -f "$2/$h" ] && [ ! -L "$2/$h" ]; then
      size=$(stat -c %s "$2/$h")
      if [ "$size" -gt 0 ]; then printf 'history\t%s\t%s\n' "$h" "$size"; fi
    fi
  done
}

requests | awk '!seen[$0]++' | while IFS="$tab" read -r kind value; do
  case "$kind" in
    shell)
      valid_path "$value" || continue
      section "shell $value"
      if [ -f "$value" ] && [ -x "$value" ]; then echo executable; else echo missing; fi
      if grep -qxF -- "$value" /etc/shells 2>/dev/null; then echo listed; fi
      ;;
    group)
      valid_name "$value" || continue
      section "group $value"
      if getent group "$value" >/dev/null; then echo present; else echo absent; fi
      ;;
    user)
      valid_name "$value" || continue
      section "user $value"
      if entry=$(getent passwd "$value"); then
        printf 'passwd\t%s\n' "$entry"
        home=$(printf '%s' "$entry" | cut -d: -f6)
        if [ ! -e "$home" ] && [ ! -L "$home" ]; then echo home-missing; fi
        printf 'groups\t%s\n' "$(id -Gn "$value" 2>/dev/null)"
      else
        echo absent
        home="/home/$value"
      fi
      rule="/etc/sudoers.d/ecslogon-$value"
      if [ -f "$rule" ]; then printf 'sudo\t%s\n' "$(base64 -w0 < "$rule")"; fi
      if settings=$(sshd -T -C "user=$value,host=localhost,addr=127.0.0.1" 2>&1); then
        printf '%s\n' "$settings" | grep -E '^(authorizedkeysfile|pubkeyauthentication|passwordauthentication|permitrootlogin|authenticationmethods|permitemptypasswords|strictmodes) ' \
          | sed 's/^/sshd\t/'
        if entry=$(getent passwd "$value"); then
          tokens=$(printf '%s\n' "$settings" | sed -n 's/^authorizedkeysfile //p')
          key_files "${tokens:-.ssh/authorized_keys .ssh/authorized_keys2}" "$home" "$value" | while IFS= read -r path; do
            read_key_file "$value" "$home" "$path"
            if [ "$audit" = yes ] && { [ -e "$path" ] || [ -L "$path" ]; }; then
              printf 'mode\t%s\t%s\n' "$path" "$(stat -c '%a %u' "$path")"
            fi
          done
        fi
      else
        printf 'sshd-failed\t%s\n' "$(printf '%s' "$settings" | head -n 1)"
      fi
      if [ "$audit" = yes ] && getent passwd "$value" >/dev/null; then audit_user "$value" "$home"; fi
      ;;
  esac
done
exit 0

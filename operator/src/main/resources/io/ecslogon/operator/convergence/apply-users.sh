# ecs-logon-operator apply-users v2: carries out the changes the operator decided, nothing else.
# Stdin: one change per line, "verb<TAB>user<TAB>arg...", every argument but the user name
# base64-encoded ("-" for none), so no value can carry a tab, a newline or shell syntax; values
# are only ever passed as arguments, never evaluated. Once a change for a user fails, that user's
# later changes are skipped (answered "skipped"), other users go on. Answers one line per change:
# "ok<TAB>n", "failed<TAB>n<TAB>base64 stderr" or "skipped<TAB>n".
set -f
tab=$(printf '\t')
inventory_dir=/var/lib/ecs-logon-operator
decode() { if [ "$1" = - ]; then printf ''; else printf '%s' "$1" | base64 -d; fi; }
valid_name() { case "$1" in ''|-*|*[!a-z0-9_-]*) return 1;; esac; [ "${#1}" -le 32 ]; }

# ~/.ssh/<file> written as the user (no home: look it up, for a user created in this run; a
# relative path is taken from the home directory): a temporary file beside it, renamed over the old one, so
# sshd sees the old or the new file, never a torn one; a symlinked ~/.ssh is refused.
write_keys() { # $1 user, $2 home, $3 path; content on stdin
  # shellcheck disable=SC2016 # the inner script expands its own positional parameters
  runuser -u "$1" -- sh -c '
    set -e; umask 077; h="$1"
    if [ -z "$h" ]; then h=$(getent passwd "$(id -un)" | cut -d: -f6); fi  # a user created just now
    case "$2" in /*) f="$2";; *) f="$h/$2";; esac; d=$(dirname "$f")
    if [ -L "$d" ] || [ -L "$f" ]; then echo "refusing a symlinked ~/.ssh or ${f##*/}" >&2; exit 3; fi
    if [ "$d" = "$h/.ssh" ]; then [ -d "$d" ] || mkdir -m 700 "$d"; chmod 700 "$d"; fi
    t=$(mktemp "$d/.${f##*/}.XXXXXX"); cat > "$t"; chmod 600 "$t"; mv -f "$t" "$f"' sh "$2" "$3"
}

# The home directory useradd never made (an instance restarted in the middle of useradd leaves
# the account without one), made as useradd makes it: login.defs' HOME_MODE (else 0777 less its
# UMASK; the last setting counts, as for useradd), /etc/skel copied, all of it the user's. The
# operator decides it only for an account it created. Built root-only beside it and renamed into
# place whole, so neither the user nor a cut-short run sees it half-made (a leftover of one is
# removed first); chown -R does not follow symlinks. One that appeared meanwhile is left alone.
make_home() { # $1 user
  entry=$(getent passwd "$1") || { echo "no user $1" >&2; return 1; }
  h=$(printf '%s' "$entry" | cut -d: -f6); parent=${h%/*}
  case "$h" in /?*) ;; *) echo "user $1 has no absolute home directory" >&2; return 1;; esac
  if [ -e "$h" ] || [ -L "$h" ]; then return 0; fi
  mode=$(awk '$1 == "HOME_MODE" { v = $2 } END { print v }' /etc/login.defs 2>/dev/null)
  case "$mode" in ''|*[!0-7]*)
    m=$(awk '$1 == "UMASK" { v = $2 } END { print v }' /etc/login.defs 2>/dev/null)
    case "$m" in ''|*[!0-7]*) m=022;; esac
    mode=$(printf '%o' $((0777 & ~0$m)));;
  esac
  find "${parent:-/}" -maxdepth 1 -name ".ecslogon-home-$1.*" -exec rm -rf {} + || return 1
  t=$(mktemp -d "${parent:-}/.ecslogon-home-$1.XXXXXX") || return 1
  if [ -d /etc/skel ]; then cp -R /etc/skel/. "$t" || return 1; fi
  chown -R "$1:$(id -g "$1")" "$t" && chmod "$mode" "$t" && mv -T "$t" "$h"
}

# A sudoers rule checked with visudo -c before it is renamed into the directory sudo reads.
install_sudo() { # $1 user; rule on stdin
  # shellcheck disable=SC2016
  sh -c 'set -e; umask 077; t=$(mktemp /etc/sudoers.d/.ecslogon.XXXXXX); trap "rm -f \"\$t\"" EXIT
    cat > "$t"; visudo -c -q -f "$t"; chmod 0440 "$t"; mv -f "$t" "$1"; trap - EXIT' sh "/etc/sudoers.d/ecslogon-$1"
}

# The inventory: root-only, replaced atomically.
write_inventory() {
  # shellcheck disable=SC2016
  sh -c 'set -e; umask 077; mkdir -p "$1"; chmod 700 "$1"; t=$(mktemp "$1/.users.XXXXXX")
    cat > "$t"; mv -f "$t" "$1/users"' sh "$inventory_dir"
}

apply() { # $1 verb, $2 user, $3.. arguments
  case "$1" in
    useradd|usermod)
      set -- "$1" "$2" "$(decode "$3")" "$(decode "$4")"
      set -- "$@" ${3:+--shell "$3"}
      if [ -n "$4" ]; then
        if [ "$1" = usermod ]; then set -- "$@" --append; fi
        set -- "$@" --groups "$4"
      fi
      verb=$1; user=$2; shift 4
      if [ "$verb" = useradd ]; then
        useradd --create-home --comment "managed by ecs-logon-operator" "$@" "$user"
      else
        usermod "$@" "$user"
      fi;;
    userdel) userdel --remove "$2";;
    home) make_home "$2";;
    keys) decode "$5" | write_keys "$2" "$(decode "$3")" "$(decode "$4")";;
    sudo) decode "$3" | install_sudo "$2";;
    unsudo) rm -f "/etc/sudoers.d/ecslogon-$2";;
    inventory|final-inventory) decode "$3" | write_inventory;;
    *) echo "unknown change $1" >&2; return 2;;
  esac
}

n=0; failed_user=""; any_failed=""
while IFS="$tab" read -r verb user a b c; do
  n=$((n + 1))
  # The inventory after removals is written only if every change succeeded: otherwise the larger
  # one stays, and the next run tries again what failed.
  if [ "$verb" = final-inventory ] && [ -n "$any_failed" ]; then printf 'skipped\t%s\n' "$n"; continue; fi
  if [ "$user" != - ] && ! valid_name "$user"; then
    any_failed=yes; printf 'failed\t%s\t%s\n' "$n" "$(echo "invalid user name" | base64 -w0)"; continue
  fi
  if [ -n "$failed_user" ] && [ "$user" = "$failed_user" ]; then printf 'skipped\t%s\n' "$n"; continue; fi
  if err=$(apply "$verb" "$user" "$a" "$b" "$c" 2>&1 >/dev/null); then
    printf 'ok\t%s\n' "$n"
  else
    failed_user=$user; any_failed=yes
    printf 'failed\t%s\t%s\n' "$n" "$(printf '%s' "$err" | base64 -w0)"
  fi
done
exit 0

# ecs-logon-operator enforce v1: removes what a compliance audit found, nothing else.
# Stdin: one action per line, "verb<TAB>user<TAB>arg...", every argument but the user name
# base64-encoded, so no value can carry a tab, a newline or shell syntax; values are only ever
# passed as arguments, never evaluated:
#   keys<TAB>user<TAB>path<TAB>sha256 of the content read<TAB>new content
#       the key file rewritten as its user, atomically (a temporary file renamed over it), only
#       if it still holds what the audit read: a file changed since is left for the next visit
#   lock<TAB>user    the password locked (passwd -l: never deleted, the account never removed)
# Answers one line per action: "ok<TAB>n" or "failed<TAB>n<TAB>base64 message".
set -f
tab=$(printf '\t')
decode() { printf '%s' "$1" | base64 -d; }
valid_name() { case "$1" in ''|-*|*[!A-Za-z0-9._\$-]*) return 1;; esac; [ "${#1}" -le 32 ]; }

rewrite_keys() { # $1 user, $2 path, $3 expected sha256; new content on stdin
  # shellcheck disable=SC2016 # the inner script expands its own positional parameters
  runuser -u "$1" -- sh -c '
    set -e; umask 077; f="$1"; d=$(dirname "$f")
    if [ -L "$d" ] || [ -L "$f" ] || [ ! -f "$f" ]; then echo "refusing $f: not a regular file" >&2; exit 3; fi
    now=$(sha256sum < "$f" | cut -d " " -f 1)
    if [ "$now" != "$2" ]; then echo "$f changed since it was read; left for the next visit" >&2; exit 4; fi
    t=$(mktemp "$d/.${f##*/}.XXXXXX"); cat > "$t"; chmod 600 "$t"; mv -f "$t" "$f"' sh "$2" "$3"
}

n=0
while IFS="$tab" read -r verb user a b c; do
  n=$((n + 1))
  if ! valid_name "$user"; then
    printf 'failed\t%s\t%s\n' "$n" "$(printf 'invalid user name' | base64 -w0)"; continue
  fi
  status=0
  case "$verb" in
    keys) err=$(decode "$c" | rewrite_keys "$user" "$(decode "$a")" "$(decode "$b")" 2>&1) || status=$?;;
    lock) err=$(passwd -l "$user" 2>&1 >/dev/null) || status=$?;;
    *) err="unknown action $verb"; status=1;;
  esac
  if [ "$status" -eq 0 ]; then
    printf 'ok\t%s\n' "$n"
  else
    printf 'failed\t%s\t%s\n' "$n" "$(printf '%s' "$err" | base64 -w0)"
  fi
done
exit 0

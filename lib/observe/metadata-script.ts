// The metadata part of the observation script (POSIX sh, dash-safe): what a guest can fetch from
// the OpenStack metadata service over IPv4 and IPv6, and what a config drive labelled config-2 holds.
//
// Output: one `@@<part>@@` line per part (env, config-drive, ipv4, ipv6, nd-ipv4, nd-ipv6: the
// last two fetch network_data.json), then `key=value` lines.
// Every value is flattened to one line, and bodies are printed as one line of hex, so nothing a
// metadata server or a config drive holds can pass for a part or a key. Bodies can hold secrets
// (admin_pass, keys, user data): the runner digests them before anything is stored
// (lib/observe/parse/metadata.ts, digestMetadata); of network_data.json only the MACs, types and
// IPv6 addresses of its networks are kept (digestNetworkData).
//
// blkid -t/-o is util-linux's; BusyBox's blkid (CirrOS) takes neither, so its plain listing is read then.
// Read-only: nothing is mounted. Both fetches run at once, each bounded by curl's --max-time, while
// the config drive is looked for; the section costs at most about three seconds.

/** The meta_data.json path that every source serves (cloud-init DataSourceOpenStack, Tempest). */
export const META_DATA = 'openstack/latest/meta_data.json'
/** Nova's network_data.json beside it: the links (MACs) and the networks with their fixed addresses. */
export const NETWORK_DATA = 'openstack/latest/network_data.json'
/** The most of a body that is read (meta_data.json is a few KiB). */
export const BODY_LIMIT = 65536

export const METADATA_SCRIPT = String.raw`md_line() { printf '%s=' "$1"; printf '%s' "$2" | tr '\n\r' '  '; echo; }
md_hex() { od -An -v -tx1 | tr -d ' \n'; }
md_fetch() {
  curl -q -sS -g --noproxy '*' --max-time 3 --connect-timeout 2 --max-filesize 1048576 \
    -o "$md_dir/$1.body" -w '%{http_code} %{size_download} %{time_total} %{content_type}' "$2" \
    >"$md_dir/$1.w" 2>"$md_dir/$1.err" </dev/null
  echo $? >"$md_dir/$1.rc"
}
md_report() {
  echo "@@$1@@"
  md_line url "$2"
  if [ -n "$3" ]; then md_line skip "$3"; return; fi
  md_line exit "$(cat "$md_dir/$1.rc" 2>/dev/null)"
  md_line w "$(cat "$md_dir/$1.w" 2>/dev/null)"
  md_line err "$(head -c 512 "$md_dir/$1.err" 2>/dev/null)"
  if [ -s "$md_dir/$1.body" ]; then printf '%s=' "$4"; head -c ${BODY_LIMIT} "$md_dir/$1.body" | md_hex; echo; fi
}
md_dir=$(mktemp -d 2>/dev/null) || { md_dir=/tmp/v6ready-md.$$; mkdir -m 700 "$md_dir" 2>/dev/null || md_dir=/nonexistent; }
trap 'rm -rf "$md_dir"' EXIT
trap 'rm -rf "$md_dir"; exit 1' HUP INT TERM
echo @@env@@
md_line uid "$(id -u 2>&1)"
md_line curl "$(command -v curl || echo missing)"
md_line route6 "$(ip -6 route show default 2>&1 | head -n 1)"
md_line route4 "$(ip -4 route get 169.254.169.254 2>&1 | head -n 1)"
md_if=$(ip -6 route show default 2>/dev/null | awk '{ for (i = 1; i < NF; i++) if ($i == "dev") { print $(i + 1); exit } }')
md_from=default-route
if [ -z "$md_if" ]; then
  md_if=$(ip -6 -o addr show scope link up 2>/dev/null | awk '$2 != "lo" { sub(/@.*/, "", $2); print $2; exit }')
  md_from=link-local
fi
[ -n "$md_if" ] || md_from=none
md_line if6 "$md_if"
md_line if6_from "$md_from"
md_url4=http://169.254.169.254/${META_DATA}
md_url6=
[ -n "$md_if" ] && md_url6="http://[fe80::a9fe:a9fe%25$md_if]/${META_DATA}"
md_skip4= md_skip6=
if ! command -v curl >/dev/null 2>&1; then md_skip4='curl is not installed'; md_skip6=$md_skip4; fi
[ -n "$md_url6" ] || md_skip6='no IPv6 interface: no IPv6 default route and no link-local address'
[ -n "$md_skip4" ] || md_fetch ipv4 "$md_url4" &
md_pid4=$!
[ -n "$md_skip6" ] || md_fetch ipv6 "$md_url6" &
md_pid6=$!
md_nd4=http://169.254.169.254/${NETWORK_DATA}
md_nd6=
[ -n "$md_if" ] && md_nd6="http://[fe80::a9fe:a9fe%25$md_if]/${NETWORK_DATA}"
[ -n "$md_skip4" ] || md_fetch nd-ipv4 "$md_nd4" &
md_pidn4=$!
[ -n "$md_skip6" ] || md_fetch nd-ipv6 "$md_nd6" &
md_pidn6=$!
echo @@config-drive@@
md_devs=
if command -v blkid >/dev/null 2>&1; then
  md_devs=$(blkid -t LABEL=config-2 -o device 2>"$md_dir/blkid.err")
  md_rc=$?
  md_line blkid_exit "$md_rc"
  md_line blkid_err "$(head -c 512 "$md_dir/blkid.err" 2>/dev/null)"
  if [ "$md_rc" -ne 0 ] && [ "$md_rc" -ne 2 ]; then
    md_devs=$(blkid 2>/dev/null | awk -F: '/ LABEL="(config-2|CONFIG-2)"/ { print $1 }')
    md_line blkid_plain "$md_devs"
  else
    md_devs="$md_devs $(blkid -t LABEL=CONFIG-2 -o device 2>/dev/null)"
  fi
else
  md_line blkid_exit missing
fi
for md_l in /dev/disk/by-label/config-2 /dev/disk/by-label/CONFIG-2; do
  [ -e "$md_l" ] || continue
  md_r=$(readlink -f "$md_l")
  md_line bylabel "$md_l $md_r"
  md_devs="$md_devs $md_r"
done
for md_dev in $(printf '%s\n' $md_devs | sort -u); do
  md_line device "$md_dev"
  while read -r md_src md_mnt md_type md_rest; do
    case $md_src in /dev/*) ;; *) continue ;; esac
    [ "$md_src" = "$md_dev" ] || [ "$(readlink -f "$md_src" 2>/dev/null)" = "$md_dev" ] || continue
    md_mnt=$(printf '%b' "$md_mnt")
    md_line mount "$md_type $md_mnt"
    md_f="$md_mnt/${META_DATA}"
    if [ -r "$md_f" ]; then
      md_line file "readable $(wc -c <"$md_f" | tr -d ' ')"
      printf 'body='; head -c ${BODY_LIMIT} "$md_f" | md_hex; echo
    else md_line file "error $(cat "$md_f" 2>&1 >/dev/null | head -n 1)"
    fi
    md_f="$md_mnt/${NETWORK_DATA}"
    if [ -r "$md_f" ]; then
      md_line ndfile "readable $(wc -c <"$md_f" | tr -d ' ')"
      printf 'ndbody='; head -c ${BODY_LIMIT} "$md_f" | md_hex; echo
    elif [ -e "$md_f" ]; then md_line ndfile "error $(cat "$md_f" 2>&1 >/dev/null | head -n 1)"
    fi
  done </proc/mounts
done
wait "$md_pid4" "$md_pid6" "$md_pidn4" "$md_pidn6"
md_report ipv4 "$md_url4" "$md_skip4" body
md_report ipv6 "$md_url6" "$md_skip6" body
md_report nd-ipv4 "$md_nd4" "$md_skip4" ndbody
md_report nd-ipv6 "$md_nd6" "$md_skip6" ndbody
rm -rf "$md_dir"
trap - EXIT HUP INT TERM`

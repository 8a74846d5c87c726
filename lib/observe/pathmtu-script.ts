// The pathmtu section of the observation script (POSIX sh, dash-safe), for hosts.path.mtu: each pair
// the targets file asks for (the host's default router, each named peer) is pinged over IPv6 with
// fragmentation forbidden, at 1280 bytes and at the MTU of the interface that reaches it. Parts as
// parts-script.ts prints them (pt_run, so the partsPrelude must come first), per pair N:
//   `pair N`: lines `kind router|peer`, `name <as the targets file names it>`, `addr`, `dev`, `mtu`,
//             `state ok|no-route|no-mtu|time-bound` (exit status 0);
//   `ping N small` and `ping N full`: ping's output and exit status (state ok only).
// Each ping is `-c 2 -i 0.2 -W 1 -w 2` under `timeout 3` where the host has timeout(1). The deadline
// (-w) is ping's own: when a send fails (ENOBUFS, from a link that drops the frame at once) iputils
// backs off and would outlive `timeout`, losing its statistics; with -w it ends and prints them, so
// the probe is judged, not skipped. A pair is started only inside PATH_MTU_BUDGET seconds of the
// section's start, so a host's probes end within about that plus one pair (at most 2 × 3 s). Addresses come from the targets file, checked there as IPv6
// literals and quoted here for sh (shQuote); the router's is read on the host.
import type { ResolvedPathMtu } from '../targets/resolve.ts'
import { shQuote } from './config-script.ts'
import { PING6_OVERHEAD } from './parse/ping.ts'

/** Seconds after which no further pair is started. */
export const PATH_MTU_BUDGET = 15
/** The IPv6 minimum link MTU (RFC 8200 §5): every link carries it. */
export const IPV6_MIN_MTU = 1280

/** The default router (as `ip -6 route show default` names it, when `router`), and the peers. */
export type PathMtuProbes = ResolvedPathMtu

const PING = `ping -6 -M do -n -c 2 -i 0.2 -W 1 -w 2`

/** The sh lines that probe every pair; empty when there is none. */
export function pathMtuScript(p: PathMtuProbes): string {
  const pairs = [
    ...(p.router ? [`pm_pair 1 router router ''`] : []),
    ...p.peers.map((x, i) => `pm_pair ${i + (p.router ? 2 : 1)} peer ${shQuote(x.name)} ${shQuote(x.address)}`),
  ]
  if (!pairs.length) return ''
  // ECMP defaults list their next hops on lines of their own: the first `via X dev Y` is taken.
  // A zone (fe80::b%eth1) names the interface, and link-local addresses are pinged through it (-I).
  return String.raw`pm_to=; command -v timeout >/dev/null 2>&1 && pm_to='timeout 3'
pm_now() { date +%s 2>/dev/null || echo 0; }
pm_end=$(( $(pm_now) + ${PATH_MTU_BUDGET} ))
pm_ping() {
  case $pm_a in
    fe80:*|FE80:*) $pm_to ${PING} -s "$1" -I "$pm_dev" "$pm_a" ;;
    *) $pm_to ${PING} -s "$1" "$pm_a" ;;
  esac
}
pm_info() { printf 'kind %s\nname %s\naddr %s\ndev %s\nmtu %s\nstate %s\n' "$pm_k" "$pm_name" "$pm_a" "$pm_dev" "$pm_mtu" "$pm_state"; }
pm_pair() {
  pm_n=$1 pm_k=$2 pm_name=$3 pm_a=$4 pm_dev= pm_mtu= pm_state=ok
  if [ "$(pm_now)" -gt "$pm_end" ]; then pm_state=time-bound; pt_run "pair $pm_n" pm_info; return; fi
  if [ "$pm_k" = router ]; then
    pm_r=$(ip -6 route show default 2>/dev/null | sed -n 's/.*via \([^ ]*\) dev \([^ ]*\).*/\1 \2/p' | head -n 1)
    pm_a=${'$'}{pm_r% *} pm_dev=${'$'}{pm_r#* }
  else
    case $pm_a in
      *%*) pm_dev=${'$'}{pm_a#*%} pm_a=${'$'}{pm_a%%%*} ;;
      *) pm_dev=$(ip -6 route get "$pm_a" 2>/dev/null | sed -n 's/.* dev \([^ ]*\).*/\1/p' | head -n 1) ;;
    esac
  fi
  if [ -z "$pm_a" ] || [ -z "$pm_dev" ]; then pm_state=no-route
  else
    pm_mtu=$(cat "/sys/class/net/$pm_dev/mtu" 2>/dev/null)
    case $pm_mtu in ''|*[!0-9]*) pm_state=no-mtu ;; esac
  fi
  pt_run "pair $pm_n" pm_info
  [ "$pm_state" = ok ] || return 0
  pt_run "ping $pm_n small" pm_ping ${IPV6_MIN_MTU - PING6_OVERHEAD}
  pt_run "ping $pm_n full" pm_ping $(( pm_mtu - ${PING6_OVERHEAD} ))
}
${pairs.join('\n')}`
}

# Testinfra's side of the hosts benchmark (bench/hosts.ts): the same facts v6ready's hosts suite
# judges on the scale lab's hosts (lab/scale.ts), one test per check and subject, written the way a
# Testinfra user writes them: host.sysctl, host.interface, host.socket, host.file, host.run.
#
# The hosts and what they should hold come from the JSON file in $V6BENCH_SPEC, written by the bench
# from the same plan that wrote targets.yaml. Test names carry the subject (if=, port=, key=), so the
# bench maps each failure to v6ready's (check, subject) pair.
#
# Testinfra 7.0.1's IPv6 bug (docs/lab-notes.md §9): host.socket("tcp://0.0.0.0:P").is_listening is True
# when only a v6only [::]:P socket listens, because the module ignores IPV6_V6ONLY. So these tests
# never ask it about 0.0.0.0; "listening for IPv6" asks about "tcp://:::P", which it answers
# correctly, and reachability is a real IPv6 connect from the runner.
import ipaddress
import json
import os
import socket

import pytest

SPEC = json.load(open(os.environ["V6BENCH_SPEC"]))
HOSTS = {h["address"]: h for h in SPEC["hosts"]}
testinfra_hosts = [f"ssh://root@[{a}]" for a in HOSTS]

ALL_IFACES = ["lo", "eth0", "eth1"]
LINKS = ["eth0", "eth1"]
PORTS = [entry["port"] for entry in SPEC["listeners"]]
IPV6_MIN_MTU = 1280


def plan(host):
    return HOSTS[host.backend.host.name]


def conf(host, iface, key):
    return host.sysctl(f"net.ipv6.conf.{iface}.{key}")


def test_reach_ssh(host):
    assert host.run("true").rc == 0


@pytest.mark.parametrize("iface", ALL_IFACES, ids=lambda i: f"if={i}")
def test_disable_ipv6(host, iface):
    assert conf(host, iface, "disable_ipv6") == 0


@pytest.mark.parametrize("iface", LINKS, ids=lambda i: f"if={i}")
def test_accept_ra(host, iface):
    # ip-sysctl.rst: RAs are accepted iff accept_ra == 2, or accept_ra == 1 and not forwarding.
    ra, fwd = conf(host, iface, "accept_ra"), conf(host, iface, "forwarding")
    assert (ra == 2 or (ra == 1 and fwd == 0)) == plan(host)["interfaces"][iface]["accept_ra"]


@pytest.mark.parametrize("iface", LINKS, ids=lambda i: f"if={i}")
def test_redirects(host, iface):
    ar, fwd = conf(host, iface, "accept_redirects"), conf(host, iface, "forwarding")
    assert not (ar != 0 and fwd == 0)


@pytest.mark.parametrize("key", list(SPEC["sysctl"]), ids=lambda k: f"key={k}")
def test_expected_sysctl(host, key):
    assert host.sysctl(key) == SPEC["sysctl"][key]


@pytest.mark.parametrize("iface", LINKS, ids=lambda i: f"if={i}")
def test_addr_required(host, iface):
    held = {
        ipaddress.ip_interface(f"{a['local']}/{a['prefixlen']}")
        for link in json.loads(host.check_output(f"ip -j -6 addr show dev {iface}"))
        for a in link.get("addr_info", [])
    }
    for want in plan(host)["interfaces"][iface]["addresses"]:
        assert ipaddress.ip_interface(want) in held


@pytest.mark.parametrize("iface", ALL_IFACES, ids=lambda i: f"if={i}")
def test_addr_dad(host, iface):
    assert "dadfailed" not in host.check_output(f"ip -6 addr show dev {iface}")


@pytest.mark.parametrize("iface", LINKS, ids=lambda i: f"if={i}")
def test_addr_link_local(host, iface):
    assert any(ipaddress.ip_address(a.split("%")[0]).is_link_local for a in host.interface(iface).addresses)


def test_route_default(host):
    routes = host.check_output("ip -6 route show default").splitlines()
    hops = [r.split()[2] for r in routes if r.startswith("default via ")]
    assert any(ipaddress.ip_address(h).is_link_local for h in hops)


@pytest.mark.parametrize("iface", LINKS, ids=lambda i: f"if={i}")
def test_link_mtu(host, iface):
    assert int(host.file(f"/sys/class/net/{iface}/mtu").content_string) >= IPV6_MIN_MTU
    assert conf(host, iface, "mtu") >= IPV6_MIN_MTU


@pytest.mark.parametrize("port", PORTS, ids=lambda p: f"port={p}")
def test_listener_ipv6(host, port):
    assert host.socket(f"tcp://:::{port}").is_listening


@pytest.mark.parametrize("port", PORTS, ids=lambda p: f"port={p}")
def test_listener_reachable(host, port):
    with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
        s.settimeout(5)
        s.connect((host.backend.host.name, port, 0, 0))


def test_resolver_v6_nameserver(host):
    servers = [
        ipaddress.ip_address(line.split()[1].split("%")[0])
        for line in host.file("/etc/resolv.conf").content_string.splitlines()
        if line.startswith("nameserver ")
    ]
    assert any(s.version == 6 and s.ipv4_mapped is None for s in servers)


def test_resolver_gai_precedence(host):
    gai = host.file("/etc/gai.conf")
    lines = gai.content_string.splitlines() if gai.exists else []
    table = {
        ipaddress.ip_network(parts[1]): int(parts[2])
        for parts in (line.split() for line in lines)
        if len(parts) == 3 and parts[0] == "precedence"
    }
    if table:  # a table replaces glibc's whole built-in one (RFC 6724 §10.3)
        assert table.get(ipaddress.ip_network("::/0"), 0) > table.get(ipaddress.ip_network("::ffff:0:0/96"), 0)

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""tests/fuzz/mkcorpus.py: (re)writes the seed corpus of tests/fuzz/corpus/,
valid inputs of each harness: configurations, sensor outputs, exporter
pages, HTTP responses, state files, the kernel's netlink replies and events
(attributes as kernel/netlink.c puts them, tests/unit/test_cli_lib.c's
messages), command lines, config.txt lines and __overrides__.  Files it
does not write (the reproducers of bugs found) are kept."""
import os
import struct

top = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(top, "corpus")


def put(name, fname, data):
    d = os.path.join(out, name)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, fname), "wb") as f:
        f.write(data)


# --- pibmcd.conf -------------------------------------------------------------
with open(os.path.join(top, "../../userspace/daemon/pibmcd.conf.example")) as f:
    put("config", "example.conf", f.read())
put("config", "minimal.conf", "[node w1]\ntemp_file = /sys/class/thermal/thermal_zone0/temp\n")
put("config", "full.conf", """; every key
[pibmcd]
interval = 1.5
fan = 0
exit_duty = 60
heartbeat = 5
boot_grace = 120
textfile = /var/lib/node_exporter/pibmc.prom

[curve]
points = 40:20 50:35.5 60:60 70:100
hysteresis = 3
min_duty = 20
start_duty = 40
max_duty = 100
max_step = 10
critical = 80
critical_hysteresis = 5

[power]
restore = last
state_dir = /var/lib/pibmc
boot_id = /proc/sys/kernel/random/boot_id

[node w1]
temp_command = ssh -o BatchMode=yes w1 cat /sys/class/thermal/thermal_zone0/temp
temp_unit = millidegrees
temp_timeout = 2.5
drain = kubectl drain w1
drain_timeout = 300
shutdown = ssh w1 sudo poweroff
shutdown_timeout = 60
power_on = /usr/local/bin/wake w1
power_on_timeout = 300

[node w2]
temp_url = http://w2:9100/metrics
temp_label = sensor="temp1"
temp_timeout = 3

[node backup]
temp_file = /run/pibmc/backup.temp
temp_unit = degrees
""")
put("config", "error.conf", "[curve]\npoints = 50:40 40:30\n[node w1]\ntemp_file = rel\n")

# --- temperatures ------------------------------------------------------------
put("temp_text", "milli", b"\x0145123\n")
put("temp_text", "milli-negative", b"\x01-5000")
put("temp_text", "degrees", b"\x0045.5\n")
put("temp_text", "degrees-sign", b"\x00+41.875")

PAGE = ("# HELP node_hwmon_temp_celsius Hardware monitor for temperature (input)\n"
        "# TYPE node_hwmon_temp_celsius gauge\n"
        "node_hwmon_temp_celsius{chip=\"thermal_thermal_zone0\",sensor=\"temp0\"} 41.381\n"
        "node_hwmon_temp_celsius{chip=\"thermal_thermal_zone0\",sensor=\"temp1\"} 42.894\n"
        "node_hwmon_temp_crit_celsius{chip=\"thermal_thermal_zone0\",sensor=\"temp1\"} 110\n"
        "# TYPE node_thermal_zone_temp gauge\n"
        "node_thermal_zone_temp{type=\"cpu-thermal\",zone=\"0\"} 43.33 1700000000000\n"
        "node_thermal_zone_temp{type=\"gpu}\\\"x\",zone=\"1\"} 39.5\n"
        "node_load1 7.5\n")
put("prometheus", "page", PAGE)
put("prometheus", "label", "label:sensor=\"temp0\"\n" + PAGE)
put("prometheus", "bare", "node_thermal_zone_temp 51e0\n")

put("http", "ok", "HTTP/1.0 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\n\r\n" + PAGE)
put("http", "ok-1.1", "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nnode_thermal_zone_temp 40\n")
put("http", "404", "HTTP/1.0 404 Not Found\r\n\r\nno\n")
put("http", "chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")

put("state", "saved", "# pibmcd: the wanted power state of the nodes\n"
    "boot_id 3f1b2c6e-8a7d-4e59-9c0b-2d6f4a1e7b93\nnode w1 on\nnode w2 off\nnode backup on\n")

# --- netlink -------------------------------------------------------------------
FAMILY, SEQ = 0x1c, 7
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_MULTI, NLM_F_CAPPED, NLM_F_ACK_TLVS = 2, 0x100, 0x200


def align(b):
    return b + b"\0" * (-len(b) % 4)


def attr(t, payload):
    return align(struct.pack("=HH", 4 + len(payload), t) + payload)


def u8(t, v): return attr(t, struct.pack("=B", v))
def u16(t, v): return attr(t, struct.pack("=H", v))
def u32(t, v): return attr(t, struct.pack("=I", v))
def u64(t, v): return attr(t, struct.pack("=Q", v))
def strz(t, s): return attr(t, s.encode() + b"\0")
def nest(t, *a): return attr(t | 0x8000, b"".join(a))


def msg(typ, payload, flags=0, seq=SEQ):
    return struct.pack("=IHHII", 16 + len(payload), typ, flags, seq, 0) + align(payload)


def genl(cmd, *attrs, flags=0, typ=FAMILY):
    return msg(typ, struct.pack("=BBH", cmd, 1, 0) + b"".join(attrs), flags)


def done():
    return msg(NLMSG_DONE, struct.pack("=i", 0), NLM_F_MULTI)


def ack(error=0, tlvs=b"", capped=True):
    """NLMSG_ERROR: capped, the request's header only; else all of it."""
    body = struct.pack("=BBH", 6, 1, 0) + u32(2, 3)
    req = struct.pack("=IHHII", 16 + len(body), FAMILY, 5, SEQ, 0)
    if not capped:
        req += body
    flags = (NLM_F_CAPPED if capped else 0) | (NLM_F_ACK_TLVS if tlvs else 0)
    return msg(NLMSG_ERROR, struct.pack("=i", error) + req + tlvs, flags)


FAN = [u32(1, 0), strz(2, "pibmc-fan"), u32(3, 102), u32(4, 0), u32(5, 2330),
       u8(6, 0), u8(7, 1), u32(8, 200), u8(10, 1), u8(11, 0), u32(9, 500)]


def node(i, name, power=1, state=1):
    return [u32(2, i), strz(3, name), u8(4, power), u8(5, 1), u32(6, state),
            u32(7, 1), u64(8, 123456789012), u32(9, 2900)]


CMD_INFO, CMD_FAN_GET, CMD_NODE_GET, CMD_EVENT = 1, 2, 6, 11
info = genl(CMD_INFO, u32(1, 1), u32(2, 4), nest(3, *FAN),
            *[nest(4, *node(i, "w%d" % (i + 1))) for i in range(4)],
            u32(5, 50), u32(6, 500), u32(7, 60000), u32(8, 0))
put("netlink", "info", b"\x00" + info + ack())
put("netlink", "fan-get", b"\x01" + genl(CMD_FAN_GET, *FAN) + ack())
put("netlink", "fan-dump", b"\x02" + genl(CMD_FAN_GET, *FAN, flags=NLM_F_MULTI) + done())
put("netlink", "node-get", b"\x03" + genl(CMD_NODE_GET, *node(2, "w3")) + ack())
put("netlink", "node-dump", b"\x04" + b"".join(
    genl(CMD_NODE_GET, *node(i, "w%d" % (i + 1), i % 2, i), flags=NLM_F_MULTI)
    for i in range(8)) + done())
# An error with the kernel's extack: a message, the offending attribute (the
# index of the request, at byte 20 of it: after nlmsghdr and genlmsghdr).
ext = strz(1, "pibmc: no such node") + u32(2, 20)
put("netlink", "node-get-error", b"\x03" + ack(-22, ext))
put("netlink", "fan-get-error", b"\x01" + ack(-19, ext))
put("netlink", "node-get-error-uncapped", b"\x03" + ack(-22, ext, capped=False))
put("netlink", "info-error", b"\x00" + ack(-1, strz(1, "not permitted")))
ev_node = genl(CMD_EVENT, u32(2, 3), u64(3, 42000000000), nest(4, *node(1, "w2", 0, 3)),
               strz(6, "ssh: no route to host"))
ev_fan = genl(CMD_EVENT, u32(2, 7), u64(3, 43000000000), nest(5, *FAN))
put("netlink", "events", b"\x05" + ev_node + ev_fan)
# CTRL_CMD_NEWFAMILY: CTRL_ATTR_FAMILY_ID 2 (u16), FAMILY_NAME 1,
# MCAST_GROUPS 7: nests of GRP_NAME 1, GRP_ID 2.
ctrl = genl(1, strz(2, "pibmc"), u16(1, FAMILY),
            nest(7, nest(1, strz(1, "events"), u32(2, 9))), typ=0x10)
put("netlink", "ctrl-family", b"\x06" + ctrl + ack())
# The controller's notifications on the events socket (a module reloaded):
# CTRL_CMD_DELFAMILY 2 of the family known, then CTRL_CMD_NEWFAMILY 1 under
# a new id and group, an event of the new family; another family's return.
CTRL_NEW, CTRL_DEL, NEW_FAMILY = 1, 2, FAMILY + 1


def ctrl_ntf(cmd, name, fid, gid):
    return msg(0x10, struct.pack("=BBH", cmd, 2, 0) + strz(2, name) + u16(1, fid) +
               nest(7, nest(1, strz(1, "events"), u32(2, gid))), seq=0)


put("netlink", "ctrl-reload", b"\x05" + ctrl_ntf(CTRL_DEL, "pibmc", FAMILY, 9) +
    ctrl_ntf(CTRL_NEW, "pibmc", NEW_FAMILY, 10) +
    genl(CMD_EVENT, u32(2, 7), u64(3, 43000000000), nest(5, *FAN), typ=NEW_FAMILY))
put("netlink", "ctrl-other-family", b"\x05" + ctrl_ntf(CTRL_NEW, "thermal", NEW_FAMILY, 10))

# --- the CLI -------------------------------------------------------------------
for n, argv in {
    "status": ["status"],
    "json-status": ["-j", "status"],
    "fan-set": ["fan", "set", "50%"],
    "fan-auto": ["fan", "auto"],
    "node-on": ["node", "on", "w1", "2"],
    "node-off-force": ["node", "off", "--force", "--yes", "all"],
    "node-off-wait": ["node", "off", "--timeout", "90", "--no-wait", "--", "-w1"],
    "node-cycle": ["node", "cycle", "backup"],
    "monitor": ["monitor", "--count=3", "--timeout", "10"],
    "help": ["help", "node"],
    "version": ["--version"],
}.items():
    put("cli_args", n, "\0".join(argv))

# --- dtmerge ---------------------------------------------------------------------
put("dtm_config", "config.txt", """# pibmc
[all]
dtparam=i2c_arm=on,spi=off
dtparam=audio
dtoverlay=pibmc-power,halt_gpios=\\x11,names=w1\\tw2
dtoverlay=pwm,pin=18,func=2
device_tree_overlay=gpio-fan,gpiopin=12,temp=0x1f40
dtoverlay=
dtparam=act_led_trigger=heartbeat,act_led_activelow=y
[pi4]
dtparam=status=\\101\\x42\\n
""")


def ov(*targets):
    """__overrides__ targets: <phandle> "spec"."""
    b = b""
    for ph, spec in targets:
        if ph is not None:
            b += struct.pack(">I", ph)
        b += spec.encode() + b"\0"
    return b


for n, (value, prop) in {
    "int": ("42", ov((1, "value:0"))),
    "int8-16-64": ("0x10", ov((1, "value.0"), (1, "value;2"), (1, "value#0"))),
    "status": ("off", ov((1, "status"))),
    "string": ("a\\tb", ov((1, "label"))),
    "bool": ("yes", ov((1, "flag?"), (1, "other!"))),
    "bytes": ("01:02 ff", ov((1, "bytes["))),
    "reg-rename": ("0x20", ov((1, "reg:0"))),
    "name": ("renamed", ov((1, "name"))),
    "literal": ("1", ov((1, "value:4=99"))),
    "lookup": ("b", ov((1, "value:0{a=1,b=2,=3}"))),
    "fragments": ("on", ov((0, "+0-1=0!1"))),
}.items():
    put("dtm_override", n, bytes([len(value)]) + value.encode() + prop)

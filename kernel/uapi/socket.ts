// Linux x86_64 socket constants (bits/socket.h, asm-generic/socket.h, netinet/in.h, linux/tcp.h) and strace 6.1's names for them, as measured with test/kernel/uapi-cases.c.

import { xlatFlags, xlatValue, type FlagTable } from "./fcntl.ts";

export const AF_UNSPEC = 0, AF_UNIX = 1, AF_LOCAL = 1, AF_INET = 2, AF_INET6 = 10,
  AF_NETLINK = 16, AF_PACKET = 17;
export const PF_UNSPEC = AF_UNSPEC, PF_UNIX = AF_UNIX, PF_LOCAL = AF_LOCAL, PF_INET = AF_INET,
  PF_INET6 = AF_INET6, PF_NETLINK = AF_NETLINK, PF_PACKET = AF_PACKET;

export const SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_RAW = 3, SOCK_RDM = 4, SOCK_SEQPACKET = 5,
  SOCK_DCCP = 6, SOCK_PACKET = 10;
/** Flags or-ed into socket()'s type (and accept4's flags); the type proper is `type & SOCK_TYPE_MASK`. */
export const SOCK_NONBLOCK = 0o4000, SOCK_CLOEXEC = 0o2000000, SOCK_TYPE_MASK = 0xf;

export const IPPROTO_IP = 0, IPPROTO_ICMP = 1, IPPROTO_TCP = 6, IPPROTO_UDP = 17,
  IPPROTO_IPV6 = 41, IPPROTO_ICMPV6 = 58, IPPROTO_RAW = 255;

/** setsockopt levels: SOL_SOCKET is 1, the others are the protocol numbers. */
export const SOL_IP = 0, SOL_SOCKET = 1, SOL_TCP = 6, SOL_UDP = 17, SOL_IPV6 = 41, SOL_RAW = 255;

// x86_64 has a 64-bit time_t, so SO_RCVTIMEO/SO_SNDTIMEO are the _OLD numbers.
export const SO_DEBUG = 1, SO_REUSEADDR = 2, SO_TYPE = 3, SO_ERROR = 4, SO_DONTROUTE = 5,
  SO_BROADCAST = 6, SO_SNDBUF = 7, SO_RCVBUF = 8, SO_KEEPALIVE = 9, SO_OOBINLINE = 10,
  SO_NO_CHECK = 11, SO_PRIORITY = 12, SO_LINGER = 13, SO_BSDCOMPAT = 14, SO_REUSEPORT = 15,
  SO_PASSCRED = 16, SO_PEERCRED = 17, SO_RCVLOWAT = 18, SO_SNDLOWAT = 19, SO_RCVTIMEO = 20,
  SO_SNDTIMEO = 21, SO_BINDTODEVICE = 25, SO_ACCEPTCONN = 30, SO_SNDBUFFORCE = 32,
  SO_RCVBUFFORCE = 33, SO_PROTOCOL = 38, SO_DOMAIN = 39;

export const TCP_NODELAY = 1, TCP_MAXSEG = 2, TCP_CORK = 3, TCP_KEEPIDLE = 4, TCP_KEEPINTVL = 5,
  TCP_KEEPCNT = 6, TCP_SYNCNT = 7, TCP_LINGER2 = 8, TCP_DEFER_ACCEPT = 9, TCP_WINDOW_CLAMP = 10,
  TCP_INFO = 11, TCP_QUICKACK = 12, TCP_CONGESTION = 13, TCP_USER_TIMEOUT = 18;

export const MSG_OOB = 0x1, MSG_PEEK = 0x2, MSG_DONTROUTE = 0x4, MSG_CTRUNC = 0x8, MSG_TRUNC = 0x20,
  MSG_DONTWAIT = 0x40, MSG_EOR = 0x80, MSG_WAITALL = 0x100, MSG_NOSIGNAL = 0x4000,
  MSG_MORE = 0x8000, MSG_CMSG_CLOEXEC = 0x40000000;

export const SHUT_RD = 0, SHUT_WR = 1, SHUT_RDWR = 2;

/** Host order, as <netinet/in.h> defines them: pass through htonl(). INADDR_ANY is 0 either way. */
export const INADDR_ANY = 0, INADDR_LOOPBACK = 0x7f000001, INADDR_BROADCAST = 0xffffffff,
  INADDR_NONE = 0xffffffff;
export const INET_ADDRSTRLEN = 16, INET6_ADDRSTRLEN = 46;

/** glibc's <bits/socket.h> value, also net.core.somaxconn's default: listen() clamps its backlog to it. */
export const SOMAXCONN = 4096;

/** ioctl: bytes readable (TCP: queued bytes; UDP: size of the next datagram); SIOCOUTQ: unsent + unacked. */
export const FIONREAD = 0x541b, SIOCINQ = 0x541b, SIOCOUTQ = 0x5411, FIONBIO = 0x5421;

// ---- strace-style rendering ----

// Index = AF_ number, as strace 6.1 names them (AF_UNIX, not AF_LOCAL).
const FAMILIES = [
  "AF_UNSPEC", "AF_UNIX", "AF_INET", "AF_AX25", "AF_IPX", "AF_APPLETALK", "AF_NETROM", "AF_BRIDGE",
  "AF_ATMPVC", "AF_X25", "AF_INET6", "AF_ROSE", "AF_DECnet", "AF_NETBEUI", "AF_SECURITY", "AF_KEY",
  "AF_NETLINK", "AF_PACKET", "AF_ASH", "AF_ECONET", "AF_ATMSVC", "AF_RDS", "AF_SNA", "AF_IRDA",
  "AF_PPPOX", "AF_WANPIPE", "AF_LLC", "AF_IB", "AF_MPLS", "AF_CAN", "AF_TIPC", "AF_BLUETOOTH",
  "AF_IUCV", "AF_RXRPC", "AF_ISDN", "AF_PHONET", "AF_IEEE802154", "AF_CAIF", "AF_ALG", "AF_NFC",
  "AF_VSOCK", "AF_KCM", "AF_QIPCRTR", "AF_SMC", "AF_XDP", "AF_MCTP",
];
const FAMILY_NAMES = new Map(FAMILIES.map((n, i) => [i, n]));

/** `AF_INET`; an unknown family in hex, tagged `AF_???`. */
export function addressFamilyName(family: number): string {
  return xlatValue(FAMILY_NAMES, family, "AF_???");
}

const SOCK_TYPES = new Map<number, string>([
  [SOCK_STREAM, "SOCK_STREAM"], [SOCK_DGRAM, "SOCK_DGRAM"], [SOCK_RAW, "SOCK_RAW"], [SOCK_RDM, "SOCK_RDM"],
  [SOCK_SEQPACKET, "SOCK_SEQPACKET"], [SOCK_DCCP, "SOCK_DCCP"], [SOCK_PACKET, "SOCK_PACKET"],
]);
const SOCK_FLAGS: FlagTable = [[SOCK_CLOEXEC, "SOCK_CLOEXEC"], [SOCK_NONBLOCK, "SOCK_NONBLOCK"]];

/** socket()'s type: `SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK` (strace's order); an unknown type is all flags. */
export function socketTypeToString(type: number): string {
  const t = type >>> 0;
  const base = SOCK_TYPES.get(t & SOCK_TYPE_MASK);
  if (base === undefined) return xlatFlags(SOCK_FLAGS, t, "SOCK_???");
  const flags = (t & ~SOCK_TYPE_MASK) >>> 0;
  return flags === 0 ? base : `${base}|${xlatFlags(SOCK_FLAGS, flags, "SOCK_???")}`;
}

const INET_PROTOS = new Map<number, string>([
  [IPPROTO_IP, "IPPROTO_IP"], [IPPROTO_ICMP, "IPPROTO_ICMP"], [IPPROTO_TCP, "IPPROTO_TCP"],
  [IPPROTO_UDP, "IPPROTO_UDP"], [IPPROTO_IPV6, "IPPROTO_IPV6"], [IPPROTO_ICMPV6, "IPPROTO_ICMPV6"],
  [132, "IPPROTO_SCTP"], [136, "IPPROTO_UDPLITE"], [IPPROTO_RAW, "IPPROTO_RAW"],
]);

/** socket()'s protocol: IPPROTO_ names for AF_INET/AF_INET6 (`IPPROTO_IP` for 0), a number otherwise. */
export function socketProtocolName(family: number, proto: number): string {
  if (family === AF_INET || family === AF_INET6) return xlatValue(INET_PROTOS, proto, "IPPROTO_???");
  return String(proto);
}

const LEVELS = new Map<number, string>([
  [0, "SOL_IP"], [1, "SOL_SOCKET"], [6, "SOL_TCP"], [17, "SOL_UDP"], [40, "AF_VSOCK"], [41, "SOL_IPV6"],
  [58, "SOL_ICMPV6"], [100, "SOL_CAN_BASE"], [101, "SOL_CAN_RAW"], [132, "SOL_SCTP"], [136, "SOL_UDPLITE"],
  [255, "SOL_RAW"], [256, "SOL_IPX"], [257, "SOL_AX25"], [258, "SOL_ATALK"], [259, "SOL_NETROM"],
  [260, "SOL_ROSE"], [261, "SOL_DECNET"], [262, "SOL_X25"], [263, "SOL_PACKET"], [264, "SOL_ATM"],
  [265, "SOL_AAL"], [266, "SOL_IRDA"], [267, "SOL_NETBEUI"], [268, "SOL_LLC"], [269, "SOL_DCCP"],
  [270, "SOL_NETLINK"], [271, "SOL_TIPC"], [272, "SOL_RXRPC"], [273, "SOL_PPPOL2TP"],
  [274, "SOL_BLUETOOTH"], [275, "SOL_PNPIPE"], [276, "SOL_RDS"], [277, "SOL_IUCV"], [278, "SOL_CAIF"],
  [279, "SOL_ALG"], [280, "SOL_NFC"], [281, "SOL_KCM"], [282, "SOL_TLS"], [283, "SOL_XDP"],
]);

/** Option names by number, "" for gaps. */
function table(names: string[], first = 0): Map<number, string> {
  const m = new Map<number, string>();
  names.forEach((n, i) => { if (n !== "") m.set(first + i, n); });
  return m;
}

const SO_NAMES = table([
  "SO_DEBUG", "SO_REUSEADDR", "SO_TYPE", "SO_ERROR", "SO_DONTROUTE", "SO_BROADCAST", "SO_SNDBUF",
  "SO_RCVBUF", "SO_KEEPALIVE", "SO_OOBINLINE", "SO_NO_CHECK", "SO_PRIORITY", "SO_LINGER", "SO_BSDCOMPAT",
  "SO_REUSEPORT", "SO_PASSCRED", "SO_PEERCRED", "SO_RCVLOWAT", "SO_SNDLOWAT", "SO_RCVTIMEO_OLD",
  "SO_SNDTIMEO_OLD", "SO_SECURITY_AUTHENTICATION", "SO_SECURITY_ENCRYPTION_TRANSPORT",
  "SO_SECURITY_ENCRYPTION_NETWORK", "SO_BINDTODEVICE", "SO_ATTACH_FILTER", "SO_DETACH_FILTER",
  "SO_PEERNAME", "SO_TIMESTAMP_OLD", "SO_ACCEPTCONN", "SO_PEERSEC", "SO_SNDBUFFORCE", "SO_RCVBUFFORCE",
  "SO_PASSSEC", "SO_TIMESTAMPNS_OLD", "SO_MARK", "SO_TIMESTAMPING_OLD", "SO_PROTOCOL", "SO_DOMAIN",
  "SO_RXQ_OVFL", "SO_WIFI_STATUS", "SO_PEEK_OFF", "SO_NOFCS", "SO_LOCK_FILTER", "SO_SELECT_ERR_QUEUE",
  "SO_BUSY_POLL", "SO_MAX_PACING_RATE", "SO_BPF_EXTENSIONS", "SO_INCOMING_CPU", "SO_ATTACH_BPF",
  "SO_ATTACH_REUSEPORT_CBPF", "SO_ATTACH_REUSEPORT_EBPF", "SO_CNX_ADVICE", "", "SO_MEMINFO",
  "SO_INCOMING_NAPI_ID", "SO_COOKIE", "", "SO_PEERGROUPS", "SO_ZEROCOPY", "SO_TXTIME",
  "SO_BINDTOIFINDEX", "SO_TIMESTAMP_NEW", "SO_TIMESTAMPNS_NEW", "SO_TIMESTAMPING_NEW",
  "SO_RCVTIMEO_NEW", "SO_SNDTIMEO_NEW", "SO_DETACH_REUSEPORT_BPF", "SO_PREFER_BUSY_POLL",
  "SO_BUSY_POLL_BUDGET", "SO_NETNS_COOKIE", "SO_BUF_LOCK", "SO_RESERVE_MEM", "SO_TXREHASH", "SO_RCVMARK",
], 1);

const TCP_NAMES = table([
  "TCP_NODELAY", "TCP_MAXSEG", "TCP_CORK", "TCP_KEEPIDLE", "TCP_KEEPINTVL", "TCP_KEEPCNT", "TCP_SYNCNT",
  "TCP_LINGER2", "TCP_DEFER_ACCEPT", "TCP_WINDOW_CLAMP", "TCP_INFO", "TCP_QUICKACK", "TCP_CONGESTION",
  "TCP_MD5SIG", "TCP_COOKIE_TRANSACTIONS", "TCP_THIN_LINEAR_TIMEOUTS", "TCP_THIN_DUPACK",
  "TCP_USER_TIMEOUT", "TCP_REPAIR", "TCP_REPAIR_QUEUE", "TCP_QUEUE_SEQ", "TCP_REPAIR_OPTIONS",
  "TCP_FASTOPEN", "TCP_TIMESTAMP", "TCP_NOTSENT_LOWAT", "TCP_CC_INFO", "TCP_SAVE_SYN", "TCP_SAVED_SYN",
  "TCP_REPAIR_WINDOW", "TCP_FASTOPEN_CONNECT", "TCP_ULP", "TCP_MD5SIG_EXT", "TCP_FASTOPEN_KEY",
  "TCP_FASTOPEN_NO_COOKIE", "TCP_ZEROCOPY_RECEIVE", "TCP_INQ", "TCP_TX_DELAY",
], 1);

const IP_NAMES = table([
  "IP_TOS", "IP_TTL", "IP_HDRINCL", "IP_OPTIONS", "IP_ROUTER_ALERT", "IP_RECVOPTS", "IP_RETOPTS",
  "IP_PKTINFO", "IP_PKTOPTIONS", "IP_MTU_DISCOVER", "IP_RECVERR", "IP_RECVTTL", "IP_RECVTOS", "IP_MTU",
  "IP_FREEBIND", "IP_IPSEC_POLICY", "IP_XFRM_POLICY", "IP_PASSSEC", "IP_TRANSPARENT", "IP_ORIGDSTADDR",
  "IP_MINTTL", "IP_NODEFRAG", "IP_CHECKSUM", "IP_BIND_ADDRESS_NO_PORT", "IP_RECVFRAGSIZE",
  "IP_RECVERR_RFC4884", "", "", "", "", "", "IP_MULTICAST_IF", "IP_MULTICAST_TTL", "IP_MULTICAST_LOOP",
  "IP_ADD_MEMBERSHIP", "IP_DROP_MEMBERSHIP", "IP_UNBLOCK_SOURCE", "IP_BLOCK_SOURCE",
  "IP_ADD_SOURCE_MEMBERSHIP", "IP_DROP_SOURCE_MEMBERSHIP", "IP_MSFILTER", "MCAST_JOIN_GROUP",
  "MCAST_BLOCK_SOURCE", "MCAST_UNBLOCK_SOURCE", "MCAST_LEAVE_GROUP", "MCAST_JOIN_SOURCE_GROUP",
  "MCAST_LEAVE_SOURCE_GROUP", "MCAST_MSFILTER", "IP_MULTICAST_ALL", "IP_UNICAST_IF",
], 1);
IP_NAMES.set(64, "IPT_SO_SET_REPLACE").set(65, "IPT_SO_SET_ADD_COUNTERS");

const IPV6_NAMES = table([
  "IPV6_ADDRFORM", "IPV6_2292PKTINFO", "IPV6_2292HOPOPTS", "IPV6_2292DSTOPTS", "IPV6_2292RTHDR",
  "IPV6_2292PKTOPTIONS", "IPV6_CHECKSUM", "IPV6_2292HOPLIMIT", "IPV6_NEXTHOP", "IPV6_AUTHHDR",
  "IPV6_FLOWINFO", "", "", "", "", "IPV6_UNICAST_HOPS", "IPV6_MULTICAST_IF", "IPV6_MULTICAST_HOPS",
  "IPV6_MULTICAST_LOOP", "IPV6_ADD_MEMBERSHIP", "IPV6_DROP_MEMBERSHIP", "IPV6_ROUTER_ALERT",
  "IPV6_MTU_DISCOVER", "IPV6_MTU", "IPV6_RECVERR", "IPV6_V6ONLY", "IPV6_JOIN_ANYCAST",
  "IPV6_LEAVE_ANYCAST", "IPV6_MULTICAST_ALL", "IPV6_ROUTER_ALERT_ISOLATE", "IPV6_RECVERR_RFC4884",
  "IPV6_FLOWLABEL_MGR", "IPV6_FLOWINFO_SEND", "IPV6_IPSEC_POLICY", "IPV6_XFRM_POLICY", "IPV6_HDRINCL",
  "", "", "", "", "", "MCAST_JOIN_GROUP", "MCAST_BLOCK_SOURCE", "MCAST_UNBLOCK_SOURCE",
  "MCAST_LEAVE_GROUP", "MCAST_JOIN_SOURCE_GROUP", "MCAST_LEAVE_SOURCE_GROUP", "MCAST_MSFILTER",
  "IPV6_RECVPKTINFO", "IPV6_PKTINFO", "IPV6_RECVHOPLIMIT", "IPV6_HOPLIMIT", "IPV6_RECVHOPOPTS",
  "IPV6_HOPOPTS", "IPV6_RTHDRDSTOPTS", "IPV6_RECVRTHDR", "IPV6_RTHDR", "IPV6_RECVDSTOPTS",
  "IPV6_DSTOPTS", "IPV6_RECVPATHMTU", "IPV6_PATHMTU", "IPV6_DONTFRAG", "IPV6_USE_MIN_MTU",
  "IP6T_SO_SET_REPLACE", "IP6T_SO_SET_ADD_COUNTERS", "IPV6_RECVTCLASS", "IPV6_TCLASS", "", "",
  "IPV6_AUTOFLOWLABEL", "", "IPV6_ADDR_PREFERENCES", "IPV6_MINHOPCOUNT", "IPV6_ORIGDSTADDR",
  "IPV6_TRANSPARENT", "IPV6_UNICAST_IF", "IPV6_RECVFRAGSIZE", "IPV6_FREEBIND",
], 1);

const UDP_NAMES = new Map<number, string>([
  [1, "UDP_CORK"], [100, "UDP_ENCAP"], [101, "UDP_NO_CHECK6_TX"], [102, "UDP_NO_CHECK6_RX"],
  [103, "UDP_SEGMENT"], [104, "UDP_GRO"],
]);

const OPTS_BY_LEVEL = new Map<number, [Map<number, string>, string]>([
  [SOL_SOCKET, [SO_NAMES, "SO_???"]], [SOL_TCP, [TCP_NAMES, "TCP_???"]], [SOL_IP, [IP_NAMES, "IP_???"]],
  [SOL_IPV6, [IPV6_NAMES, "IPV6_???"]], [SOL_UDP, [UDP_NAMES, "UDP_???"]],
]);

/**
 * setsockopt/getsockopt level and option as strace prints them:
 * `["SOL_SOCKET", "SO_REUSEADDR"]`, `["SOL_TCP", "TCP_NODELAY"]`. Options of
 * levels other than socket, IP, IPv6, TCP and UDP print as numbers (strace
 * names a few more).
 */
export function sockoptName(level: number, name: number): [string, string] {
  const levelName = LEVELS.get(level) ?? `${hexOf(level)} /* SOL_?? */`;
  const opts = OPTS_BY_LEVEL.get(level);
  return [levelName, opts ? xlatValue(opts[0], name, opts[1]) : String(name)];
}

function hexOf(n: number): string {
  return n === 0 ? "0" : "0x" + (n >>> 0).toString(16);
}

// Ascending bits, as strace prints them.
const MSG_FLAGS: FlagTable = [
  [0x1, "MSG_OOB"], [0x2, "MSG_PEEK"], [0x4, "MSG_DONTROUTE"], [0x8, "MSG_CTRUNC"], [0x10, "MSG_PROBE"],
  [0x20, "MSG_TRUNC"], [0x40, "MSG_DONTWAIT"], [0x80, "MSG_EOR"], [0x100, "MSG_WAITALL"],
  [0x200, "MSG_FIN"], [0x400, "MSG_SYN"], [0x800, "MSG_CONFIRM"], [0x1000, "MSG_RST"],
  [0x2000, "MSG_ERRQUEUE"], [0x4000, "MSG_NOSIGNAL"], [0x8000, "MSG_MORE"], [0x10000, "MSG_WAITFORONE"],
  [0x20000, "MSG_SENDPAGE_NOTLAST"], [0x40000, "MSG_BATCH"], [0x80000, "MSG_NO_SHARED_FRAGS"],
  [0x4000000, "MSG_ZEROCOPY"], [0x20000000, "MSG_FASTOPEN"], [0x40000000, "MSG_CMSG_CLOEXEC"],
  [0x80000000, "MSG_CMSG_COMPAT"],
];

/** send/recv flags: `MSG_DONTWAIT|MSG_NOSIGNAL`, or `0`. */
export function msgFlagsToString(flags: number): string {
  return xlatFlags(MSG_FLAGS, flags, "MSG_???");
}

const HOW = new Map<number, string>([[SHUT_RD, "SHUT_RD"], [SHUT_WR, "SHUT_WR"], [SHUT_RDWR, "SHUT_RDWR"]]);

/** shutdown()'s how: `SHUT_WR`; an unknown one in hex, tagged `SHUT_???`. */
export function shutdownHowName(how: number): string {
  return xlatValue(HOW, how, "SHUT_???");
}

// Earlier names of the renderers, kept for existing callers.
export const familyName = addressFamilyName;
export const sockTypeName = socketTypeToString;
export const msgFlagsName = msgFlagsToString;
export function protoName(proto: number): string {
  return socketProtocolName(AF_INET, proto);
}
export function sockoptLevelName(level: number): string {
  return sockoptName(level, 0)[0];
}

// <netdb.h>: host names as glibc resolves them with the default
// nsswitch "files" source: gethostbyname and getaddrinfo read /etc/hosts
// through open/read/close (the scenario writes it on every host: its
// hosts plus localhost), so a run stays a pure function of its syscalls.
// Dotted quads need no look-up. No DNS: an unknown name is HOST_NOT_FOUND
// (EAI_NONAME), as in the measured namespace with no DNS server.

import { current } from "../../kernel/abi.ts";
import { AF_INET, IPPROTO_TCP, IPPROTO_UDP, SOCK_DGRAM, SOCK_STREAM } from "../../kernel/uapi/socket.ts";
import { O_RDONLY, O_CLOEXEC } from "../../kernel/uapi/fcntl.ts";
import { syscall, type Ref, type Sys } from "./syscall.ts";
import { htonl, htons, inet_aton, type in_addr } from "./inet.ts";
import { sockaddr_in } from "./socket.ts";
import { fprintf, stderr } from "./stdio.ts";

/**
 * `#define HOST_NOT_FOUND 1`, `TRY_AGAIN 2`, `NO_RECOVERY 3`, `NO_DATA 4`
 * (`NO_ADDRESS`, its old name): the `h_errno` values `gethostbyname` sets,
 * with glibc's values. kernsim has no DNS, so an unknown name is always
 * HOST_NOT_FOUND.
 */
export const HOST_NOT_FOUND = 1, TRY_AGAIN = 2, NO_RECOVERY = 3, NO_DATA = 4, NO_ADDRESS = 4;
/**
 * `#define AI_PASSIVE 0x1`, `AI_CANONNAME 0x2`, `AI_NUMERICHOST 0x4`,
 * `AI_NUMERICSERV 0x400`: `getaddrinfo` hint flags (`ai_flags`), glibc's
 * values. AI_PASSIVE: a null node gives the wildcard address (for `bind`)
 * rather than loopback; AI_CANONNAME: fill the first entry's
 * `ai_canonname`; AI_NUMERICHOST / AI_NUMERICSERV: no name look-up, only a
 * dotted quad / a port number.
 */
export const AI_PASSIVE = 0x1, AI_CANONNAME = 0x2, AI_NUMERICHOST = 0x4, AI_NUMERICSERV = 0x400;
/**
 * `#define EAI_BADFLAGS -1` ... `EAI_SYSTEM -11`: the error codes
 * `getaddrinfo` returns (not through `errno`), glibc's values; turn one
 * into text with `gai_strerror`. kernsim returns EAI_FAMILY, EAI_NONAME and
 * EAI_SERVICE; the others exist for completeness.
 */
export const EAI_BADFLAGS = -1, EAI_NONAME = -2, EAI_AGAIN = -3, EAI_FAIL = -4, EAI_FAMILY = -6,
  EAI_SOCKTYPE = -7, EAI_SERVICE = -8, EAI_MEMORY = -10, EAI_SYSTEM = -11;

/**
 * `extern int h_errno;` (`#include <netdb.h>`)
 *
 * The resolver's error number (gethostbyname(3)): set by `gethostbyname`
 * (0 on success, `HOST_NOT_FOUND` for an unknown name), not by the other
 * calls, and not through `errno`. A live binding to the calling process's
 * value, refreshed by `gethostbyname`; read it right after a null return.
 *
 * @example if (h === null) yield* fprintf(stderr, "%s\n", hstrerror(h_errno));
 */
export let h_errno = 0;

function setHErrno(v: number): void {
  current.user.h_errno = v;
  h_errno = v;
}

/**
 * `struct hostent { char *h_name; char **h_aliases; int h_addrtype; int h_length; char **h_addr_list; };`
 *
 * A host entry as `gethostbyname` returns it: the official name, its
 * aliases, `AF_INET`, 4, and the addresses as `in_addr` structs (network
 * byte order) rather than byte strings. `h_addr` is `h_addr_list[0]`, as
 * the C macro.
 */
export interface hostent {
  h_name: string;
  h_aliases: string[];
  h_addrtype: number;
  h_length: number;
  h_addr_list: in_addr[];
  /** h_addr_list[0], as the C macro. */
  h_addr: in_addr;
}

interface HostLine {
  ip: string;
  names: string[];
}

const dec = new TextDecoder();

/** Reads /etc/hosts as glibc's files backend does: open, read until EOF, close. */
function* readHosts(): Sys<HostLine[]> {
  const fd = yield* syscall<number>("openat", "/etc/hosts", O_RDONLY | O_CLOEXEC, undefined);
  if (fd === -1) return [];
  let text = "";
  for (;;) {
    const r = yield* syscall<Uint8Array>("read", fd, 4096);
    if (r === -1 || r.length === 0) break;
    text += dec.decode(r);
  }
  yield* syscall("close", fd);
  const out: HostLine[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*/, "").trim();
    if (!line) continue;
    const [ip, ...names] = line.split(/\s+/);
    if (ip && names.length > 0) out.push({ ip, names });
  }
  return out;
}

function hostent(name: string, aliases: string[], addrs: in_addr[]): hostent {
  return { h_name: name, h_aliases: aliases, h_addrtype: AF_INET, h_length: 4, h_addr_list: addrs, h_addr: addrs[0]! };
}

/**
 * `struct hostent *gethostbyname(const char *name);`
 *
 * get network host entry (gethostbyname(3)). Resolves `name`: a dotted
 * quad is converted without a look-up; otherwise /etc/hosts is read
 * (open, read, close, as glibc's "files" source does; names compare
 * case-insensitively). There is no DNS. Returns the entry with `h_errno`
 * set to 0, or null with `h_errno` set to HOST_NOT_FOUND (`errno` is not
 * set). Each call returns a fresh object (C returns static storage).
 *
 * @example const h = yield* gethostbyname("server"); if (h === null) yield* herror("server");
 */
export function* gethostbyname(name: string): Sys<hostent | null> {
  const a: in_addr = { s_addr: 0 };
  if (/^[0-9.]+$/.test(name) && inet_aton(name, a)) {
    setHErrno(0);
    return hostent(name, [], [a]);
  }
  const lines = yield* readHosts();
  const want = name.toLowerCase();
  for (const l of lines) {
    if (!l.names.some((n) => n.toLowerCase() === want)) continue;
    const addr: in_addr = { s_addr: 0 };
    if (!inet_aton(l.ip, addr)) continue;
    setHErrno(0);
    return hostent(l.names[0]!, l.names.slice(1), [addr]);
  }
  setHErrno(HOST_NOT_FOUND);
  return null;
}

const HERR_TEXT = ["Resolver Error 0 (no error)", "Unknown host", "Host name lookup failure", "Unknown server error", "No address associated with name"];

/**
 * `const char *hstrerror(int err);`
 *
 * get network host entry (hstrerror(3)). The text for an `h_errno` value,
 * as glibc words it ("Unknown host" for HOST_NOT_FOUND), or "Unknown
 * resolver error". A plain function: no `yield*`.
 *
 * @example yield* printf("%s\n", hstrerror(h_errno));
 */
export function hstrerror(err: number): string {
  return HERR_TEXT[err] ?? "Unknown resolver error";
}

/**
 * `void herror(const char *s);`
 *
 * get network host entry (herror(3)). Prints `s`, ": " and the text of the
 * current `h_errno` on stderr (just the text when `s` is null or empty),
 * as `perror` does for `errno`. Returns nothing.
 *
 * @example if (h === null) yield* herror("gethostbyname");
 */
export function* herror(s: string | null): Sys<void> {
  const e = (current.user.h_errno as number | undefined) ?? 0;
  yield* fprintf(stderr, "%s%s%s\n", s ?? "", s ? ": " : "", hstrerror(e));
}

/**
 * `int gethostname(char *name, size_t len);`
 *
 * get/set hostname (gethostname(2)), re-exported from unistd.ts: fills the
 * char array `name` with the simulated host's name (glibc gets it from
 * uname(2)). Returns 0, or -1 with `errno` set to ENAMETOOLONG.
 *
 * @example const name = new Uint8Array(64); yield* gethostname(name, name.length);
 */
export { gethostname } from "./unistd.ts";

/**
 * `struct addrinfo { int ai_flags, ai_family, ai_socktype, ai_protocol; socklen_t ai_addrlen; struct sockaddr *ai_addr; char *ai_canonname; struct addrinfo *ai_next; };`
 *
 * One `getaddrinfo` result, and the hints it takes: a linked list through
 * `ai_next` (null at the end). `ai_addr` is a sockaddr_in ready for
 * `connect` or `bind`. Make a zeroed one with `addrinfo()`.
 */
export interface addrinfo {
  ai_flags: number;
  ai_family: number;
  ai_socktype: number;
  ai_protocol: number;
  ai_addrlen: number;
  ai_addr: ReturnType<typeof sockaddr_in>;
  ai_canonname: string | null;
  ai_next: addrinfo | null;
}

/**
 * `struct addrinfo hints; memset(&hints, 0, sizeof hints);`
 *
 * A zeroed struct addrinfo, to fill as `getaddrinfo`'s hints (a plain
 * object with just the fields you set works too). kernsim only.
 *
 * @example const hints = addrinfo(); hints.ai_family = AF_INET; hints.ai_socktype = SOCK_STREAM;
 */
export function addrinfo(): addrinfo {
  return { ai_flags: 0, ai_family: 0, ai_socktype: 0, ai_protocol: 0, ai_addrlen: 0, ai_addr: sockaddr_in(), ai_canonname: null, ai_next: null };
}

const SERVICES: Record<string, number> = { echo: 7, ftp: 21, ssh: 22, telnet: 23, smtp: 25, domain: 53, http: 80, https: 443 };

/**
 * `int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints, struct addrinfo **res);`
 *
 * network address and service translation (getaddrinfo(3)). Resolves
 * `node` (a dotted quad, or a name in /etc/hosts as `gethostbyname` does;
 * null: loopback, or the wildcard with AI_PASSIVE) and `service` (a port
 * number, or one of echo, ftp, ssh, telnet, smtp, domain, http, https) into
 * a list of addresses stored in `res.value` (a `ref<addrinfo | null>(null)`).
 * IPv4 only. Without a socktype in `hints` the list holds a STREAM, a DGRAM
 * and a RAW entry, as glibc's does. Returns 0, or an EAI_* code (not
 * through `errno`; see `gai_strerror`): EAI_FAMILY (a family other than
 * AF_UNSPEC/AF_INET), EAI_NONAME (unknown host, both null, or a name with
 * AI_NUMERICHOST), EAI_SERVICE (unknown service or port above 65535).
 *
 * @example const res = ref<addrinfo | null>(null); const rc = yield* getaddrinfo("server", "8080", hints, res);
 */
export function* getaddrinfo(node: string | null, service: string | null, hints: Partial<addrinfo> | null, res: Ref<addrinfo | null>): Sys<number> {
  const flags = hints?.ai_flags ?? 0;
  const family = hints?.ai_family ?? 0;
  if (family !== 0 && family !== AF_INET) return EAI_FAMILY;
  if (node === null && service === null) return EAI_NONAME;
  let port = 0;
  if (service !== null) {
    if (/^\d+$/.test(service)) port = Number(service);
    else if (flags & AI_NUMERICSERV || SERVICES[service] === undefined) return EAI_SERVICE;
    else port = SERVICES[service]!;
    if (port > 65535) return EAI_SERVICE;
  }
  let addr = 0;
  let canon: string | null = null;
  if (node === null) {
    addr = flags & AI_PASSIVE ? 0 : htonl(0x7f000001);
  } else {
    const a: in_addr = { s_addr: 0 };
    if (inet_aton(node, a) && /^[0-9.]+$/.test(node)) {
      addr = a.s_addr;
      canon = node;
    } else if (flags & AI_NUMERICHOST) {
      return EAI_NONAME;
    } else {
      const h = yield* gethostbyname(node);
      if (h === null) return EAI_NONAME;
      addr = h.h_addr.s_addr;
      canon = h.h_name;
    }
  }
  const types = hints?.ai_socktype ? [hints.ai_socktype] : [SOCK_STREAM, SOCK_DGRAM, 3];
  let head: addrinfo | null = null;
  let tail: addrinfo | null = null;
  for (const t of types) {
    const ai = addrinfo();
    ai.ai_flags = flags;
    ai.ai_family = AF_INET;
    ai.ai_socktype = t;
    ai.ai_protocol = hints?.ai_protocol || (t === SOCK_STREAM ? IPPROTO_TCP : t === SOCK_DGRAM ? IPPROTO_UDP : 0);
    ai.ai_addrlen = 16;
    ai.ai_addr = { sin_family: AF_INET, sin_port: htons(port), sin_addr: { s_addr: addr } };
    ai.ai_canonname = head === null && flags & AI_CANONNAME ? canon : null;
    if (tail) tail.ai_next = ai;
    else head = ai;
    tail = ai;
  }
  res.value = head;
  return 0;
}

/**
 * `void freeaddrinfo(struct addrinfo *res);`
 *
 * network address and service translation (freeaddrinfo(3)). Frees a
 * `getaddrinfo` list; does nothing here (the garbage collector does it),
 * but call it where C would. A plain function: no `yield*`.
 *
 * @example freeaddrinfo(res.value);
 */
export function freeaddrinfo(_res: addrinfo | null): void {}

const GAI_TEXT: Record<number, string> = {
  [EAI_BADFLAGS]: "Bad value for ai_flags", [EAI_NONAME]: "Name or service not known",
  [EAI_AGAIN]: "Temporary failure in name resolution", [EAI_FAIL]: "Non-recoverable failure in name resolution",
  [EAI_FAMILY]: "ai_family not supported", [EAI_SOCKTYPE]: "ai_socktype not supported",
  [EAI_SERVICE]: "Servname not supported for ai_socktype", [EAI_MEMORY]: "Memory allocation failure",
  [EAI_SYSTEM]: "System error",
};

/**
 * `const char *gai_strerror(int errcode);`
 *
 * network address and service translation (gai_strerror(3)). The text for
 * a `getaddrinfo` error code, as glibc words it ("Name or service not
 * known" for EAI_NONAME), or "Unknown error". A plain function: no
 * `yield*`.
 *
 * @example if (rc !== 0) yield* fprintf(stderr, "getaddrinfo: %s\n", gai_strerror(rc));
 */
export function gai_strerror(code: number): string {
  return GAI_TEXT[code] ?? "Unknown error";
}

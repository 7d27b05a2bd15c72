import { isIPv4, isIPv6 } from 'node:net';

/**
 * The client that sign-in limits count, from its address: an IPv4 address as it is, an
 * IPv4-mapped IPv6 address (::ffff:1.2.3.4) as that IPv4 address, and any other IPv6 address by
 * its /64 prefix ("2001:db8:0:1::/64"). One subscriber is usually handed a whole /64, so counting
 * exact IPv6 addresses would give an attacker a fresh counter per request.
 * Anything else (not an address) is kept as it is: it is still one client.
 */
export function clientKey(address: string): string {
  if (isIPv4(address)) return address;
  // A zone index (fe80::1%eth0) names the interface, not the client.
  const bare = address.replace(/%.*$/, '');
  if (!isIPv6(bare)) return address;
  const groups = ipv6Groups(bare);
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.');
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address, in any of its written forms. */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const parse = (part: string) => (part ? part.split(':').map((h) => parseInt(h, 16)) : []);
  const [head, tail] = text.split('::');
  if (tail === undefined) return parse(head);
  const left = parse(head);
  const right = parse(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

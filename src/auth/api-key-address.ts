import { BlockList, isIP } from 'node:net';

/** One entry of an API key's address allow-list: an address, or a CIDR range when `prefix` is set. */
export interface AddressRule {
  readonly address: string;
  readonly family: 'ipv4' | 'ipv6';
  readonly prefix: number | null;
}

function familyOf(address: string): 'ipv4' | 'ipv6' | null {
  const version = isIP(address);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : null;
}

/** `10.1.2.3`, `2001:db8::1`, `10.0.0.0/8`, `2001:db8::/32`; null for anything else. */
export function parseAddressRule(text: string): AddressRule | null {
  const [address = '', prefixText, ...rest] = text.split('/');
  const family = familyOf(address);
  if (family === null || rest.length > 0) return null;
  if (prefixText === undefined) return { address, family, prefix: null };
  if (!/^[0-9]{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  return prefix <= (family === 'ipv4' ? 32 : 128) ? { address, family, prefix } : null;
}

/**
 * Whether a client address is one of `rules` (matched by `net.BlockList`, which also matches an
 * IPv4-mapped IPv6 address such as `::ffff:10.1.2.3` against IPv4 rules). A client address that is
 * not an IP address matches nothing.
 */
export function addressAllowList(rules: readonly AddressRule[]): (clientIp: string) => boolean {
  const list = new BlockList();
  for (const rule of rules) {
    if (rule.prefix === null) list.addAddress(rule.address, rule.family);
    else list.addSubnet(rule.address, rule.prefix, rule.family);
  }
  return (clientIp) => {
    const family = familyOf(clientIp);
    return family !== null && list.check(clientIp, family);
  };
}

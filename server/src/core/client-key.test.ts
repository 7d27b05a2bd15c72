import { describe, expect, it } from 'vitest';
import { clientKey } from './client-key.js';

describe('the client key sign-in limits count by', () => {
  it('keeps an IPv4 address as it is', () => {
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('127.0.0.1')).toBe('127.0.0.1');
  });

  it('counts an IPv4-mapped IPv6 address as its IPv4 address, in any written form', () => {
    expect(clientKey('::ffff:1.2.3.4')).toBe('1.2.3.4');
    expect(clientKey('::FFFF:1.2.3.4')).toBe('1.2.3.4');
    expect(clientKey('0:0:0:0:0:ffff:1.2.3.4')).toBe('1.2.3.4');
    expect(clientKey('::ffff:0102:0304')).toBe('1.2.3.4');
    expect(clientKey('::ffff:c000:0280')).toBe('192.0.2.128');
  });

  it('counts an IPv6 address by its /64, whether compressed or written out', () => {
    const key = '2001:db8:85a3:8d3::/64';
    expect(clientKey('2001:db8:85a3:8d3:1319:8a2e:370:7348')).toBe(key);
    expect(clientKey('2001:0DB8:85A3:08D3:1319:8A2E:0370:7348')).toBe(key);
    expect(clientKey('2001:db8:85a3:8d3::1')).toBe(key);
    expect(clientKey('2001:db8:85a3:8d3::')).toBe(key);
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey('2001:0db8:0000:0000:ffff:0000:0000:0001')).toBe('2001:db8:0:0::/64');
    expect(clientKey('2001:db8:0:1::1')).not.toBe(clientKey('2001:db8:0:2::1'));
  });

  it('handles loopback, an embedded IPv4 tail that is not a mapping, and a zone index', () => {
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey('::')).toBe('0:0:0:0::/64');
    expect(clientKey('64:ff9b::192.0.2.33')).toBe('64:ff9b:0:0::/64');
    expect(clientKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });

  it('keeps what is not an address as it is', () => {
    expect(clientKey('unknown')).toBe('unknown');
    expect(clientKey('')).toBe('');
  });
});

import Testing
@testable import EnjeuCore

@Suite struct ClientAddressTests {
    @Test func parsesAddressesAndRanges() throws {
        #expect(IPAddress("192.168.1.20")?.description == "192.168.1.20")
        #expect(IPAddress("::1") != nil)
        #expect(IPAddress("[2001:db8::1]") == IPAddress("2001:db8:0:0:0:0:0:1"))
        #expect(IPAddress("::ffff:10.0.0.1") == IPAddress("10.0.0.1"))
        for bad in ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.-4", "::1::2", "12345::", "abc", "1.2.3.4/8", "٣.1.1.1"] {
            #expect(IPAddress(bad) == nil, "\(bad)")
        }
        let ten = try #require(IPRange("10.0.0.0/8"))
        #expect(ten.contains(IPAddress("10.255.3.4")!))
        #expect(!ten.contains(IPAddress("11.0.0.1")!))
        let v6 = try #require(IPRange("fd00::/8"))
        #expect(v6.contains(IPAddress("fd12:3456::1")!))
        #expect(!v6.contains(IPAddress("fe80::1")!))
        #expect(!v6.contains(IPAddress("10.0.0.1")!), "an IPv4 address is never inside an IPv6 range that excludes ::ffff:0:0/96")
        #expect(IPAddress("192.0.2.7:5678") == IPAddress("192.0.2.7"), "a hop's port is not part of the address")
        #expect(IPAddress("[2001:db8::1]:443") == IPAddress("2001:db8::1"))
        #expect(IPAddress("2001:db8:1:2::9")?.bucketKey == IPAddress("2001:db8:1:2:ffff:1:2:3")?.bucketKey, "one /64, one bucket")
        #expect(IPAddress("2001:db8:1:2::9")?.bucketKey != IPAddress("2001:db8:1:3::9")?.bucketKey)
        #expect(IPAddress("10.0.0.1")?.bucketKey == "10.0.0.1")
        #expect(IPRange("10.0.0.0/33") == nil)
        #expect(IPRange("::/129") == nil)
        #expect(IPRange("0.0.0.0/0")!.contains(IPAddress("8.8.8.8")!))
        guard case let .failure(e) = TrustedProxies.parse("127.0.0.1, nope") else { Issue.record("accepted"); return }
        #expect(e.entry == "nope")
    }

    @Test func forwardedForIsReadOnlyThroughTrustedProxies() throws {
        let proxies = try TrustedProxies.parse("127.0.0.1, 10.0.0.0/8").get()
        // No trusted proxy in front: the header is whatever the client wrote, ignored.
        #expect(proxies.client(peer: "203.0.113.9", forwardedFor: ["1.1.1.1"]) == "203.0.113.9")
        // Behind the local proxy: the nearest untrusted hop.
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["198.51.100.7"]) == "198.51.100.7")
        // A client forging entries on the left cannot choose its bucket: the right-most untrusted hop wins.
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["6.6.6.6, 198.51.100.7, 10.1.2.3"]) == "198.51.100.7")
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["6.6.6.6", "198.51.100.7"]) == "198.51.100.7")
        // Garbage stops the walk at the last good hop; no header leaves the proxy itself.
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["198.51.100.7, garbage"]) == "127.0.0.1")
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: []) == "127.0.0.1")
    }
}

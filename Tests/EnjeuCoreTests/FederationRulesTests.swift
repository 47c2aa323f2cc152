import Testing
@testable import EnjeuCore

@Suite struct FederationRulesTests {
    @Test func aMastodonSignatureHeaderParsesAndItsSigningStringIsRebuilt() throws {
        let header = #"keyId="https://mastodon.example/users/ana#main-key",algorithm="rsa-sha256",headers="(request-target) host date digest",signature="c2lnbmF0dXJl""#
        let s = try #require(CavageSignature.parse(header))
        #expect(s.keyId == "https://mastodon.example/users/ana#main-key")
        #expect(s.algorithm == "rsa-sha256")
        #expect(s.headers == ["(request-target)", "host", "date", "digest"])
        #expect(s.signature == "c2lnbmF0dXJl")
        let values = ["host": "enjeu.example", "date": "Tue, 01 Dec 2026 22:00:00 GMT", "digest": "SHA-256=abc="]
        let text = s.signingString(method: "POST", target: "/ap/inbox", value: { values[$0] })
        #expect(text == "(request-target): post /ap/inbox\nhost: enjeu.example\ndate: Tue, 01 Dec 2026 22:00:00 GMT\ndigest: SHA-256=abc=")
        // A listed header that is missing: nothing to check.
        #expect(s.signingString(method: "POST", target: "/ap/inbox", value: { $0 == "digest" ? nil : values[$0] }) == nil)
        // No headers said: the draft's default, `date` alone; missing keyId or signature: no signature.
        #expect(CavageSignature.parse(#"keyId="k",signature="x""#)?.headers == ["date"])
        #expect(CavageSignature.parse(#"algorithm="hs2019",signature="x""#) == nil)
        #expect(CavageSignature.parse(#"keyId="k",signature="unterminated"#) == nil)
    }

    /// RFC 9421 §B.2.3 (full coverage): the signature base is rebuilt line for line.
    @Test func theRFC9421SignatureBaseMatchesTheRFCsExample() throws {
        let input = #"sig-b23=("date" "@method" "@path" "@query" "@authority" "content-type" "content-digest" "content-length");created=1618884473;keyid="test-key-rsa-pss""#
        let s = try #require(MessageSignature.parse(input: input, signature: "sig-b23=:YWJj:"))
        #expect(s.label == "sig-b23" && s.keyId == "test-key-rsa-pss" && s.created == 1618884473 && s.signature == "YWJj")
        let headers = ["date": "Tue, 20 Apr 2021 02:07:56 GMT", "content-type": "application/json",
                       "content-digest": "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:",
                       "content-length": "18"]
        let base = s.signatureBase(method: "POST", targetURI: "https://example.com/foo?param=Value&Pet=dog", value: { headers[$0] })
        #expect(base == """
            "date": Tue, 20 Apr 2021 02:07:56 GMT
            "@method": POST
            "@path": /foo
            "@query": ?param=Value&Pet=dog
            "@authority": example.com
            "content-type": application/json
            "content-digest": sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:
            "content-length": 18
            "@signature-params": ("date" "@method" "@path" "@query" "@authority" "content-type" "content-digest" "content-length");created=1618884473;keyid="test-key-rsa-pss"
            """)
        // Another label in Signature than in Signature-Input: no signature.
        #expect(MessageSignature.parse(input: input, signature: "other=:YWJj:") == nil)
        // Two signatures: the first is read, commas inside its list do not split it.
        let two = MessageSignature.parse(input: #"a=("@method" "@target-uri");created=1, b=("@path");created=2"#, signature: "b=:eA==:, a=:eQ==:")
        #expect(two?.label == "a" && two?.signature == "eQ==" && two?.components == ["@method", "@target-uri"])
    }

    @Test func digestsAreReadFromBothHeaders() {
        #expect(BodyDigest.sha256(digest: "SHA-256=abc=") == "abc=")
        #expect(BodyDigest.sha256(digest: "SHA-512=zzz, sha-256=abc=") == "abc=")
        #expect(BodyDigest.sha256(digest: "MD5=x") == nil)
        #expect(BodyDigest.sha256(contentDigest: "sha-512=:zzz:, sha-256=:abc=:") == "abc=")
        #expect(BodyDigest.sha256(contentDigest: "sha-256=abc=") == nil)
    }

    @Test func thePublicAddressIsHTTPSButOnLoopbackAndTestHosts() throws {
        #expect(try FederationRules.publicURL("https://enjeu.example.org/").get().origin == "https://enjeu.example.org")
        #expect(try FederationRules.publicURL("http://127.0.0.1:8080").get().authority == "127.0.0.1:8080")
        #expect(try FederationRules.publicURL("http://b.test").get().host == "b.test")
        #expect(throws: FederationRules.PublicURLError.plainHTTP) { try FederationRules.publicURL("http://enjeu.example.org").get() }
        #expect(throws: FederationRules.PublicURLError.malformed) { try FederationRules.publicURL("https://enjeu.example.org/app").get() }
        #expect(throws: FederationRules.PublicURLError.malformed) { try FederationRules.publicURL("enjeu.example.org").get() }
        #expect(throws: FederationRules.PublicURLError.malformed) { try FederationRules.publicURL("https://user@enjeu.example.org").get() }
    }

    @Test func aPublicInstanceNeverCallsBehindItsFirewall() {
        let public_ = URLParts("https://enjeu.example.org")!, test = URLParts("http://127.0.0.1:8080")!
        for target in ["http://127.0.0.1:5432/", "https://127.0.0.1/actor", "https://localhost/x", "https://10.1.2.3/inbox", "https://192.168.0.4/",
                       "https://172.20.0.1/", "https://169.254.169.254/latest/meta-data", "https://[::1]/x", "https://[fd00::1]/x",
                       "https://[::ffff:10.0.0.1]/x", "https://0.0.0.0/", "http://b.test/inbox", "http://mastodon.social/inbox"] {
            #expect(!FederationRules.mayReach(URLParts(target)!, from: public_), "\(target)")
        }
        for target in ["https://mastodon.social/inbox", "https://172.32.0.1/", "https://fcbarcelona.example/x", "https://11.0.0.1/"] {
            #expect(FederationRules.mayReach(URLParts(target)!, from: public_), "\(target)")
        }
        // Tests and loopback set-ups reach their own kind.
        #expect(FederationRules.mayReach(URLParts("http://127.0.0.1:9000/inbox")!, from: test))
        #expect(FederationRules.mayReach(URLParts("http://b.test/inbox")!, from: URLParts("http://a.test")!))
    }

    @Test func webFingerResourcesNameThisInstancesCommunitiesOnly() {
        #expect(FederationRules.webFingerSlug("acct:tisserands@enjeu.example", authority: "enjeu.example") == "tisserands")
        #expect(FederationRules.webFingerSlug("acct:Tisserands@ENJEU.example", authority: "enjeu.example") == "tisserands")
        #expect(FederationRules.webFingerSlug("acct:tisserands@other.example", authority: "enjeu.example") == nil)
        #expect(FederationRules.webFingerSlug("acct:a@b@enjeu.example", authority: "enjeu.example") == nil)
        let handle = FederationRules.handle("@ana@mastodon.example")
        #expect(handle?.user == "ana" && handle?.host == "mastodon.example")
        #expect(FederationRules.handle("https://mastodon.example/users/ana") == nil)
    }

    @Test func urlPartsKeepWhatSignaturesNeed() throws {
        let u = try #require(URLParts("https://Example.com:8443/ap/inbox?x=1#frag"))
        #expect(u.scheme == "https" && u.authority == "Example.com:8443" && u.host == "example.com" && u.path == "/ap/inbox" && u.query == "x=1")
        #expect(u.origin == "https://example.com:8443")
        #expect(URLParts("https://example.com")?.path == "/")
        #expect(URLParts("ftp://example.com/x") == nil)
        #expect(URLParts("https://evil@example.com/") == nil)
    }

    /// A server down for a day still gets what was sent to it: the shortest waits between the tries add up to more.
    @Test func deliveriesAreTriedForMoreThanADay() {
        let retry = RetryPolicy()
        let shortest = (1..<FederationRules.deliveryAttempts).reduce(0.0) { $0 + retry.delay(afterAttempt: $1, jitter: 0) }
        #expect(shortest > 24 * 3_600)
        #expect(FederationRules.timely(1_000, now: 1_000 + 3_600) && !FederationRules.timely(1_000, now: 1_000 + 3_601))
    }

    @Test func aBlockedDomainBlocksItsSubdomainsAndNothingElse() throws {
        let blocked = try FederationRules.blockedDomains("spam.example, *.bad.test  evil.example:8443").get()
        #expect(blocked == ["spam.example", "bad.test", "evil.example:8443"])
        #expect(FederationRules.isBlocked("spam.example", by: blocked))
        #expect(FederationRules.isBlocked("a.b.spam.example:443", by: blocked))
        #expect(FederationRules.isBlocked("x.bad.test", by: blocked))
        #expect(FederationRules.isBlocked("evil.example:8443", by: blocked))
        #expect(!FederationRules.isBlocked("notspam.example", by: blocked))
        #expect(!FederationRules.isBlocked("spam.example.org", by: blocked))
        #expect(!FederationRules.isBlocked("anything.example", by: []))
        #expect(FederationRules.blockedDomains("ok.example, /path") == .failure(.init(entry: "/path")))
        #expect(FederationRules.blockedDomains(".example") == .failure(.init(entry: ".example")))
    }

    @Test func remoteHTMLIsKeptAsWordsOnly() {
        let html = #"<p>Bonjour <a href="https://x.example/@a" class="u-url mention">@<span>ana</span></a> &amp; co&#39;<br>ligne 2</p><p>&lt;script&gt;alert(1)&lt;/script&gt;</p><script>evil()</script>"#
        #expect(PlainText.of(html: html) == "Bonjour @ana & co'\nligne 2\n\n<script>alert(1)</script>\n\nevil()")
        #expect(PlainText.of(html: "abcdef", limit: 4) == "abc…")
        #expect(PlainText.of(html: "&unknown; &#x41;") == "&unknown; A")
    }
}

package io.imageingest.upload;

import java.util.List;

import io.imageingest.upload.CsvFixtures.Gen;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link HttpUrls#problem} agrees with a naive java.net.URI-based reference ({@link CsvFixtures#referenceAccepts}) on
 * arbitrary strings, especially the tricky ones: userinfo, IPv6 literals, ports, percent-encoding, non-ASCII,
 * whitespace of every kind, control characters, lone surrogates, and lengths around the limit.
 */
class HttpUrlsPropertiesTest {

    static final int LIMIT = 2048;

    private static final Gen<String> TRICKY_URLS = trickyUrls();
    private static final Gen<Integer> SLACK = slack();
    private static final Gen<String> VALID_URLS = CsvFixtures.httpUrls();

    /** Inputs at the edges, tried before the random ones. */
    private static final List<String> EDGE_CASES = List.of("", "http://", "https://", "http://a", "HTTP://A",
            "http:", "://a", "http://[::]", "http://0.0.0.0", "http://a:65535", "http://a:0",
            "http://" + "a".repeat(LIMIT - 7), "http://" + "a".repeat(LIMIT - 6));

    private static Gen<String> oneOfStrings(String... values) {
        return Gen.of(values);
    }

    private static Gen<String> alphaNumeric(int min, int max) {
        return Gen.strings("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min, max);
    }

    /**
     * Mostly URL-shaped strings: each part is usually valid and sometimes one of many tricky spellings, and the tail
     * (path, query, fragment) gets at most one troublemaker among valid pieces, so that accepted and rejected strings
     * both come up often. Some fully arbitrary strings too.
     */
    static Gen<String> trickyUrls() {
        Gen<String> scheme = Gen.frequency(
                Gen.w(17, Gen.of("http", "https").flatMap(CsvFixtures::randomCase)),
                Gen.w(3, oneOfStrings("ftp", "file", "ws", "javascript", "mailto", "", "http ", "htt p", "h\u0000ttp",
                        "\uff48ttp", "https+x", "1http", "http\u00a0", "HTTP\u200b")));
        Gen<String> separator = Gen.frequency(
                Gen.w(18, Gen.constant("://")),
                Gen.w(2, oneOfStrings(":/", ":", ":///", "//", "", ":\\\\", ": //", "://\u0000", "::/")));
        Gen<String> userinfo = Gen.frequency(
                Gen.w(15, Gen.constant("")),
                Gen.w(3, oneOfStrings("user@", "user:pw@", "@", "%40@", "\u00fc@", "user:@", ":@", "a;b=c@",
                        "a!$&'()*+=b@")),
                Gen.w(2, oneOfStrings("a@b@", "u ser@", "[::1]@", "a%zz@", "\u0000@", "a\u3000b@", "a/b@", "a#b@")));
        Gen<String> host = Gen.frequency(
                Gen.w(6, CsvFixtures.regName()),
                Gen.w(2, CsvFixtures.ipv4()),
                Gen.w(3, CsvFixtures.ipv6()),
                Gen.w(4, oneOfStrings("", "localhost", "example.com", "a", "1", "a.1", "1.a", "a..b", "-a.com",
                        "a-.com", "a_b.com", "ex ample.com", "\u00e9xample.com", "xn--bcher-kva.de", "127.0.0.1",
                        "127.0.0.1.", "1.2.3.4.5", "256.1.1.1", "2130706433", "0x7f.1", "a.b.", ".a", "[::1",
                        "::1", "[1:2:3:4:5:6:7:8:9]", "[g::1]", "[fe80::1%25eth0]", "[fe80::1%eth0]", "[v1.x]",
                        "[::ffff:1.2.3.4]", "[::1]]", "[]", "%41.com", "a\tb", "a\u2028b", "a\u0085b", "EXAMPLE.COM")));
        Gen<String> port = Gen.frequency(
                Gen.w(12, Gen.constant("")),
                Gen.w(5, Gen.ints(0, 70000).map(p -> ":" + p)),
                Gen.w(3, oneOfStrings(":", ":0", ":-1", ":8a", "::80", ": 80", ":99999999999", ":080", ":\uff18")));
        Gen<String> validPiece = Gen.frequency(
                Gen.w(10, alphaNumeric(1, 5)),
                Gen.w(8, oneOfStrings("/", "/", "/", "?", "#", "@", ":", ";", "=", "&", "+", "$", ",", "!", "~", "*",
                        "'", "(", ")", "-", ".", "_")),
                Gen.w(3, oneOfStrings("%E2%82%AC", "%e9", "%00", "%20", "%2F")),
                Gen.w(3, oneOfStrings("\u00e9", "\u65e5\u672c", "\ud83d\ude00", "\u00df", "\u0416", "\u200b",
                        "\ufeff", "\uFFFE")));
        Gen<String> trickyPiece = Gen.frequency(
                Gen.w(6, Gen.constant("")),
                Gen.w(1, oneOfStrings("%", "%2", "%zz", "%%", "%0G", "##")),
                Gen.w(2, oneOfStrings(" ", "\t", "\n", "\r", "\u000b", "\u000c", "\u00a0", "\u1680", "\u2000",
                        "\u2007", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000", "\u180e", "\u001c")),
                Gen.w(1, oneOfStrings("\u0000", "\u0001", "\u001f", "\u007f", "\u0085", "\u009f", "\uFFFD",
                        "\uD800", "\uDC00")),
                Gen.w(1, oneOfStrings("[", "]", "\\", "|", "^", "`", "{", "}", "<", ">", "\"")));
        Gen<String> tailStart = Gen.frequency(Gen.w(6, Gen.constant("/")),
                Gen.w(1, Gen.constant("?")), Gen.w(1, Gen.constant("#")), Gen.w(1, Gen.constant("")));
        Gen<List<String>> validPieces = validPiece.list(0, 10);
        Gen<String> tail = r -> {
            String start = tailStart.next(r);
            List<String> pieces = validPieces.next(r);
            String bad = trickyPiece.next(r);
            int at = r.nextInt(11);
            StringBuilder sb = new StringBuilder(start);
            for (int i = 0; i <= pieces.size(); i++) {
                if (i == Math.min(at, pieces.size())) {
                    sb.append(bad);
                }
                if (i < pieces.size()) {
                    sb.append(pieces.get(i));
                }
            }
            return sb.toString();
        };
        Gen<String> structured = r -> scheme.next(r) + separator.next(r) + userinfo.next(r) + host.next(r)
                + port.next(r) + tail.next(r);
        Gen<String> anything = Gen.anyChars(40);
        Gen<String> prefixes = oneOfStrings("http://", "https://", "HTTP://", "http:");
        Gen<String> anyTail = Gen.anyChars(30);
        Gen<String> prefixed = r -> prefixes.next(r) + anyTail.next(r);
        return Gen.frequency(Gen.w(18, structured), Gen.w(1, anything), Gen.w(1, prefixed));
    }

    /** Mostly the service default, sometimes a limit close to the URL's own length. */
    static Gen<Integer> slack() {
        return Gen.frequency(Gen.w(3, Gen.constant(Integer.MAX_VALUE)), Gen.w(1, Gen.ints(-3, 3)));
    }

    @Test
    void agreesWithTheUriBasedReference() {
        for (String url : EDGE_CASES) {
            for (int slack : List.of(Integer.MAX_VALUE, -3, -1, 0, 1, 3)) {
                checkAgreement(url, slack);
            }
        }
        CsvFixtures.forAll("agreesWithTheUriBasedReference", 4000, random -> {
            String url = TRICKY_URLS.next(random);
            checkAgreement(url, SLACK.next(random));
        });
    }

    private static void checkAgreement(String url, int slack) {
        int limit = slack == Integer.MAX_VALUE ? LIMIT : Math.max(1, url.length() + slack);

        String problem = HttpUrls.problem(url, limit);

        assertThat(problem == null).as("accepted %s with limit %d", Text.quote(url), limit)
                .isEqualTo(CsvFixtures.referenceAccepts(url, limit));
        if (problem != null) {
            assertThat(problem).isNotBlank().doesNotContain("\n", "\r");
        }
        if (url.length() > limit) {
            assertThat(problem).startsWith("URL longer than " + limit + " characters");
        }
    }

    @Test
    void fastPathOnlyAcceptsWhatTheReferenceAccepts() {
        for (String url : EDGE_CASES) {
            checkFastPath(url);
        }
        CsvFixtures.forAll("fastPathOnlyAcceptsWhatTheReferenceAccepts", 3000,
                random -> checkFastPath(TRICKY_URLS.next(random)));
    }

    private static void checkFastPath(String url) {
        if (HttpUrls.fastAccepts(url)) {
            assertThat(CsvFixtures.referenceAccepts(url, Integer.MAX_VALUE)).as(Text.quote(url)).isTrue();
        }
    }

    @Test
    void acceptsEveryGeneratedValidUrl() {
        CsvFixtures.forAll("acceptsEveryGeneratedValidUrl", 1000, random -> {
            String url = VALID_URLS.next(random);
            assertThat(HttpUrls.problem(url, LIMIT)).as(Text.quote(url)).isNull();
        });
    }

    /** Fixed cases for the record: each is checked against the reference, whatever the verdict. */
    @Test
    void knownTrickyCasesAgree() {
        List<String> cases = List.of("http://[::1]:8080/x", "http://user:pw@[::ffff:127.0.0.1]/", "http://[fe80::1%25eth0]/",
                "http://[fe80::1%eth0]/", "http://a:/x", "http://a:65536/", "http://a:99999/", "http://a:999999/",
                "http://2130706433/", "http://0x7f.1/", "http://1.2.3.4.5/", "http://a.1/", "http://1a.b/",
                "http://\u00e9xample.com/", "http://example.com/\u00e9", "http://example.com/\u200b",
                "http://example.com/\ufeff", "http://example.com/\u0085", "http://example.com/\u180e",
                "http://example.com/%", "http://example.com/%e", "http://example.com#a#b", "http://example.com?a#b?c",
                "http://@example.com/", "http://:@example.com/", "http://a@b@c/", "HTTP://EXAMPLE.COM",
                "http://example.com\\x", "http://ex%41mple.com/", "http://[::1]x/", "http://a b/", "http://a\u3000b/",
                "http://example.com/\uD800", "http://example.com/\uFFFE");
        for (String url : cases) {
            assertThat(HttpUrls.problem(url, LIMIT) == null).as(Text.quote(url))
                    .isEqualTo(CsvFixtures.referenceAccepts(url, LIMIT));
        }
    }
}

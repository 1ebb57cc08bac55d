package io.imageingest.upload;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class HttpUrlsTest {

    /** The contract, written naively: java.net.URI, http/https scheme, non-empty host, no whitespace. */
    private static boolean referenceAccepts(String url) {
        for (int i = 0; i < url.length(); i++) {
            if (Character.isWhitespace(url.charAt(i)) || Character.isSpaceChar(url.charAt(i))) {
                return false;
            }
        }
        try {
            URI uri = new URI(url);
            return uri.getScheme() != null
                    && (uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
                    && uri.getHost() != null && !uri.getHost().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://example.com/a.jpg", "http://example.com", "HTTPS://EXAMPLE.COM/A.JPG", "hTtP://x",
            "https://cdn-1.img.example.co.uk:8443/p/a%20b.png?w=100&h=2#frag", "http://localhost:8080/x",
            "http://127.0.0.1/x.jpg", "http://[::1]:80/x", "http://user:pw@example.com/x", "https://example.com?x=1",
            "https://example.com#top", "https://example.com/caf\u00e9.jpg", "https://example.com/a;b=c/@x:y$z,w",
            "https://example.com/(1)!~*'_-.jpg", "https://example.com/a?b=c?d/e", "https://xn--bcher-kva.de/",
            "https://example.com./x", "http://1a.example/x"})
    void acceptsAbsoluteHttpUrls(String url) {
        assertThat(HttpUrls.problem(url, 2048)).isNull();
        assertThat(referenceAccepts(url)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "example.com/a.jpg", "/a/b.jpg", "a.jpg", "//example.com/a.jpg", "ftp://example.com/a.jpg",
            "javascript:alert(1)", "mailto:someone@example.com", "file:///etc/passwd", "data:image/png;base64,AAA",
            "http:///a.jpg", "http:/a.jpg", "http:a.jpg", "https://", "http://exa mple.com/a.jpg",
            "http://example.com/a b.jpg", "http://example.com/a\tb", "http://my_host/x", "http://a..b/x",
            "http://-a.com/x", "http://a-.com/x", "http://example.com:99999999999/x", "http://example.com:80:90/x",
            "http://example.com/%zz", "http://example.com/a#b#c", "http://b\u00fccher.de/x", "https://example.com/\u00a0"})
    void rejectsAnythingButAbsoluteHttpUrlsWithHost(String url) {
        assertThat(HttpUrls.problem(url, 2048)).isNotNull();
        assertThat(referenceAccepts(url)).isFalse();
    }

    @Test
    void rejectsUrlLongerThanLimit() {
        String url = "https://example.com/" + "a".repeat(30);
        assertThat(HttpUrls.problem(url, url.length())).isNull();
        assertThat(HttpUrls.problem(url, url.length() - 1)).startsWith("URL longer than " + (url.length() - 1));
    }

    @Test
    void fastPathAgreesWithUriForGeneratedUrls() {
        String[] pieces = {"http", "https", "HTTP", "ftp", ":", "//", "/", "://", "a", "Z", "0", "9", "-", ".", "_",
                "%", "%4", "%41", "?", "#", "@", "[", "]", ";", "=", "&", "+", "$", ",", "!", "~", "*", "'", "(",
                ")", "\"", "<", ">", "\\", "^", "`", "{", "|", "}", " ", "\t", "\u00e9", "\uFFFD", "\u00a0", "80",
                "example", "com", "1.2.3.4", "x--y", "::1"};
        String[] prefixes = {"http://", "https://", "HTTP://", "http:", "https:/", "", "http://a.b", "https://x.com/"};
        SplittableRandom random = new SplittableRandom(7);
        List<String> disagreements = new ArrayList<>();
        int fastAccepted = 0;
        for (int i = 0; i < 100_000; i++) {
            StringBuilder sb = new StringBuilder(prefixes[random.nextInt(prefixes.length)]);
            int parts = 1 + random.nextInt(8);
            for (int p = 0; p < parts; p++) {
                sb.append(pieces[random.nextInt(pieces.length)]);
            }
            String url = sb.toString().strip();
            if (url.isEmpty()) {
                continue;
            }
            boolean fast = HttpUrls.fastAccepts(url);
            fastAccepted += fast ? 1 : 0;
            boolean reference = referenceAccepts(url) && url.indexOf('\uFFFD') < 0;
            if (fast && !reference) {
                disagreements.add("fast path accepted " + url);
            }
            if ((HttpUrls.problem(url, 10_000) == null) != reference) {
                disagreements.add("verdict differs for " + url);
            }
        }
        assertThat(disagreements).isEmpty();
        assertThat(fastAccepted).isGreaterThan(500);
    }

    @Test
    void fastPathCoversTypicalImageUrls() {
        assertThat(HttpUrls.fastAccepts("https://cdn.example.com/images/SKU-123_front.jpg?v=2")).isTrue();
        assertThat(HttpUrls.fastAccepts("http://example.com")).isTrue();
    }
}

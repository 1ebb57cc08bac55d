package io.imageingest.fetch;

import java.time.Duration;

import java.util.List;

import io.imageingest.outbound.AddressPolicy;
import io.imageingest.support.ImageOrigin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** The downloader against a real local origin: redirects, byte cap, deadlines and retry policy. */
class ImageFetcherTest {

    private final ImageOrigin origin = new ImageOrigin();
    private ConnectionProvider pool;

    @AfterEach
    void tearDown() {
        origin.close();
        if (pool != null) {
            pool.dispose();
        }
    }

    private ImageFetcher fetcher(Duration readTimeout, Duration totalTimeout, DataSize maxBytes, int maxRedirects) {
        FetchProperties props = new FetchProperties(Duration.ofSeconds(2), readTimeout, totalTimeout, maxBytes,
                maxRedirects, 4, 3, Duration.ofMillis(10), Duration.ofMillis(50), "test");
        FetchConfiguration config = new FetchConfiguration();
        pool = config.imageConnectionProvider(props);
        AddressPolicy loopbackAllowed = AddressPolicy.of(List.of("127.0.0.1:" + origin.port()));
        return config.imageFetcher(WebClient.builder(), pool, props, loopbackAllowed);
    }

    private ImageFetcher fetcher() {
        return fetcher(Duration.ofSeconds(2), Duration.ofSeconds(5), DataSize.ofKilobytes(64), 2);
    }

    @Test
    void followsRedirectsToTheImage() {
        byte[] body = {1, 2, 3, 4};
        origin.serve("/img.jpg", body, "image/jpeg").redirect("/r1", "/r2").redirect("/r2", origin.url("/img.jpg"));
        StepVerifier.create(fetcher().fetch(origin.url("/r1")))
                .assertNext(bytes -> assertThat(bytes).containsExactly(body))
                .verifyComplete();
    }

    @Test
    void stopsAfterTheRedirectLimit() {
        origin.redirect("/a", "/b").redirect("/b", "/c").redirect("/c", "/d").redirect("/d", "/e");
        StepVerifier.create(fetcher().fetch(origin.url("/a")))
                .expectErrorSatisfies(e -> assertThat(((FetchException) e).reason()).isEqualTo("TOO_MANY_REDIRECTS"))
                .verify();
        assertThat(origin.hits("/d")).as("third redirect is not followed").isZero();
    }

    @Test
    void refusesBodiesOverTheByteCap() {
        origin.serve("/big.jpg", new byte[100 * 1024], "image/jpeg");
        StepVerifier.create(fetcher().fetch(origin.url("/big.jpg")))
                .expectErrorSatisfies(e -> {
                    assertThat(((FetchException) e).reason()).isEqualTo("TOO_LARGE");
                    assertThat(((FetchException) e).isTransient()).isFalse();
                })
                .verify();
        assertThat(origin.hits("/big.jpg")).isEqualTo(1);
    }

    @Test
    void enforcesTheTotalDeadlineEvenWhenReadsAreWithinTheReadTimeout() {
        origin.stall("/slow.jpg", new byte[]{1}, "image/jpeg");
        ImageFetcher fetcher = fetcher(Duration.ofSeconds(30), Duration.ofMillis(300), DataSize.ofKilobytes(64), 2);
        StepVerifier.create(fetcher.fetch(origin.url("/slow.jpg")))
                .expectErrorSatisfies(e -> assertThat(((FetchException) e).reason()).isEqualTo("TIMEOUT"))
                .verify(Duration.ofSeconds(10));
        assertThat(origin.hits("/slow.jpg")).as("timeouts are retried").isEqualTo(3);
    }

    @Test
    void retriesServerErrorsButNotClientErrors() {
        origin.status("/gone.jpg", 404).status("/busy.jpg", 503)
                .failThenServe("/flaky.jpg", 502, 2, new byte[]{9}, "image/jpeg");
        StepVerifier.create(fetcher().fetch(origin.url("/gone.jpg")))
                .expectErrorSatisfies(e -> assertThat(((FetchException) e).reason()).isEqualTo("HTTP_404"))
                .verify();
        StepVerifier.create(fetcher().fetch(origin.url("/busy.jpg")))
                .expectErrorSatisfies(e -> assertThat(((FetchException) e).reason()).isEqualTo("HTTP_503"))
                .verify();
        StepVerifier.create(fetcher().fetch(origin.url("/flaky.jpg")))
                .assertNext(bytes -> assertThat(bytes).containsExactly(9))
                .verifyComplete();
        assertThat(origin.hits("/gone.jpg")).isEqualTo(1);
        assertThat(origin.hits("/busy.jpg")).isEqualTo(3);
        assertThat(origin.hits("/flaky.jpg")).isEqualTo(3);
    }

    @Test
    void refusesARedirectToALoopbackPortThatIsNotAllowListedWithoutContactingIt() {
        try (ImageOrigin other = new ImageOrigin()) {
            other.serve("/secret", new byte[]{1}, "image/jpeg");
            origin.redirect("/hop", other.url("/secret"));
            StepVerifier.create(fetcher().fetch(origin.url("/hop")))
                    .expectErrorSatisfies(e -> {
                        assertThat(((FetchException) e).reason()).isEqualTo("BLOCKED_ADDRESS");
                        assertThat(((FetchException) e).isTransient()).isFalse();
                        assertThat(e.getMessage()).contains("127.0.0.1").contains("loopback");
                    })
                    .verify();
            assertThat(other.hits("/secret")).isZero();
            assertThat(origin.hits("/hop")).as("refusals are not retried").isEqualTo(1);
        }
    }

    @Test
    void rejectsNonHttpUrlsWithoutConnecting() {
        StepVerifier.create(fetcher().fetch("ftp://127.0.0.1/x.jpg"))
                .expectErrorSatisfies(e -> assertThat(((FetchException) e).reason()).isEqualTo("INVALID_URL"))
                .verify();
    }
}

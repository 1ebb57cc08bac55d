package io.imageingest.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.imageingest.support.ImageOrigin;
import io.imageingest.support.TestImages;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Idempotency-Key} holds across instances: the key is claimed in the shared database, so a retry that
 * lands on another instance gets the same request, a different body under the same key is refused, and two
 * uploads racing on two instances create one request.
 */
class IdempotencyAcrossInstancesIntegrationTest {

    @RegisterExtension
    static final ClusterExtension CLUSTER = new ClusterExtension();

    private static ImageOrigin origin;
    private static ServiceProcess a;
    private static ServiceProcess b;

    @BeforeAll
    static void startCluster() {
        origin = new ImageOrigin();
        Cluster cluster = CLUSTER.cluster();
        a = cluster.service("a").set("app.outbound.allow-list", "127.0.0.1:" + origin.port());
        b = cluster.service("b").set("app.outbound.allow-list", "127.0.0.1:" + origin.port());
        cluster.startAll(a, b);
    }

    @AfterAll
    static void stopOrigin() {
        if (origin != null) {
            origin.close();
        }
    }

    @Test
    void sameKeyAndBodyOnTheOtherInstanceGivesTheSameRequest() {
        String csv = csv("same");
        EntityExchangeResult<Map> first = upload(a, "key-same", csv);
        EntityExchangeResult<Map> retry = upload(b, "key-same", csv);

        assertThat(first.getStatus()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(retry.getStatus()).isEqualTo(HttpStatus.ACCEPTED);
        String id = (String) first.getResponseBody().get("requestId");
        assertThat(retry.getResponseBody().get("requestId")).isEqualTo(id);
        assertOneRequestFor("same", id);
    }

    @Test
    void sameKeyWithAnotherBodyOnTheOtherInstanceIsAConflict() {
        EntityExchangeResult<Map> first = upload(a, "key-other", csv("other-1"));
        assertThat(first.getStatus()).isEqualTo(HttpStatus.ACCEPTED);

        b.api().client().post().uri("/api/v1/requests")
                .header("Idempotency-Key", "key-other")
                .contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue(csv("other-2"))
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail ->
                        assertThat((String) detail).contains((String) first.getResponseBody().get("requestId")));

        assertOneRequestFor("other-1", (String) first.getResponseBody().get("requestId"));
        assertThat(CLUSTER.cluster().db().count("products", eq("productName", "other-2-1")))
                .as("nothing of the refused upload stays stored").isZero();
    }

    @Test
    void concurrentUploadsWithOneKeyOnBothInstancesCreateOneRequest() throws Exception {
        String csv = csv("race");
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<CompletableFuture<EntityExchangeResult<Map>>> racing = new ArrayList<>();
            for (ServiceProcess instance : List.of(a, b)) {
                racing.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        together.await(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return upload(instance, "key-race", csv);
                }, pool));
            }
            List<EntityExchangeResult<Map>> results = new ArrayList<>();
            for (var future : racing) {
                results.add(future.get(90, TimeUnit.SECONDS));
            }

            // the loser either replays the winner's request, or (if the winner is still storing) is told to retry
            List<String> ids = new ArrayList<>();
            for (EntityExchangeResult<Map> result : results) {
                assertThat(result.getStatus()).isIn(HttpStatus.ACCEPTED, HttpStatus.CONFLICT);
                if (result.getStatus() == HttpStatus.ACCEPTED) {
                    ids.add((String) result.getResponseBody().get("requestId"));
                }
            }
            assertThat(ids).isNotEmpty();
            assertThat(ids.stream().distinct()).hasSize(1);
            assertOneRequestFor("race", ids.get(0));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Exactly one request holds the CSV's products, nothing of another upload stayed, and it is processed once. */
    private static void assertOneRequestFor(String name, String id) {
        ClusterDb db = CLUSTER.cluster().db();
        List<Document> products = db.find("products", eq("productName", name + "-1"));
        assertThat(products).as("products named %s-1 in all requests", name).hasSize(1);
        assertThat(products.get(0).getString("requestId")).isEqualTo(id);
        assertThat(db.request(id)).isNotNull();

        Map<String, Object> status = a.awaitTerminal(id);
        assertThat(status.get("status")).isEqualTo("COMPLETED");
        assertThat(origin.hits("/i/" + name + ".jpg")).as("fetches of the image of %s", name).isEqualTo(1);
    }

    private static String csv(String name) {
        origin.serve("/i/" + name + ".jpg", TestImages.jpeg(48, 32, name.hashCode()), "image/jpeg");
        return "S. No.,Product Name,Input Image Urls\n1," + name + "-1," + origin.url("/i/" + name + ".jpg") + "\n";
    }

    @SuppressWarnings("rawtypes")
    private static EntityExchangeResult<Map> upload(ServiceProcess instance, String key, String csv) {
        return instance.api().client().post().uri("/api/v1/requests")
                .header("Idempotency-Key", key)
                .contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue(csv)
                .exchange()
                .expectBody(Map.class).returnResult();
    }
}

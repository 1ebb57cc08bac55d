package io.imageingest;

/** The MongoDB image the container-based suites run against; override with {@code -Dtest.mongo.image=...}. */
public final class MongoImage {

    public static final String NAME = System.getProperty("test.mongo.image", "mongo:8");

    private MongoImage() {
    }
}

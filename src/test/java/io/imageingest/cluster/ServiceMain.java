package io.imageingest.cluster;

import io.imageingest.ImageIngestApplication;

/**
 * Starts {@link ImageIngestApplication} exactly as its own {@code main} does, plus a {@link ParentWatch} so that
 * an instance never outlives the test run that started it. Signals behave as for the plain application:
 * {@code SIGTERM} runs the normal (graceful) shutdown, {@code SIGKILL} ends it on the spot.
 */
public final class ServiceMain {

    private ServiceMain() {
    }

    public static void main(String[] args) {
        ParentWatch.exitWhenParentGoes("image-ingest instance");
        ImageIngestApplication.main(args);
    }
}

package io.imageingest.worker;

/** Another claim fenced this worker out of a request: it must stop working on it at once. */
final class LeaseLostException extends RuntimeException {

    LeaseLostException(String requestId) {
        super("lease of request " + requestId + " was taken over", null, false, false);
    }
}

package io.imageingest.request;

/** Published once an upload is stored and durable, so that a worker can pick it up at once. */
public record RequestAccepted(String requestId) {
}

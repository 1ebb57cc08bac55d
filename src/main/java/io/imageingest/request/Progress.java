package io.imageingest.request;

import java.util.List;

/**
 * Absolute progress counters of a request, written by the worker that holds its lease. They are
 * recomputed from the products on every (re)start, so they stay exact across crashes and takeovers.
 */
public record Progress(long productsDone, long productsFailed, long imagesDone, long imagesFailed, long bytesIn,
                       long bytesOut, List<ImageFailure> failures) {
}

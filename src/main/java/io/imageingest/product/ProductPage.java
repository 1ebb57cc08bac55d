package io.imageingest.product;

import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One page of a request's serial numbers in ascending order ({@code _id} {@code "{requestId}:{page}"}).
 * Pages let the worker, the products listing and {@code output.csv} walk a request in serial order with
 * {@code _id} look-ups only: the embedded server ignores secondary indexes, and this keeps a
 * million-product request from turning every read into a collection scan.
 */
@Document("productPages")
public record ProductPage(@Id String id, String requestId, int page, List<Long> serialNumbers) {

    public static String idOf(String requestId, int page) {
        return requestId + ":" + page;
    }
}

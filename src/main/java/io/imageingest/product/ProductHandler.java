package io.imageingest.product;

import java.util.ArrayList;
import java.util.List;

import io.imageingest.request.RequestDocument;
import io.imageingest.request.RequestLookup;
import io.imageingest.security.ApiKeys;
import io.imageingest.system.ApiException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The product read side: the paged listing in serial order and the streamed {@code output.csv}. Both
 * walk the request's serial-order pages, so neither sorts nor scans.
 */
@Component
class ProductHandler {

    static final int MAX_PAGE_SIZE = 1000;
    private static final MediaType TEXT_CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");
    private static final String CSV_HEADER = "S. No.,Product Name,Input Image Urls,Output Image Urls\r\n";

    private final RequestLookup lookup;
    private final ProductRepository products;

    ProductHandler(RequestLookup lookup, ProductRepository products) {
        this.lookup = lookup;
        this.products = products;
    }

    /** {@code GET /api/v1/requests/{id}/products?page=0&size=100}: a JSON array, paging in headers. */
    Mono<ServerResponse> list(ServerRequest request) {
        int page = intParam(request, "page", 0, 0, Integer.MAX_VALUE);
        int size = intParam(request, "size", 100, 1, MAX_PAGE_SIZE);
        return lookup.require(request.pathVariable("id"), ApiKeys.callerOf(request)).flatMap(r -> {
            long from = (long) page * size;
            long to = Math.min(r.productCount(), from + size);
            Flux<ProductView> items = from >= to ? Flux.empty() : range(r, from, to).map(ProductView::of);
            long totalPages = (r.productCount() + size - 1) / size;
            ServerResponse.BodyBuilder ok = ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                    .header("X-Total-Count", Long.toString(r.productCount()))
                    .header("X-Page", Integer.toString(page))
                    .header("X-Page-Size", Integer.toString(size));
            List<String> links = new ArrayList<>();
            String base = "/api/v1/requests/" + r.id() + "/products?size=" + size + "&page=";
            if (page + 1L < totalPages) {
                links.add("<" + base + (page + 1) + ">; rel=\"next\"");
            }
            if (page > 0) {
                links.add("<" + base + Math.min(page - 1L, Math.max(0, totalPages - 1)) + ">; rel=\"prev\"");
            }
            if (!links.isEmpty()) {
                ok.header(HttpHeaders.LINK, String.join(", ", links));
            }
            return ok.body(items.collectList(), List.class);
        });
    }

    /** {@code GET /api/v1/requests/{id}/output.csv}: streamed; {@code 409} until the request has ended. */
    Mono<ServerResponse> outputCsv(ServerRequest request) {
        return lookup.require(request.pathVariable("id"), ApiKeys.callerOf(request)).flatMap(r -> {
            if (!r.status().isTerminal()) {
                return Mono.error(ApiException.conflict("Not ready", "request " + r.id() + " is " + r.status()
                        + "; output.csv is available once it is COMPLETED or FAILED")
                        .with("status", r.status()));
            }
            Flux<String> body = Flux.concat(Flux.just(CSV_HEADER),
                    Flux.range(0, r.pageCount())
                            .concatMap(p -> products.findPageProducts(r.id(), p).map(ProductHandler::csvLine)
                                    .reduce(new StringBuilder(), StringBuilder::append)
                                    .map(StringBuilder::toString), 1));
            return ServerResponse.ok().contentType(TEXT_CSV)
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + r.id() + "-output.csv\"")
                    .body(body, String.class);
        });
    }

    /** Products at serial-order positions {@code [from, to)}. */
    private Flux<ProductDocument> range(RequestDocument r, long from, long to) {
        int pageSize = r.pageSize();
        int first = (int) (from / pageSize);
        int last = (int) ((to - 1) / pageSize);
        return Flux.range(first, last - first + 1)
                .concatMap(p -> products.findPage(r.id(), p).flatMapMany(page -> {
                    long pageStart = (long) p * pageSize;
                    int a = (int) Math.max(0, from - pageStart);
                    int b = (int) Math.min(page.serialNumbers().size(), to - pageStart);
                    return a >= b ? Flux.empty() : products.findBySerials(r.id(), page.serialNumbers().subList(a, b));
                }), 1);
    }

    static String csvLine(ProductDocument p) {
        return p.serialNumber() + "," + CsvCells.text(p.productName()) + "," + CsvCells.urls(p.inputImageUrls())
                + "," + CsvCells.urls(p.outputImageUrls()) + "\r\n";
    }

    private static int intParam(ServerRequest request, String name, int fallback, int min, int max) {
        String raw = request.queryParam(name).orElse(null);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("Invalid parameter", "query parameter '" + name + "' must be an integer from "
                + min + " to " + max + ", got '" + raw + "'");
    }
}

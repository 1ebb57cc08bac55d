package io.imageingest.upload;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.imageingest.upload.CsvFixtures.Gen;
import io.imageingest.upload.CsvFixtures.Layout;
import io.imageingest.upload.CsvFixtures.Product;
import io.imageingest.upload.CsvFixtures.Rendered;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One corruption of one row of an otherwise valid file yields exactly one {@link CsvEntry.Invalid}, at the physical
 * line where that row starts and naming the problem, while every other row is read exactly as written.
 */
class CsvCorruptionPropertiesTest {

    static final int MAX_URLS = 4;
    static final int MAX_URL_CHARS = 2048;
    static final CsvRules RULES = new CsvRules(MAX_URLS, 65536, MAX_URL_CHARS);

    enum Corruption {
        SERIAL_NOT_NUMERIC, SERIAL_ZERO, SERIAL_NEGATIVE, SERIAL_TOO_LARGE, SERIAL_EMPTY, DUPLICATE_SERIAL,
        NAME_EMPTY, NO_URL, NON_HTTP_URL, TOO_MANY_URLS, URL_TOO_LONG, CONTENT_BEYOND_HEADER, TOO_FEW_COLUMNS
    }

    private static final Gen<List<Product>> PRODUCTS = CsvFixtures.products(2, 10, MAX_URLS);
    private static final Gen<Layout> LAYOUTS = CsvFixtures.layouts();
    private static final Gen<List<String>> EXTRA_VALUES = CsvFixtures.anyCellText().list(0, 4);
    private static final Gen<Corruption> CORRUPTIONS = Gen.of(Corruption.values());
    private static final Gen<String> NOT_NUMERIC = notNumeric();
    private static final Gen<String> BAD_URLS = badUrls();

    /** Digits with one character that is neither an ASCII digit nor trimmable whitespace, anywhere. */
    static Gen<String> notNumeric() {
        Gen<String> digits = Gen.strings("0123456789", 0, 6);
        Gen<Integer> odd = CsvFixtures.nameCodePoints().filter(cp -> cp > ' ' && (cp < '0' || cp > '9'));
        Gen<String> mixed = r -> {
            String a = digits.next(r);
            int cp = odd.next(r);
            return a + new String(Character.toChars(cp)) + digits.next(r);
        };
        return Gen.oneOf(mixed, Gen.of("1.5", "1e3", "+1", "0x1F", "1,000", "12 34", "\u0661\u0662",
                "\uff11\uff12", "one", "#1", "\"1\"", "1\u00a0"));
    }

    /** Trimmed, comma-free strings that are not absolute http(s) URLs with a host (per the reference rule). */
    static Gen<String> badUrls() {
        Gen<String> fixed = Gen.of("ftp://example.com/a.jpg", "file:///etc/passwd", "mailto:a@example.com",
                "javascript:alert(1)", "data:image/png;base64/AAAA", "example.com/a.jpg", "/a.jpg", "a.jpg",
                "//example.com/a.jpg", "http:/a.jpg", "http:a.jpg", "http:///a.jpg", "https://", "http://exa mple.com/",
                "http://example.com/a b.jpg", "http://example.com/\u00a0", "http://my_host/x", "http://example.com/%zz",
                "http://[::1/x", "http://b\u00fccher.de/x", "http://example.com/\uFFFD.jpg", "ws://example.com/x",
                "HTTP//example.com", "http://a\u2028b/", "http://example.com/a\nb");
        Gen<String> urls = CsvFixtures.httpUrls();
        Gen<String> schemes = Gen.of("ftp", "file", "gopher", "httpx", "h ttp", "", "ws");
        Gen<String> mangled = r -> {
            String url = urls.next(r);
            String scheme = schemes.next(r);
            int colon = url.indexOf(':');
            return scheme + url.substring(colon);
        };
        Gen<String> bads = Gen.of(" ", "\t", "\u3000", "\uFFFD", "<", ">", "\\", "^", "`", "{", "|", "}", "\"",
                "%G0");
        Gen<String> withBadChar = r -> {
            String url = urls.next(r);
            String bad = bads.next(r);
            int at = r.nextInt(1001);
            int pos = 8 + at % Math.max(1, url.length() - 8);
            return url.substring(0, pos) + bad + url.substring(pos);
        };
        return Gen.oneOf(fixed, mangled, withBadChar)
                .filter(u -> !u.isEmpty() && u.charAt(0) > ' ' && u.charAt(u.length() - 1) > ' ' && u.indexOf(',') < 0)
                .filter(u -> !CsvFixtures.referenceAccepts(u, MAX_URL_CHARS));
    }

    @Test
    void oneCorruptedRowIsTheOnlyInvalidEntryAtItsLine() {
        CsvFixtures.forAll("oneCorruptedRowIsTheOnlyInvalidEntryAtItsLine", 300, tryRandom -> {
            List<Product> products = PRODUCTS.next(tryRandom);
            Layout layout = LAYOUTS.next(tryRandom);
            List<String> extraValues = EXTRA_VALUES.next(tryRandom);
            Corruption corruption = CORRUPTIONS.next(tryRandom);
            int target = tryRandom.nextInt(1001);
            String notNumeric = NOT_NUMERIC.next(tryRandom);
            String badUrl = BAD_URLS.next(tryRandom);
            long seed = tryRandom.nextLong();
            long chunkSeed = tryRandom.nextLong();
            check(products, layout, extraValues, corruption, target, notNumeric, badUrl, seed, chunkSeed);
        });
    }

    private static void check(List<Product> products, Layout layout, List<String> extraValues, Corruption corruption,
                              int target, String notNumeric, String badUrl, long seed, long chunkSeed) {
        SplittableRandom random = new SplittableRandom(seed);
        // the duplicate must come after the first occurrence, so it is never the first row
        int k = corruption == Corruption.DUPLICATE_SERIAL ? 1 + target % (products.size() - 1) : target % products.size();
        int j = random.nextInt(Math.max(1, k));
        List<List<String>> rows = CsvFixtures.logicalRows(layout, products, extraValues);
        List<String> row = rows.get(k);
        int serialCol = layout.indexOf(CsvFixtures.Kind.SERIAL);
        int nameCol = layout.indexOf(CsvFixtures.Kind.NAME);
        int urlsCol = layout.indexOf(CsvFixtures.Kind.URLS);
        List<String> urls = new ArrayList<>(products.get(k).urls());

        switch (corruption) {
            case SERIAL_NOT_NUMERIC -> row.set(serialCol, pad(notNumeric, random));
            case SERIAL_ZERO -> row.set(serialCol, pad("0".repeat(1 + random.nextInt(4)), random));
            case SERIAL_NEGATIVE -> row.set(serialCol, pad("-" + (1 + random.nextLong(Long.MAX_VALUE - 1)), random));
            case SERIAL_TOO_LARGE -> row.set(serialCol, pad(random.nextBoolean() ? "9223372036854775808"
                    : "9".repeat(20 + random.nextInt(20)), random));
            case SERIAL_EMPTY -> row.set(serialCol, new String[] {"", " ", "\t", " \t "}[random.nextInt(4)]);
            case DUPLICATE_SERIAL -> row.set(serialCol, CsvFixtures.decorateSerial(
                    String.valueOf(products.get(j).serial()), random));
            case NAME_EMPTY -> row.set(nameCol, new String[] {"", " ", "\t", "  \t", "\n", " \r\n "}[random.nextInt(6)]);
            case NO_URL -> row.set(urlsCol, new String[] {"", " ", ",", " , ,", ",\n,", "\t,"}[random.nextInt(6)]);
            case NON_HTTP_URL -> {
                urls.set(random.nextInt(urls.size()), badUrl);
                row.set(urlsCol, CsvFixtures.joinUrls(urls, random));
            }
            case TOO_MANY_URLS -> {
                while (urls.size() <= MAX_URLS + random.nextInt(3)) {
                    urls.add("https://img" + urls.size() + ".example.com/p/" + urls.size() + ".jpg");
                }
                row.set(urlsCol, CsvFixtures.joinUrls(urls, random));
            }
            case URL_TOO_LONG -> {
                String url = urls.get(0);
                String base = url.contains("?") || url.contains("#") ? "https://example.com" : url;
                String longUrl = base + "/" + "x".repeat(MAX_URL_CHARS - base.length() + random.nextInt(50));
                urls.set(random.nextInt(urls.size()), longUrl);
                row.set(urlsCol, CsvFixtures.joinUrls(urls, random));
            }
            case CONTENT_BEYOND_HEADER -> {
                while (row.size() < layout.columns().size()) {
                    row.add("");
                }
                for (int extra = random.nextInt(2); extra >= 0; extra--) {
                    row.add(random.nextInt(3) == 0 ? "" : urls.get(random.nextInt(urls.size())));
                }
                row.set(row.size() - 1, "x");
            }
            case TOO_FEW_COLUMNS -> {
                row.subList(1 + random.nextInt(layout.minColumns() - 1), row.size()).clear();
                if (row.stream().allMatch(String::isBlank)) {
                    row.set(0, "x"); // otherwise the line would be blank, and blank lines are skipped
                }
            }
        }
        Rendered csv = CsvFixtures.render(layout, rows);

        List<CsvEntry> entries = CsvFixtures.readAll(csv.bytes(), RULES, chunkSeed);

        assertThat(entries).as("file %s", csv).hasSize(products.size());
        for (int i = 0; i < products.size(); i++) {
            long line = csv.recordLines().get(i);
            if (i != k) {
                assertThat(entries.get(i)).as("row %d of %s", i, csv).isEqualTo(products.get(i).expectedRow(line));
                continue;
            }
            assertThat(entries.get(i)).as("corrupted row %d of %s", i, csv).isInstanceOf(CsvEntry.Invalid.class);
            CsvEntry.Invalid invalid = (CsvEntry.Invalid) entries.get(i);
            assertThat(invalid.line()).as("line of the corrupted row in %s", csv).isEqualTo(line);
            String reason = invalid.reason();
            switch (corruption) {
                case SERIAL_NOT_NUMERIC, SERIAL_ZERO, SERIAL_NEGATIVE ->
                        assertThat(reason).startsWith("S. No. \"").endsWith("\" is not a positive integer");
                case SERIAL_TOO_LARGE ->
                        assertThat(reason).startsWith("S. No. \"").endsWith("\" is not a positive integer (too large)");
                case SERIAL_EMPTY -> assertThat(reason).isEqualTo("S. No. is empty");
                case DUPLICATE_SERIAL -> assertThat(reason).isEqualTo("duplicate S. No. " + products.get(j).serial()
                        + " (first at line " + csv.recordLines().get(j) + ")");
                case NAME_EMPTY -> assertThat(reason).isEqualTo("Product Name is empty");
                case NO_URL -> assertThat(reason).isEqualTo("Input Image Urls has no URL");
                case NON_HTTP_URL -> assertThat(reason).satisfiesAnyOf(
                        r -> assertThat(r).endsWith(" is not an absolute http(s) URL"),
                        r -> assertThat(r).startsWith("URL \"").endsWith("\" has no host"),
                        r -> assertThat(r).startsWith("URL \"").endsWith("\" contains whitespace"),
                        r -> assertThat(r).startsWith("URL \"").endsWith("\" is not valid UTF-8"));
                case TOO_MANY_URLS -> assertThat(reason).matches("too many URLs: \\d+ \\(limit " + MAX_URLS + "\\)");
                case URL_TOO_LONG -> assertThat(reason).startsWith("URL longer than " + MAX_URL_CHARS + " characters");
                case CONTENT_BEYOND_HEADER -> assertThat(reason).matches(
                        "row has \\d+ columns but the header has " + layout.columns().size() + " \\(.*");
                case TOO_FEW_COLUMNS -> assertThat(reason).matches(
                        "row has \\d+ columns?, expected at least " + layout.minColumns());
            }
            assertThat(reason).as("a reason stays on one line").doesNotContain("\n", "\r");
        }
    }

    private static String pad(String value, SplittableRandom random) {
        return random.nextInt(4) == 0 ? " " + value + "\t" : value;
    }
}

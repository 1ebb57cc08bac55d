package io.imageingest.upload;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generators and an independent RFC 4180 renderer for product CSVs, used by the property tests of
 * {@link CsvProductReader}. Nothing here calls the reader: the expected rows and physical line numbers come from the
 * model that was rendered.
 *
 * <p>The property tests are plain JUnit 5: {@link #forAll} runs a property a fixed number of tries, each with its own
 * seeded {@link Random} that drives the {@link Gen generators}. A failure names the property, the try and its seed;
 * {@code -Dprops.seed=<seed>} replays just that try, and {@code -Dprops.base=<n>} explores a different (still
 * reproducible) sequence of seeds than the default.
 */
final class CsvFixtures {

    static final String SERIAL = "S. No.";
    static final String NAME = "Product Name";
    static final String URLS = "Input Image Urls";
    static final List<String> REQUIRED = List.of(SERIAL, NAME, URLS);

    private CsvFixtures() {
    }

    // ------------------------------------------------------------------------------------------------ tries

    /**
     * Runs {@code property} {@code tries} times, each with a {@link Random} of its own seed, and turns the first failure
     * into an {@link AssertionError} naming the property, the try and the seed. With {@code -Dprops.seed=<seed>} only
     * that seed is run; {@code -Dprops.base=<n>} (default 0) shifts the sequence of seeds.
     */
    static void forAll(String property, int tries, Consumer<Random> body) {
        String replay = System.getProperty("props.seed");
        if (replay != null && !replay.isBlank()) {
            runTry(property, 0, 1, Long.parseLong(replay.trim()), body);
            return;
        }
        long base = Long.getLong("props.base", 0L);
        SplittableRandom seeds = new SplittableRandom(property.hashCode() * 0x9E3779B97F4A7C15L + base);
        for (int i = 0; i < tries; i++) {
            runTry(property, i, tries, seeds.nextLong(), body);
        }
    }

    private static void runTry(String property, int index, int tries, long seed, Consumer<Random> body) {
        try {
            body.accept(new Random(seed));
        } catch (AssertionError | RuntimeException e) {
            AssertionError failure = new AssertionError(property + " failed on try " + (index + 1) + " of " + tries
                    + " with seed " + seed + " (replay: -Dprops.seed=" + seed + "): " + e.getMessage(), e);
            throw failure;
        }
    }

    // ------------------------------------------------------------------------------------------------ Gen

    /** A generator: a value drawn from a seeded {@link Random}. The same random state always gives the same value. */
    @FunctionalInterface
    interface Gen<T> {

        T next(Random random);

        default <U> Gen<U> map(Function<? super T, ? extends U> f) {
            return r -> f.apply(next(r));
        }

        default <U> Gen<U> flatMap(Function<? super T, ? extends Gen<? extends U>> f) {
            return r -> f.apply(next(r)).next(r);
        }

        /** Draws again until {@code keep} holds (at most 10,000 draws). */
        default Gen<T> filter(Predicate<? super T> keep) {
            return r -> {
                for (int i = 0; i < 10_000; i++) {
                    T value = next(r);
                    if (keep.test(value)) {
                        return value;
                    }
                }
                throw new IllegalStateException("generator filter missed 10000 times in a row");
            };
        }

        /** Lists of {@code min..max} elements, the size uniform. */
        default Gen<List<T>> list(int min, int max) {
            return r -> {
                int size = min + r.nextInt(max - min + 1);
                List<T> list = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    list.add(next(r));
                }
                return list;
            };
        }

        /** Lists of {@code min..max} elements, small sizes more likely. */
        default Gen<List<T>> listBiased(int min, int max) {
            return r -> {
                int size = biasedSize(r, min, max);
                List<T> list = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    list.add(next(r));
                }
                return list;
            };
        }

        /**
         * Lists of {@code min..max} elements with pairwise different {@code key}s, small sizes more likely; an element
         * whose key is taken is drawn again (a list may end up shorter than drawn if that keeps failing, never below
         * {@code min}).
         */
        default <K> Gen<List<T>> uniqueListBiased(int min, int max, Function<? super T, ? extends K> key) {
            return r -> {
                int size = biasedSize(r, min, max);
                List<T> list = new ArrayList<>(size);
                Set<K> keys = new HashSet<>();
                for (int misses = 0; list.size() < size; ) {
                    T value = next(r);
                    if (keys.add(key.apply(value))) {
                        list.add(value);
                    } else if (++misses > 10_000) {
                        if (list.size() >= min) {
                            break;
                        }
                        throw new IllegalStateException("could not draw " + min + " unique elements");
                    }
                }
                return list;
            };
        }

        static <T> Gen<T> constant(T value) {
            return r -> value;
        }

        @SafeVarargs
        static <T> Gen<T> of(T... values) {
            List<T> copy = List.of(values);
            return r -> copy.get(r.nextInt(copy.size()));
        }

        /** Uniform in {@code min..max} (both inclusive). */
        static Gen<Integer> ints(int min, int max) {
            return r -> (int) (min + r.nextLong((long) max - min + 1));
        }

        /** Uniform in {@code min..max} (both inclusive; {@code min > Long.MIN_VALUE}). */
        static Gen<Long> longs(long min, long max) {
            return r -> r.nextLong(min - 1, max) + 1;
        }

        static Gen<Boolean> bools() {
            return Random::nextBoolean;
        }

        /** Strings of {@code min..max} characters (uniform length), each picked uniformly from {@code chars}. */
        static Gen<String> strings(String chars, int min, int max) {
            return r -> {
                int length = min + r.nextInt(max - min + 1);
                StringBuilder sb = new StringBuilder(length);
                for (int i = 0; i < length; i++) {
                    sb.append(chars.charAt(r.nextInt(chars.length())));
                }
                return sb.toString();
            };
        }

        /** Strings of {@code 0..max} arbitrary UTF-16 units (U+0000..U+FFFF, lone surrogates included). */
        static Gen<String> anyChars(int max) {
            return r -> {
                int length = r.nextInt(max + 1);
                StringBuilder sb = new StringBuilder(length);
                for (int i = 0; i < length; i++) {
                    sb.append((char) r.nextInt(0x10000));
                }
                return sb.toString();
            };
        }

        /** Picks one of the generators uniformly. */
        @SafeVarargs
        static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
            List<Gen<? extends T>> copy = List.of(gens);
            return r -> copy.get(r.nextInt(copy.size())).next(r);
        }

        /** Picks one of the generators with the given weights. */
        @SafeVarargs
        static <T> Gen<T> frequency(Weighted<? extends T>... choices) {
            List<Weighted<? extends T>> copy = List.of(choices);
            int total = copy.stream().mapToInt(Weighted::weight).sum();
            return r -> {
                int pick = r.nextInt(total);
                for (Weighted<? extends T> choice : copy) {
                    pick -= choice.weight();
                    if (pick < 0) {
                        return choice.gen().next(r);
                    }
                }
                throw new AssertionError("unreachable");
            };
        }

        static <T> Weighted<T> w(int weight, Gen<T> gen) {
            return new Weighted<>(weight, gen);
        }

        /** The elements in random order. */
        static <T> Gen<List<T>> shuffled(List<T> list) {
            return r -> {
                List<T> copy = new ArrayList<>(list);
                Collections.shuffle(copy, r);
                return copy;
            };
        }

        private static int biasedSize(Random r, int min, int max) {
            if (r.nextInt(4) == 0) {
                return min + r.nextInt(max - min + 1);
            }
            double u = r.nextDouble();
            return min + (int) Math.floor(u * u * (max - min + 1));
        }
    }

    record Weighted<T>(int weight, Gen<T> gen) {
    }

    // ------------------------------------------------------------------------------------------------ model

    /** A product as the generator means it: {@code name} may carry surrounding whitespace that the reader trims. */
    record Product(long serial, String name, List<String> urls) {

        CsvEntry.Row expectedRow(long line) {
            return new CsvEntry.Row(line, serial, name.trim(), urls);
        }
    }

    enum Eol {
        LF, CRLF, MIXED
    }

    enum Kind {
        SERIAL, NAME, URLS, EXTRA
    }

    /** One header cell: which column it is and the exact text written for it (case and padding varied). */
    record Column(Kind kind, String headerText) {
    }

    /**
     * Choices of one rendered file that do not change its meaning.
     *
     * @param quoteAll quote every cell (otherwise only cells that need it, plus a random few)
     * @param seed     drives the per-record choices: padding, leading zeros, URL separators, blank lines, quoting
     */
    record Layout(boolean bom, Eol eol, boolean finalNewline, List<Column> columns, boolean quoteAll, long seed) {

        int indexOf(Kind kind) {
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).kind() == kind) {
                    return i;
                }
            }
            throw new IllegalStateException(kind + " missing");
        }

        /** Cells a row needs at least: up to and including the last required column. */
        int minColumns() {
            return Math.max(indexOf(Kind.SERIAL), Math.max(indexOf(Kind.NAME), indexOf(Kind.URLS))) + 1;
        }

        @Override
        public String toString() {
            return "Layout[bom=" + bom + ", eol=" + eol + ", finalNewline=" + finalNewline + ", quoteAll=" + quoteAll
                    + ", seed=" + seed + ", header=" + columns.stream().map(c -> c.kind() + ":" + Text.quote(c.headerText()))
                    .collect(Collectors.joining(" | ")) + "]";
        }
    }

    /**
     * A rendered file and, per data record, the physical line (1-based, LF-counted) at which it starts and the byte
     * offset just after its content (before its line break); {@code headerEndByte} is that offset for the header.
     */
    record Rendered(String text, byte[] bytes, List<Long> recordLines, int headerEndByte, List<Integer> recordEndBytes) {

        @Override
        public String toString() {
            return Text.quote(text.length() > 400 ? text.substring(0, 400) : text);
        }
    }

    // ------------------------------------------------------------------------------------------------ generators

    /**
     * Code points that stress CSV quoting, trimming and line counting, plus all of Unicode except lone surrogates (not
     * encodable), U+FFFD (the reader's marker for malformed UTF-8) and U+0000: univocity 2.9.1 drops a NUL inside a
     * quoted cell when the cell straddles a read boundary, so its fate depends on how the bytes arrive (see
     * {@code CsvRoundTripPropertiesTest#quotedNulSurvivesAnyChunking}).
     */
    static Gen<Integer> nameCodePoints() {
        return Gen.frequency(
                Gen.w(12, Gen.of((int) ',', (int) '"', (int) '\n', (int) '\r', (int) ' ', (int) '\t',
                        (int) '\'', (int) '#', (int) '=', (int) ';', (int) '\\')),
                Gen.w(20, Gen.ints(0x21, 0x7E)),
                Gen.w(3, Gen.ints(0x01, 0x1F)),
                Gen.w(2, Gen.of(0x7F, 0x85, 0xA0, 0x2028, 0x2029, 0x3000, 0x200B, 0xFEFF, 0xFFFE, 0xFFFF)),
                Gen.w(6, Gen.ints(0x80, 0xD7FF)),
                Gen.w(2, Gen.ints(0xE000, 0xFFFC)),
                Gen.w(4, Gen.ints(0x10000, 0x10FFFF)));
    }

    static String fromCodePoints(List<Integer> codePoints) {
        StringBuilder sb = new StringBuilder();
        codePoints.forEach(sb::appendCodePoint);
        return sb.toString();
    }

    /** Arbitrary Unicode text that is non-empty after {@link String#trim()}, optionally padded with whitespace. */
    static Gen<String> names() {
        Gen<String> core = nameCodePoints().list(1, 24).map(CsvFixtures::fromCodePoints)
                .filter(s -> !s.trim().isEmpty());
        Gen<String> pad = Gen.of("", "", "", " ", "  ", "\t", " \t ", "\r", "\n ");
        return r -> pad.next(r) + core.next(r) + pad.next(r);
    }

    /** Any text (possibly empty), for cells of extra columns. */
    static Gen<String> anyCellText() {
        return nameCodePoints().list(0, 12).map(CsvFixtures::fromCodePoints);
    }

    private static final String ALPHA = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String DIGITS = "0123456789";
    private static final String HEX = "0123456789abcdefABCDEF";

    /** Characters java.net.URI allows in a path segment, minus the comma (the reader splits URL lists on it). */
    private static Gen<String> pathPiece() {
        return Gen.frequency(
                Gen.w(20, Gen.strings(ALPHA + DIGITS, 1, 6)),
                Gen.w(6, Gen.of("-", ".", "_", "~", "!", "$", "&", "'", "(", ")", "*", "+", ";", "=", ":", "@")),
                Gen.w(4, Gen.strings(HEX, 2, 2).map(h -> "%" + h)),
                Gen.w(3, Gen.of("\u00e9", "\u00fc\u00df", "\u65e5\u672c", "\ud83d\ude00", "\u03a9", "\u00f1",
                        "\u0416")));
    }

    private static Gen<String> pathText(int maxPieces, String extraChars) {
        Gen<String> piece = extraChars.isEmpty() ? pathPiece()
                : Gen.oneOf(pathPiece(), Gen.of(extraChars.split("")));
        return piece.list(0, maxPieces).map(l -> String.join("", l));
    }

    private static Gen<String> label() {
        Gen<String> inner = Gen.strings(ALPHA + DIGITS + "-", 0, 8);
        Gen<String> edge = Gen.strings(ALPHA + DIGITS, 1, 1);
        return r -> {
            String a = edge.next(r);
            String mid = inner.next(r);
            String b = edge.next(r);
            return r.nextBoolean() ? a : a + mid + b;
        };
    }

    static Gen<String> regName() {
        Gen<String> first = Gen.strings(ALPHA, 1, 1);
        Gen<String> label = label();
        Gen<String> top = r -> {
            String f = first.next(r);
            String rest = label.next(r);
            return r.nextBoolean() ? f : f + rest;
        };
        Gen<List<String>> labels = label.list(0, 3);
        return r -> {
            List<String> ls = labels.next(r);
            String t = top.next(r);
            return ls.isEmpty() ? t : String.join(".", ls) + "." + t;
        };
    }

    static Gen<String> ipv4() {
        return Gen.ints(0, 255).list(4, 4)
                .map(l -> l.stream().map(String::valueOf).collect(Collectors.joining(".")));
    }

    /** Bracketed IPv6 literals: full, with a "::" run, or with an embedded IPv4 tail. */
    static Gen<String> ipv6() {
        Gen<List<Integer>> groups = Gen.ints(0, 0xFFFF).list(8, 8);
        Gen<String> full = r -> {
            List<String> hex = groups.next(r).stream().map(Integer::toHexString).collect(Collectors.toList());
            int from = -1 + r.nextInt(9); // -1..7
            int len = 1 + r.nextInt(8);
            boolean upper = r.nextBoolean();
            String text;
            if (from < 0) {
                text = String.join(":", hex);
            } else {
                int to = Math.min(8, from + len);
                text = String.join(":", hex.subList(0, from)) + "::" + String.join(":", hex.subList(to, 8));
            }
            return "[" + (upper ? text.toUpperCase(Locale.ROOT) : text) + "]";
        };
        Gen<String> mapped = ipv4().map(v4 -> "[::ffff:" + v4 + "]");
        return Gen.oneOf(full, mapped, Gen.of("[::1]", "[::]", "[2001:db8::1]", "[fe80::1]"));
    }

    static Gen<String> randomCase(String s) {
        return r -> {
            StringBuilder sb = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                sb.append(r.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
            }
            return sb.toString();
        };
    }

    /**
     * Valid absolute http(s) URLs without commas or whitespace: random scheme case, optional userinfo, registered
     * names, IPv4 and IPv6 literals, optional port, path, query and fragment with percent-encoding and non-ASCII.
     */
    static Gen<String> httpUrls() {
        Gen<String> scheme = Gen.of("http", "https").flatMap(CsvFixtures::randomCase);
        Gen<String> userinfo = Gen.frequency(
                Gen.w(8, Gen.constant("")),
                Gen.w(1, pathText(4, "").map(u -> u.replace("@", "") + "@")));
        Gen<String> host = Gen.frequency(Gen.w(6, regName()), Gen.w(2, ipv4()), Gen.w(2, ipv6()));
        Gen<String> port = Gen.frequency(
                Gen.w(5, Gen.constant("")),
                Gen.w(2, Gen.ints(0, 65535).map(p -> ":" + p)));
        Gen<String> path = pathText(4, "").list(0, 4)
                .map(segments -> segments.stream().map(s -> "/" + s).collect(Collectors.joining()));
        Gen<String> query = Gen.frequency(
                Gen.w(3, Gen.constant("")),
                Gen.w(1, pathText(6, "/?").map(q -> "?" + q)));
        Gen<String> fragment = Gen.frequency(
                Gen.w(4, Gen.constant("")),
                Gen.w(1, pathText(4, "/?").map(f -> "#" + f)));
        Gen<String> url = r -> scheme.next(r) + "://" + userinfo.next(r) + host.next(r) + port.next(r) + path.next(r)
                + query.next(r) + fragment.next(r);
        return url.filter(u -> referenceAccepts(u, 2048)); // the generator means valid; this only guards it
    }

    /** Unique positive serial numbers, small and huge. */
    static Gen<Long> serials() {
        return Gen.frequency(
                Gen.w(3, Gen.longs(1, 1000)),
                Gen.w(2, Gen.longs(1, Long.MAX_VALUE)),
                Gen.w(1, Gen.of(Long.MAX_VALUE, Long.MAX_VALUE - 1, 9_999_999_999L)));
    }

    static Gen<List<Product>> products(int minRows, int maxRows, int maxUrls) {
        Gen<Long> serial = serials();
        Gen<String> name = names();
        Gen<List<String>> urls = httpUrls().listBiased(1, maxUrls);
        Gen<Product> product = r -> {
            long s = serial.next(r);
            String n = name.next(r);
            return new Product(s, n, urls.next(r));
        };
        return product.uniqueListBiased(minRows, maxRows, Product::serial);
    }

    /** Header names for extra columns: anything that is not (after trimming, ignoring case) a required name. */
    static Gen<String> extraHeaderNames() {
        return Gen.oneOf(anyCellText(), Gen.of("Notes", "S. No", "Product", "Urls", "", "Price, EUR", "\"quoted\"",
                        "Input Image Urls 2"))
                .filter(s -> REQUIRED.stream().noneMatch(r -> strippedAll(s).equalsIgnoreCase(r)));
    }

    /** Removes characters univocity or {@link String#strip()} might drop at either end. */
    private static String strippedAll(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && (s.charAt(from) <= ' ' || Character.isWhitespace(s.charAt(from))
                || Character.isSpaceChar(s.charAt(from)))) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) <= ' ' || Character.isWhitespace(s.charAt(to - 1))
                || Character.isSpaceChar(s.charAt(to - 1)))) {
            to--;
        }
        return s.substring(from, to);
    }

    private static Gen<String> requiredHeaderText(String name) {
        Gen<String> pad = Gen.of("", "", " ", "  ", "\t");
        Gen<String> text = randomCase(name);
        return r -> pad.next(r) + text.next(r) + pad.next(r);
    }

    static Gen<Layout> layouts() {
        Gen<String> serial = requiredHeaderText(SERIAL);
        Gen<String> name = requiredHeaderText(NAME);
        Gen<String> urls = requiredHeaderText(URLS);
        Gen<List<String>> extras = extraHeaderNames().list(0, 3);
        Gen<List<Column>> columns = r -> {
            List<Column> all = new ArrayList<>();
            all.add(new Column(Kind.SERIAL, serial.next(r)));
            all.add(new Column(Kind.NAME, name.next(r)));
            all.add(new Column(Kind.URLS, urls.next(r)));
            extras.next(r).forEach(e -> all.add(new Column(Kind.EXTRA, e)));
            return Gen.shuffled(all).next(r);
        };
        Gen<Eol> eol = Gen.of(Eol.values());
        Gen<Boolean> quoteAll = Gen.of(true, false, false);
        return r -> {
            boolean bom = r.nextBoolean();
            Eol e = eol.next(r);
            boolean finalNewline = r.nextBoolean();
            List<Column> cols = columns.next(r);
            return new Layout(bom, e, finalNewline, cols, quoteAll.next(r), r.nextLong());
        };
    }

    // ------------------------------------------------------------------------------------------------ rendering

    /**
     * The logical cells (what a CSV parser must hand back before the reader trims anything) of each product, in
     * header order. Serial numbers get random leading zeros and padding, URL lists random separators, padding and
     * empty items; rows may omit trailing extra cells or carry empty cells beyond the header.
     */
    static List<List<String>> logicalRows(Layout layout, List<Product> products, List<String> extraValues) {
        SplittableRandom random = new SplittableRandom(layout.seed());
        List<List<String>> rows = new ArrayList<>();
        int extra = 0;
        for (Product p : products) {
            List<String> cells = new ArrayList<>();
            for (Column column : layout.columns()) {
                switch (column.kind()) {
                    case SERIAL -> cells.add(decorateSerial(String.valueOf(p.serial()), random));
                    case NAME -> cells.add(p.name());
                    case URLS -> cells.add(joinUrls(p.urls(), random));
                    case EXTRA -> cells.add(extraValues.isEmpty() ? "" : extraValues.get(extra++ % extraValues.size()));
                }
            }
            int r = random.nextInt(10);
            if (r == 0 && cells.size() > layout.minColumns()) {
                // rows may stop after the last required column
                int keep = layout.minColumns() + random.nextInt(cells.size() - layout.minColumns());
                cells.subList(keep, cells.size()).clear();
            } else if (r == 1) {
                // empty cells beyond the header are ignored
                cells.add(random.nextBoolean() ? "" : " ");
            }
            rows.add(cells);
        }
        return rows;
    }

    static String decorateSerial(String digits, SplittableRandom random) {
        String s = random.nextInt(5) == 0 ? "0".repeat(1 + random.nextInt(3)) + digits : digits;
        if (random.nextInt(5) == 0) {
            s = " ".repeat(random.nextInt(3)) + s + (random.nextBoolean() ? "\t" : " ");
        }
        return s;
    }

    static String joinUrls(List<String> urls, SplittableRandom random) {
        String[] separators = {",", ",", ", ", " , ", ",,", ",\n", ",\r\n", " ,\t"};
        StringBuilder sb = new StringBuilder();
        if (random.nextInt(8) == 0) {
            sb.append(random.nextBoolean() ? " " : ", ");
        }
        for (int i = 0; i < urls.size(); i++) {
            if (i > 0) {
                sb.append(separators[random.nextInt(separators.length)]);
            }
            sb.append(urls.get(i));
        }
        if (random.nextInt(8) == 0) {
            sb.append(random.nextBoolean() ? "," : " ");
        }
        return sb.toString();
    }

    /** RFC 4180: a cell with a comma, quote, CR or LF is quoted and its quotes doubled; others maybe quoted. */
    static String csvCell(String value, boolean quoteAll, SplittableRandom random) {
        boolean needs = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\r') >= 0
                || value.indexOf('\n') >= 0;
        if (needs || quoteAll || random.nextInt(4) == 0) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }

    /** Renders header and rows; blank (empty or whitespace-only) lines may appear before, between and after records. */
    static Rendered render(Layout layout, List<List<String>> rows) {
        SplittableRandom random = new SplittableRandom(layout.seed() ^ 0x5DEECE66DL);
        StringBuilder sb = new StringBuilder();
        if (layout.bom()) {
            sb.append('\uFEFF');
        }
        long[] line = {1};
        blankLines(sb, layout, random, line);
        List<String> header = layout.columns().stream().map(Column::headerText).collect(Collectors.toList());
        appendRecord(sb, header, layout, random, line);
        int headerEnd = sb.length();
        sb.append(eol(layout, random));
        line[0]++;
        List<Long> recordLines = new ArrayList<>();
        List<Integer> recordEnds = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            blankLines(sb, layout, random, line);
            recordLines.add(line[0]);
            appendRecord(sb, rows.get(i), layout, random, line);
            recordEnds.add(sb.length());
            boolean last = i == rows.size() - 1;
            if (!last || layout.finalNewline()) {
                sb.append(eol(layout, random));
                line[0]++;
                if (last) {
                    blankLines(sb, layout, random, line);
                }
            }
        }
        String text = sb.toString();
        List<Integer> recordEndBytes = recordEnds.stream().map(end -> utf8Length(text, end)).collect(Collectors.toList());
        return new Rendered(text, text.getBytes(StandardCharsets.UTF_8), recordLines, utf8Length(text, headerEnd),
                recordEndBytes);
    }

    private static int utf8Length(String text, int chars) {
        return text.substring(0, chars).getBytes(StandardCharsets.UTF_8).length;
    }

    private static void appendRecord(StringBuilder sb, List<String> cells, Layout layout, SplittableRandom random,
                                     long[] line) {
        StringBuilder record = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                record.append(',');
            }
            record.append(csvCell(cells.get(i), layout.quoteAll(), random));
        }
        String text = record.toString();
        line[0] += text.chars().filter(c -> c == '\n').count();
        sb.append(text);
    }

    private static void blankLines(StringBuilder sb, Layout layout, SplittableRandom random, long[] line) {
        if (random.nextInt(4) != 0) {
            return;
        }
        int n = 1 + random.nextInt(2);
        String[] blanks = {"", "", " ", "\t", "  \t "};
        for (int i = 0; i < n; i++) {
            sb.append(blanks[random.nextInt(blanks.length)]).append(eol(layout, random));
            line[0]++;
        }
    }

    private static String eol(Layout layout, SplittableRandom random) {
        return switch (layout.eol()) {
            case LF -> "\n";
            case CRLF -> "\r\n";
            case MIXED -> random.nextBoolean() ? "\n" : "\r\n";
        };
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** Reads to the end through a stream that hands out the bytes in random small pieces. */
    static List<CsvEntry> readAll(byte[] bytes, CsvRules rules, long chunkSeed) {
        ChunkedInputStream in = new ChunkedInputStream(bytes, chunkSeed);
        List<CsvEntry> entries = new ArrayList<>();
        try (CsvProductReader reader = new CsvProductReader(in, rules)) {
            CsvEntry entry;
            while ((entry = reader.next()) != null) {
                entries.add(entry);
                assertThat(entries.size()).as("entries cannot outnumber the lines").isLessThanOrEqualTo(bytes.length + 2);
            }
            assertThat(in.closed).as("input closed once next() returned null").isTrue();
            assertThat(reader.next()).as("null stays null").isNull();
        }
        return entries;
    }

    /** The bytes in random pieces of 1..n bytes per read, as a network would deliver them. */
    static final class ChunkedInputStream extends InputStream {
        private final byte[] data;
        private final SplittableRandom random;
        private final int maxChunk;
        private int pos;
        boolean closed;

        ChunkedInputStream(byte[] data, long seed) {
            this.data = data;
            this.random = new SplittableRandom(seed);
            this.maxChunk = 1 + random.nextInt(random.nextBoolean() ? 8 : 70_000);
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("read after close");
            }
            if (len == 0) {
                return 0;
            }
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, data.length - pos), 1 + random.nextInt(maxChunk));
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    // ------------------------------------------------------------------------------------------------ reference

    /**
     * The URL rule, written naively and independently of {@link HttpUrls}: at most {@code maxChars} UTF-16 units, no
     * whitespace code point ({@link Character#isWhitespace(int)} or {@link Character#isSpaceChar(int)}), no U+FFFD
     * (what the reader's UTF-8 decoder puts in place of malformed bytes), parses as {@link URI}, scheme http or https
     * in any case, non-empty host.
     */
    static boolean referenceAccepts(String url, int maxChars) {
        if (url.length() > maxChars) {
            return false;
        }
        if (url.codePoints().anyMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0xFFFD)) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return false;
        }
        String scheme = uri.getScheme();
        return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                && uri.getHost() != null && !uri.getHost().isEmpty();
    }
}

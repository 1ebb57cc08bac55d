package io.imageingest.upload;

import io.imageingest.upload.CsvEntry.Invalid;
import io.imageingest.upload.CsvEntry.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvProductReaderTest {

    private static final CsvRules RULES = new CsvRules(50, 65536, 2048);
    private static final String HEADER = "S. No.,Product Name,Input Image Urls\n";

    private static List<CsvEntry> read(String csv) {
        return read(csv.getBytes(StandardCharsets.UTF_8), RULES);
    }

    private static List<CsvEntry> read(String csv, CsvRules rules) {
        return read(csv.getBytes(StandardCharsets.UTF_8), rules);
    }

    private static List<CsvEntry> read(byte[] bytes, CsvRules rules) {
        return readAll(new ByteArrayInputStream(bytes), rules);
    }

    private static List<CsvEntry> readAll(InputStream in, CsvRules rules) {
        List<CsvEntry> entries = new ArrayList<>();
        try (CsvProductReader reader = new CsvProductReader(in, rules)) {
            CsvEntry entry;
            while ((entry = reader.next()) != null) {
                entries.add(entry);
            }
            assertThat(reader.next()).isNull();
        }
        return entries;
    }

    /** Reads header + one data row and returns the single entry. */
    private static CsvEntry single(String dataLine) {
        List<CsvEntry> entries = read(HEADER + dataLine + "\n");
        assertThat(entries).hasSize(1);
        return entries.get(0);
    }

    private static String reasonOf(String dataLine) {
        CsvEntry entry = single(dataLine);
        assertThat(entry).isInstanceOf(Invalid.class);
        assertThat(entry.line()).isEqualTo(2);
        return ((Invalid) entry).reason();
    }

    // ------------------------------------------------------------------------------------------------ valid input

    @Test
    void readsTheContractExample() {
        List<CsvEntry> entries = read("""
                S. No.,Product Name,Input Image Urls
                1,SKU1,"https://example.com/a.jpg,https://example.com/b.png"
                2,SKU2,https://example.com/c.jpg
                """);

        assertThat(entries).containsExactly(
                new Row(2, 1, "SKU1", List.of("https://example.com/a.jpg", "https://example.com/b.png")),
                new Row(3, 2, "SKU2", List.of("https://example.com/c.jpg")));
    }

    @Test
    void readsLastRowWithoutTrailingNewline() {
        assertThat(read(HEADER + "1,SKU1,https://example.com/a.jpg"))
                .containsExactly(new Row(2, 1, "SKU1", List.of("https://example.com/a.jpg")));
    }

    @Test
    void splitsQuotedUrlCellOnCommasTrimmingItemsAndIgnoringEmptyItems() {
        CsvEntry entry = single("1,SKU1,\" https://example.com/a.jpg ,, https://example.com/b.png,\t,\"");

        assertThat(entry).isEqualTo(
                new Row(2, 1, "SKU1", List.of("https://example.com/a.jpg", "https://example.com/b.png")));
    }

    @Test
    void acceptsUrlListWithTrailingComma() {
        assertThat(single("1,SKU1,\"https://example.com/a.jpg,\""))
                .isEqualTo(new Row(2, 1, "SKU1", List.of("https://example.com/a.jpg")));
    }

    @Test
    void keepsQuotedUrlListSpanningSeveralLines() {
        List<CsvEntry> entries = read(HEADER + "1,SKU1,\"https://example.com/a.jpg,\r\nhttps://example.com/b.jpg\"\n"
                + "2,SKU2,https://example.com/c.jpg\n");

        assertThat(entries).containsExactly(
                new Row(2, 1, "SKU1", List.of("https://example.com/a.jpg", "https://example.com/b.jpg")),
                new Row(4, 2, "SKU2", List.of("https://example.com/c.jpg")));
    }

    @Test
    void unescapesDoubledQuotesInProductNames() {
        assertThat(single("1,\"12\"\" pizza, \"\"large\"\"\",https://example.com/a.jpg"))
                .isEqualTo(new Row(2, 1, "12\" pizza, \"large\"", List.of("https://example.com/a.jpg")));
    }

    @Test
    void keepsBareQuoteInsideUnquotedCellAsLiteral() {
        assertThat(single("1,12\" pizza,https://example.com/a.jpg"))
                .isEqualTo(new Row(2, 1, "12\" pizza", List.of("https://example.com/a.jpg")));
    }

    @Test
    void trimsProductNameIncludingSpacesInsideQuotes() {
        assertThat(single("1,\"  Blue Mug  \",https://example.com/a.jpg"))
                .isEqualTo(new Row(2, 1, "Blue Mug", List.of("https://example.com/a.jpg")));
    }

    @Test
    void skipsUtf8ByteOrderMark() {
        byte[] body = (HEADER + "1,Caf\u00e9 \u2615,https://example.com/a.jpg\n").getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);

        assertThat(read(withBom, RULES))
                .containsExactly(new Row(2, 1, "Caf\u00e9 \u2615", List.of("https://example.com/a.jpg")));
    }

    @Test
    void acceptsCrlfLineEndings() {
        List<CsvEntry> entries = read("S. No.,Product Name,Input Image Urls\r\n"
                + "1,SKU1,\"https://example.com/a.jpg,https://example.com/b.png\"\r\n"
                + "2,SKU2,https://example.com/c.jpg\r\n");

        assertThat(entries).containsExactly(
                new Row(2, 1, "SKU1", List.of("https://example.com/a.jpg", "https://example.com/b.png")),
                new Row(3, 2, "SKU2", List.of("https://example.com/c.jpg")));
    }

    @Test
    void acceptsMixedLineEndingsAndCountsEveryLine() {
        List<CsvEntry> entries = read("S. No.,Product Name,Input Image Urls\n"
                + "1,SKU1,https://example.com/a.jpg\r\n"
                + "\r\n"
                + "2,SKU2,\"https://example.com/b.jpg\"\n"
                + "3,\"SKU3\",https://example.com/c.jpg\r\n"
                + "x,SKU4,https://example.com/d.jpg\n");

        assertThat(entries).containsExactly(
                new Row(2, 1, "SKU1", List.of("https://example.com/a.jpg")),
                new Row(4, 2, "SKU2", List.of("https://example.com/b.jpg")),
                new Row(5, 3, "SKU3", List.of("https://example.com/c.jpg")),
                new Invalid(6, "S. No. \"x\" is not a positive integer"));
    }

    @Test
    void skipsBlankAndWhitespaceOnlyLinesButCountsThemInLineNumbers() {
        List<CsvEntry> entries = read("\n   \n"
                + HEADER
                + "\n"
                + "1,SKU1,https://example.com/a.jpg\n"
                + " \t \n"
                + "\r\n"
                + "2,,https://example.com/b.jpg\n"
                + "\n\n");

        assertThat(entries).containsExactly(
                new Row(5, 1, "SKU1", List.of("https://example.com/a.jpg")),
                new Invalid(8, "Product Name is empty"));
    }

    @Test
    void matchesHeaderIgnoringCaseAndSurroundingSpaces() {
        List<CsvEntry> entries = read("  s. no. , PRODUCT NAME,\t input image urls  \r\n"
                + "1,SKU1,https://example.com/a.jpg\r\n");

        assertThat(entries).containsExactly(new Row(2, 1, "SKU1", List.of("https://example.com/a.jpg")));
    }

    @Test
    void acceptsReorderedAndExtraColumns() {
        List<CsvEntry> entries = read("""
                Notes,Input Image Urls,Category,Product Name,S. No.,Input Image Urls (old)
                fragile,https://example.com/a.jpg,mugs,SKU1,7,ignored
                ,"https://example.com/b.jpg,https://example.com/c.jpg",,SKU2,8
                """);

        assertThat(entries).containsExactly(
                new Row(2, 7, "SKU1", List.of("https://example.com/a.jpg")),
                new Row(3, 8, "SKU2", List.of("https://example.com/b.jpg", "https://example.com/c.jpg")));
    }

    @Test
    void treatsCellStartingWithHashAsData() {
        List<CsvEntry> entries = read("Product Name,S. No.,Input Image Urls\n#1 Mug,1,https://example.com/a.jpg\n");

        assertThat(entries).containsExactly(new Row(2, 1, "#1 Mug", List.of("https://example.com/a.jpg")));
    }

    @Test
    void acceptsSerialNumbersWithSpacesAndLeadingZeros() {
        assertThat(read(HEADER + " 007 ,SKU1,https://example.com/a.jpg\n\" 8\",SKU2,https://example.com/b.jpg\n"))
                .extracting(e -> ((Row) e).serialNumber())
                .containsExactly(7L, 8L);
    }

    @Test
    void acceptsLargestLongSerialNumber() {
        assertThat(single(Long.MAX_VALUE + ",SKU1,https://example.com/a.jpg"))
                .isEqualTo(new Row(2, Long.MAX_VALUE, "SKU1", List.of("https://example.com/a.jpg")));
    }

    @Test
    void acceptsExactlyMaxUrlsPerRow() {
        String urls = IntStream.rangeClosed(1, 3).mapToObj(i -> "https://example.com/" + i + ".jpg")
                .collect(Collectors.joining(","));
        CsvEntry entry = read(HEADER + "1,SKU1,\"" + urls + "\"\n", new CsvRules(3, 65536, 2048)).get(0);

        assertThat(entry).isInstanceOf(Row.class);
        assertThat(((Row) entry).imageUrls()).hasSize(3);
    }

    @Test
    void acceptsManyUrlsWhenTheLimitAllows() {
        List<String> urls = IntStream.rangeClosed(1, 100).mapToObj(i -> "https://example.com/" + i + ".jpg").toList();
        CsvEntry entry = read(HEADER + "1,SKU1,\"" + String.join(",", urls) + "\"\n", new CsvRules(1000, 65536, 2048))
                .get(0);

        assertThat(entry).isEqualTo(new Row(2, 1, "SKU1", urls));
    }

    @Test
    void headerOnlyFileYieldsNoEntries() {
        assertThat(read(HEADER)).isEmpty();
        assertThat(read("S. No.,Product Name,Input Image Urls")).isEmpty();
        assertThat(read(HEADER + "\n\n  \n")).isEmpty();
    }

    @Test
    void rowImageUrlsAreUnmodifiable() {
        Row row = (Row) single("1,SKU1,https://example.com/a.jpg");

        assertThatThrownBy(() -> row.imageUrls().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    // ------------------------------------------------------------------------------------------------ header problems

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "  \r\n\n\t\n"})
    void reportsEmptyFileAtLineOneThenEnds(String csv) {
        List<CsvEntry> entries = read(csv);

        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).line()).isEqualTo(1);
        assertThat(((Invalid) entries.get(0)).reason())
                .isEqualTo("file is empty; expected a header with columns S. No., Product Name, Input Image Urls");
    }

    @Test
    void reportsMissingColumnNamingItAndTheExpectedColumnsThenEnds() {
        List<CsvEntry> entries = read("S. No.,Product,Input Image Urls\n1,SKU1,https://example.com/a.jpg\n");

        assertThat(entries).containsExactly(new Invalid(1, "header is missing column \"Product Name\"; expected columns"
                + " S. No., Product Name, Input Image Urls (found \"S. No.\", \"Product\", \"Input Image Urls\")"));
    }

    @Test
    void reportsAllMissingColumnsWhenHeaderIsActuallyData() {
        List<CsvEntry> entries = read("1,SKU1,https://example.com/a.jpg\n2,SKU2,https://example.com/b.jpg\n");

        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).line()).isEqualTo(1);
        assertThat(((Invalid) entries.get(0)).reason())
                .startsWith("header is missing columns \"S. No.\", \"Product Name\", \"Input Image Urls\"");
    }

    @Test
    void reportsDuplicateRequiredHeaderColumn() {
        List<CsvEntry> entries = read("S. No.,Product Name,Input Image Urls,product name\n1,a,https://e.com/a,b\n");

        assertThat(entries).containsExactly(new Invalid(1, "header has column \"Product Name\" twice (columns 2 and 4);"
                + " expected columns S. No., Product Name, Input Image Urls"));
    }

    // ------------------------------------------------------------------------------------------------ bad rows

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "abc|S. No. \"abc\" is not a positive integer",
            "0|S. No. \"0\" is not a positive integer",
            "000|S. No. \"000\" is not a positive integer",
            "-1|S. No. \"-1\" is not a positive integer",
            "+1|S. No. \"+1\" is not a positive integer",
            "1.5|S. No. \"1.5\" is not a positive integer",
            "1e3|S. No. \"1e3\" is not a positive integer",
            "9223372036854775808|S. No. \"9223372036854775808\" is not a positive integer (too large)",
            "99999999999999999999999|S. No. \"99999999999999999999999\" is not a positive integer (too large)"})
    void rejectsSerialNumberThatIsNotAPositiveLong(String serial, String reason) {
        assertThat(reasonOf(serial + ",SKU1,https://example.com/a.jpg")).isEqualTo(reason);
    }

    @Test
    void rejectsEmptySerialNumber() {
        assertThat(reasonOf(",SKU1,https://example.com/a.jpg")).isEqualTo("S. No. is empty");
        assertThat(reasonOf("\"  \",SKU1,https://example.com/a.jpg")).isEqualTo("S. No. is empty");
    }

    @Test
    void rejectsDuplicateSerialNumbersNamingFirstLine() {
        List<CsvEntry> entries = read(HEADER
                + "5,SKU1,https://example.com/a.jpg\n"
                + "6,SKU2,https://example.com/b.jpg\n"
                + "\n"
                + "05,SKU3,https://example.com/c.jpg\n"
                + "5,SKU4,https://example.com/d.jpg\n");

        assertThat(entries).containsExactly(
                new Row(2, 5, "SKU1", List.of("https://example.com/a.jpg")),
                new Row(3, 6, "SKU2", List.of("https://example.com/b.jpg")),
                new Invalid(5, "duplicate S. No. 5 (first at line 2)"),
                new Invalid(6, "duplicate S. No. 5 (first at line 2)"));
    }

    @Test
    void remembersSerialOfAnInvalidRowForDuplicateDetection() {
        List<CsvEntry> entries = read(HEADER + "3,,https://example.com/a.jpg\n3,SKU2,https://example.com/b.jpg\n");

        assertThat(entries).containsExactly(
                new Invalid(2, "Product Name is empty"),
                new Invalid(3, "duplicate S. No. 3 (first at line 2)"));
    }

    @Test
    void rejectsEmptyProductName() {
        assertThat(reasonOf("1,,https://example.com/a.jpg")).isEqualTo("Product Name is empty");
        assertThat(reasonOf("1,\"   \",https://example.com/a.jpg")).isEqualTo("Product Name is empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1,SKU1,", "1,SKU1,\"\"", "1,SKU1,\" , ,, \"", "1,SKU1,   "})
    void rejectsRowWithoutUrls(String line) {
        assertThat(reasonOf(line)).isEqualTo("Input Image Urls has no URL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"images/a.jpg", "/images/a.jpg", "//example.com/a.jpg", "example.com/a.jpg",
            "ftp://example.com/a.jpg", "javascript:alert(1)", "mailto:someone@example.com", "file:///tmp/a.jpg",
            "https//example.com/a.jpg", "https://"})
    void rejectsRelativeAndNonHttpUrls(String url) {
        assertThat(reasonOf("1,SKU1,\"https://example.com/ok.jpg," + url + "\""))
                .isEqualTo("\"" + url + "\" is not an absolute http(s) URL");
    }

    @Test
    void reportsTheExampleFtpUrlReason() {
        assertThat(reasonOf("1,SKU1,ftp://x/y")).isEqualTo("\"ftp://x/y\" is not an absolute http(s) URL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http:///a.jpg", "http:/a.jpg", "https:a.jpg", "http://my_host/a.jpg"})
    void rejectsUrlWithoutHost(String url) {
        assertThat(reasonOf("1,SKU1," + url)).isEqualTo("URL \"" + url + "\" has no host");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com/a b.jpg", "https://exa mple.com/a.jpg", "https://example.com/a\tb.jpg",
            "https://example.com/a\u00a0b.jpg"})
    void rejectsUrlContainingWhitespace(String url) {
        assertThat(reasonOf("1,SKU1,\"" + url + "\"")).endsWith(" contains whitespace").startsWith("URL \"https://");
    }

    @Test
    void rejectsUrlsSeparatedBySpacesInsteadOfCommas() {
        assertThat(reasonOf("1,SKU1,\"https://example.com/a.jpg https://example.com/b.jpg\""))
                .isEqualTo("URL \"https://example.com/a.jpg https://example.com/b.jpg\" contains whitespace");
    }

    @Test
    void rejectsTooManyUrls() {
        String urls = IntStream.rangeClosed(1, 61).mapToObj(i -> "https://example.com/" + i + ".jpg")
                .collect(Collectors.joining(","));

        assertThat(reasonOf("1,SKU1,\"" + urls + "\"")).isEqualTo("too many URLs: 61 (limit 50)");
    }

    @Test
    void rejectsTooLongUrl() {
        String url = "https://example.com/" + "a".repeat(2049 - 20);
        assertThat(url).hasSize(2049);

        String reason = reasonOf("1,SKU1," + url);

        assertThat(reason).startsWith("URL longer than 2048 characters (\"https://example.com/aaa");
        assertThat(reason.length()).isLessThan(160);
        assertThat(single("1,SKU1," + url.substring(0, 2048))).isInstanceOf(Row.class);
    }

    @Test
    void reportsFieldLongerThanLimitAtItsLineAndStops() {
        CsvRules rules = new CsvRules(50, 100, 2048);
        List<CsvEntry> entries = read(HEADER
                + "1,SKU1,https://example.com/a.jpg\n"
                + "2,\"" + "n".repeat(101) + "\",https://example.com/b.jpg\n"
                + "3,SKU3,https://example.com/c.jpg\n", rules);

        assertThat(entries).containsExactly(
                new Row(2, 1, "SKU1", List.of("https://example.com/a.jpg")),
                new Invalid(3, "field longer than 100 characters"));
    }

    @Test
    void acceptsFieldOfExactlyTheLimit() {
        CsvRules rules = new CsvRules(50, 100, 2048);

        assertThat(read(HEADER + "1," + "n".repeat(100) + ",https://example.com/a.jpg\n", rules))
                .singleElement().isInstanceOf(Row.class);
    }

    @Test
    void reportsTooLongUnquotedFieldAndStops() {
        CsvRules rules = new CsvRules(50, 100, 2048);

        assertThat(read(HEADER + "1,SKU1,https://example.com/" + "a".repeat(200) + "\n2,SKU2,https://e.com/b\n", rules))
                .containsExactly(new Invalid(2, "field longer than 100 characters"));
    }

    @Test
    void rejectsRowWithTooFewColumns() {
        assertThat(reasonOf("1,SKU1")).isEqualTo("row has 2 columns, expected at least 3");
        assertThat(reasonOf("1")).isEqualTo("row has 1 column, expected at least 3");
        assertThat(reasonOf("\"\"")).isEqualTo("row has 1 column, expected at least 3");
    }

    @Test
    void requiresOnlyEnoughColumnsToReachTheRequiredOnes() {
        List<CsvEntry> entries = read("S. No.,Product Name,Input Image Urls,Notes\n"
                + "1,SKU1,https://example.com/a.jpg\n"
                + "2,SKU2\n");

        assertThat(entries).containsExactly(
                new Row(2, 1, "SKU1", List.of("https://example.com/a.jpg")),
                new Invalid(3, "row has 2 columns, expected at least 3"));
    }

    @Test
    void rejectsUnquotedUrlListSpillingIntoCellsBeyondTheHeader() {
        assertThat(reasonOf("1,SKU1,https://example.com/a.jpg,https://example.com/b.jpg"))
                .isEqualTo("row has 4 columns but the header has 3 (a cell containing commas, such as a list of URLs,"
                        + " must be quoted)");
    }

    @Test
    void ignoresEmptyCellsBeyondTheHeader() {
        assertThat(single("1,SKU1,https://example.com/a.jpg,, ,"))
                .isEqualTo(new Row(2, 1, "SKU1", List.of("https://example.com/a.jpg")));
    }

    @Test
    void rejectsCommaOnlyLineAsRowNotBlank() {
        assertThat(reasonOf(",,")).isEqualTo("S. No. is empty; Product Name is empty; Input Image Urls has no URL");
    }

    @Test
    void reportsEveryProblemOfARowAndOnlyTheFirstBadUrl() {
        assertThat(reasonOf("abc,  ,\"ftp://x/1,/rel,https://ok.example/x\""))
                .isEqualTo("S. No. \"abc\" is not a positive integer; Product Name is empty;"
                        + " \"ftp://x/1\" is not an absolute http(s) URL");
    }

    @Test
    void truncatesLongValuesInReasons() {
        String serial = "x".repeat(500);

        assertThat(reasonOf(serial + ",SKU1,https://example.com/a.jpg"))
                .isEqualTo("S. No. \"" + "x".repeat(100) + "\u2026\" is not a positive integer");
    }

    @Test
    void rejectsBytesThatAreNotUtf8() {
        byte[] latin1 = (HEADER + "1,Caf\u00e9,https://example.com/a.jpg\n2,SKU2,https://example.com/b.jpg\n")
                .getBytes(StandardCharsets.ISO_8859_1);

        assertThat(read(latin1, RULES)).containsExactly(
                new Invalid(2, "Product Name \"Caf\uFFFD\" is not valid UTF-8"),
                new Row(3, 2, "SKU2", List.of("https://example.com/b.jpg")));
    }

    // ------------------------------------------------------------------------------------------------ line numbers

    @Test
    void countsLinesInsideMultiLineQuotedCellsForLaterRows() {
        List<CsvEntry> entries = read(HEADER
                + "1,\"Mug\nwith\r\nthree lines\",https://example.com/a.jpg\n"   // lines 2-4
                + "\n"                                                           // line 5
                + "2,SKU2,\"https://example.com/b.jpg,\nhttps://example.com/c.jpg\"\n" // lines 6-7
                + "0,SKU3,https://example.com/d.jpg\n"                          // line 8
                + "4,\"\n\n\",https://example.com/e.jpg\n");                     // lines 9-11

        assertThat(entries).containsExactly(
                new Row(2, 1, "Mug\nwith\r\nthree lines", List.of("https://example.com/a.jpg")),
                new Row(6, 2, "SKU2", List.of("https://example.com/b.jpg", "https://example.com/c.jpg")),
                new Invalid(8, "S. No. \"0\" is not a positive integer"),
                new Invalid(9, "Product Name is empty"));
    }

    // ------------------------------------------------------------------------------------------------ syntax errors

    @Test
    void reportsMalformedQuotingAtTheRecordLineAndStops() {
        List<CsvEntry> entries = read(HEADER
                + "1,SKU1,https://example.com/a.jpg\n"
                + "2,\"SKU\"2,https://example.com/b.jpg\n"
                + "3,SKU3,https://example.com/c.jpg\n");

        assertThat(entries).hasSize(2);
        assertThat(entries.get(0)).isInstanceOf(Row.class);
        assertThat(entries.get(1).line()).isEqualTo(3);
        assertThat(((Invalid) entries.get(1)).reason()).startsWith("malformed quoting");
    }

    @Test
    void reportsUnclosedQuoteSwallowingTheRestAsInvalidRow() {
        List<CsvEntry> entries = read(HEADER
                + "1,\"SKU1,https://example.com/a.jpg\n"
                + "2,SKU2,https://example.com/b.jpg\n");

        assertThat(entries).containsExactly(new Invalid(2, "row has 2 columns, expected at least 3"));
    }

    @Test
    void reportsRowWithTooManyColumnsAndStops() {
        String wide = "1,SKU1,https://example.com/a.jpg" + ",x".repeat(CsvProductReader.MAX_COLUMNS);

        assertThat(read(HEADER + wide + "\n2,SKU2,https://example.com/b.jpg\n"))
                .containsExactly(new Invalid(2, "row has more than 512 columns"));
    }

    @Test
    void reportsTooLongHeaderFieldAtLineOne() {
        assertThat(read("S. No.,Product Name," + "h".repeat(200) + "\n", new CsvRules(50, 100, 2048)))
                .containsExactly(new Invalid(1, "header: field longer than 100 characters"));
    }

    // ------------------------------------------------------------------------------------------------ streaming

    @Test
    void returnsRowsBeforeTheRestOfTheInputHasArrived() {
        // Note: univocity refills its buffer as soon as it consumes the buffer's last character, so a row whose line
        // break ends a network chunk is returned once the next chunk (or end of input) arrives.
        byte[] firstChunk = (HEADER + "1,SKU1,https://example.com/a.jpg\n2,SK").getBytes(StandardCharsets.UTF_8);
        InputStream stalled = new InputStream() {
            private int pos;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pos == firstChunk.length) {
                    throw new IOException("no more data yet (would block)");
                }
                int n = Math.min(len, firstChunk.length - pos);
                System.arraycopy(firstChunk, pos, b, off, n);
                pos += n;
                return n;
            }
        };

        try (CsvProductReader reader = new CsvProductReader(stalled, RULES)) {
            assertThat(reader.next()).isEqualTo(new Row(2, 1, "SKU1", List.of("https://example.com/a.jpg")));
            assertThatThrownBy(reader::next).isInstanceOf(UncheckedIOException.class)
                    .hasRootCauseMessage("no more data yet (would block)");
        }
    }

    @Test
    void doesNotReadInputBeforeFirstNext() {
        AtomicBoolean touched = new AtomicBoolean();
        InputStream in = new InputStream() {
            @Override
            public int read() {
                touched.set(true);
                return -1;
            }
        };

        try (CsvProductReader ignored = new CsvProductReader(in, RULES)) {
            assertThat(touched).isFalse();
        }
    }

    @Test
    void closeClosesTheInputAndEndsReading() {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream in = new ByteArrayInputStream((HEADER + "1,a,https://e.com/a\n2,b,https://e.com/b\n")
                .getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed.set(true);
            }
        };

        CsvProductReader reader = new CsvProductReader(in, RULES);
        assertThat(reader.next()).isInstanceOf(Row.class);
        reader.close();

        assertThat(closed).isTrue();
        assertThat(reader.next()).isNull();
    }

    @Test
    void closeBeforeReadingClosesTheInput() {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream in = new ByteArrayInputStream(new byte[0]) {
            @Override
            public void close() {
                closed.set(true);
            }
        };

        new CsvProductReader(in, RULES).close();

        assertThat(closed).isTrue();
    }

    @Test
    void rethrowsFailureOfTheUnderlyingStream() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };

        try (CsvProductReader reader = new CsvProductReader(failing, RULES)) {
            assertThatThrownBy(reader::next).isInstanceOf(UncheckedIOException.class)
                    .hasRootCauseMessage("connection reset");
        }
    }

    @Test
    void rethrowsFailureOfTheUnderlyingStreamAfterSomeBytes() {
        InputStream failing = new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                if (served++ < 5) {
                    return 'S';
                }
                throw new IOException("connection reset");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                int c = read();
                b[off] = (byte) c;
                return 1;
            }
        };

        try (CsvProductReader reader = new CsvProductReader(failing, RULES)) {
            assertThatThrownBy(reader::next).isInstanceOf(UncheckedIOException.class)
                    .hasRootCauseMessage("connection reset");
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void closeIsIdempotent() {
        AtomicInteger closes = new AtomicInteger();
        InputStream in = new ByteArrayInputStream(HEADER.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closes.incrementAndGet();
            }
        };
        CsvProductReader reader = new CsvProductReader(in, RULES);

        reader.close();
        reader.close();

        assertThat(closes).hasValue(1);
    }

    @Test
    void reportsOneBadRowAtItsLineInALargeLazilyGeneratedFile() {
        int records = 200_000;
        int badRecord = 150_001;
        // every 1000th record has a two-line quoted product name, every 500th is followed by a blank line
        GeneratedCsvInputStream in = new GeneratedCsvInputStream(HEADER, records, i -> {
            String name = i % 1000 == 0 ? "\"Product\n" + i + "\"" : "Product " + i;
            String urls = i == badRecord
                    ? "\"https://example.com/" + i + "/a.jpg,ftp://example.com/" + i + ".jpg\""
                    : "\"https://example.com/" + i + "/a.jpg,https://example.com/" + i + "/b.jpg\"";
            return i + "," + name + "," + urls + (i % 500 == 0 ? "\r\n\n" : "\n");
        });
        long expectedBadLine = 1 + badRecord + (badRecord - 1) / 1000 + (badRecord - 1) / 500;

        long rows = 0;
        List<CsvEntry> invalid = new ArrayList<>();
        long lastLine = 0;
        try (CsvProductReader reader = new CsvProductReader(in, RULES)) {
            CsvEntry entry;
            while ((entry = reader.next()) != null) {
                assertThat(entry.line()).isGreaterThan(lastLine);
                lastLine = entry.line();
                if (entry instanceof Row row) {
                    rows++;
                    if (row.serialNumber() % 1000 == 0) {
                        assertThat(row.productName()).isEqualTo("Product\n" + row.serialNumber());
                    }
                    assertThat(row.imageUrls()).hasSize(2);
                } else {
                    invalid.add(entry);
                }
            }
        }

        assertThat(rows).isEqualTo(records - 1);
        assertThat(invalid).containsExactly(new Invalid(expectedBadLine,
                "\"ftp://example.com/" + badRecord + ".jpg\" is not an absolute http(s) URL"));
    }
}

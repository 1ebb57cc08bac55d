package io.imageingest.upload;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CsvInputReaderTest {

    private static String readAll(String text) throws IOException {
        StringBuilder out = new StringBuilder();
        try (CsvInputReader reader = new CsvInputReader(new StringReader(text))) {
            char[] buffer = new char[3];
            int n;
            while ((n = reader.read(buffer, 0, buffer.length)) >= 0) {
                out.append(buffer, 0, n);
            }
        }
        return out.toString();
    }

    @Test
    void endsEveryNonEmptyInputWithANewline() throws IOException {
        assertThat(readAll("a,b")).isEqualTo("a,b\n");
        assertThat(readAll("a,b\n")).isEqualTo("a,b\n");
        assertThat(readAll("")).isEmpty();
    }

    @Test
    void replacesNulSoThatItCannotVanishInsideTheParser() throws IOException {
        assertThat(readAll("a\0b\n")).isEqualTo("a\uFFFDb\n");
    }

    @Test
    void aWhitespaceOnlyLastLineAfterAQuotedCellIsABlankLine() {
        String csv = "S. No.,Product Name,Input Image Urls\n1,A,\"https://x.example/a.jpg\"\n ";
        List<CsvEntry> entries = new ArrayList<>();
        try (CsvProductReader reader = new CsvProductReader(
                new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), new CsvRules(50, 65536, 2048))) {
            for (CsvEntry e = reader.next(); e != null; e = reader.next()) {
                entries.add(e);
            }
        }
        assertThat(entries).singleElement().isInstanceOf(CsvEntry.Row.class);
    }

    @Test
    void aNulInsideAQuotedNameIsReportedNotDropped() {
        String csv = "S. No.,Product Name,Input Image Urls\n1,\"a\0b\",https://x.example/a.jpg\n";
        try (CsvProductReader reader = new CsvProductReader(
                new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), new CsvRules(50, 65536, 2048))) {
            CsvEntry entry = reader.next();
            assertThat(entry).isInstanceOf(CsvEntry.Invalid.class);
            assertThat(((CsvEntry.Invalid) entry).line()).isEqualTo(2);
        }
    }
}

package io.imageingest.product;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CsvCellsTest {

    @Test
    void quotesTextOnlyWhenNeeded() {
        assertThat(CsvCells.text("Plain name")).isEqualTo("Plain name");
        assertThat(CsvCells.text("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvCells.text("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CsvCells.text("two\nlines")).isEqualTo("\"two\nlines\"");
    }

    @Test
    void neutralisesSpreadsheetFormulas() {
        assertThat(CsvCells.text("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(CsvCells.text("+1")).isEqualTo("'+1");
        assertThat(CsvCells.text("-1")).isEqualTo("'-1");
        assertThat(CsvCells.text("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    }

    @Test
    void joinsUrlsInOneQuotedCellKeepingPositions() {
        assertThat(CsvCells.urls(List.of("http://a/1.jpg", "", "http://a/3.jpg")))
                .isEqualTo("\"http://a/1.jpg,,http://a/3.jpg\"");
        assertThat(CsvCells.urls(List.of())).isEqualTo("\"\"");
    }
}

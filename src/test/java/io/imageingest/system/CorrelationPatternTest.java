package io.imageingest.system;

import java.io.InputStream;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code logging.pattern.correlation} of {@code application.yml} shows the request id only when there is one. */
class CorrelationPatternTest {

    @Test
    @SuppressWarnings("unchecked")
    void showsTheRequestIdInBracketsAndNothingWithoutOne() throws Exception {
        Map<String, Object> yaml;
        try (InputStream in = getClass().getResourceAsStream("/application.yml")) {
            yaml = new Yaml().load(in);
        }
        Map<String, Object> pattern = (Map<String, Object>) ((Map<String, Object>) yaml.get("logging")).get("pattern");
        String correlation = (String) pattern.get("correlation");

        LoggerContext context = new LoggerContext();
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern("<" + correlation + ">%m");
        layout.start();

        LoggingEvent withId = event(context, Map.of(LogContext.REQUEST_ID, "7c0e"));
        LoggingEvent withoutId = event(context, Map.of());
        assertThat(layout.doLayout(withId)).isEqualTo("<[7c0e] >hello");
        assertThat(layout.doLayout(withoutId)).isEqualTo("<>hello");
    }

    private static LoggingEvent event(LoggerContext context, Map<String, String> mdc) {
        LoggingEvent event = new LoggingEvent();
        event.setLoggerContext(context);
        event.setLoggerName("test");
        event.setLevel(Level.INFO);
        event.setMessage("hello");
        event.setMDCPropertyMap(mdc);
        return event;
    }
}

package io.imageingest.ops;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads sample values out of a Prometheus text exposition. */
final class PrometheusText {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)$");

    private final String text;

    PrometheusText(String text) {
        this.text = text;
    }

    /** Sum of the samples named {@code name} whose labels contain every {@code label="value"} given. */
    double sum(String name, String... labels) {
        double total = 0;
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line.trim());
            if (!m.matches() || !m.group(1).equals(name)) {
                continue;
            }
            String set = m.group(2) == null ? "" : m.group(2);
            boolean all = true;
            for (String label : labels) {
                all &= set.contains(label);
            }
            if (all) {
                total += Double.parseDouble(m.group(3));
            }
        }
        return total;
    }

    /** Whether any sample is named {@code name}. */
    boolean has(String name) {
        return Pattern.compile("(?m)^" + Pattern.quote(name) + "[{ ]").matcher(text).find();
    }

    @Override
    public String toString() {
        return text;
    }
}

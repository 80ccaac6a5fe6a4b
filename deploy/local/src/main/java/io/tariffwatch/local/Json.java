package io.tariffwatch.local;

import java.util.List;
import java.util.stream.Collectors;

/** Just enough JSON writing for the inbox API, so this JVM needs no JSON library of its own. */
final class Json {
    private Json() {
    }

    static String field(String name, String value) {
        return quote(name) + ":" + (value == null ? "null" : quote(value));
    }

    static String array(List<String> values) {
        return values.stream().map(Json::quote).collect(Collectors.joining(",", "[", "]"));
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}

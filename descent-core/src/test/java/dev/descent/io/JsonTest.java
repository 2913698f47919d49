package dev.descent.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {
    @Test
    void parsesObjectsArraysStringsNumbersAndLiteralsKeepingKeyOrder() {
        Object v = Json.parse(" {\"b\": [1, -2.5e3, true, false, null], \"a\": \"x\\u00e9\\n\\\"\", \"c\": {}} ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of("b", "a", "c"), List.copyOf(m.keySet()));
        assertEquals(java.util.Arrays.asList(1L, -2500.0, true, false, null), m.get("b"));
        assertEquals("xé\n\"", m.get("a"));
        assertEquals(Map.of(), m.get("c"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"a\" 1}", "[1,]", "{\"a\":1,}", "\"abc", "01", "1.", "-", "tru", "{\"a\":1}}",
            "\"\\x\"", "{\"a\":1,\"a\":2}", "\"tab\there\"", "[1 2]", ""})
    void rejectsMalformedTextWithAnOffset(String text) {
        Json.ParseException e = assertThrows(Json.ParseException.class, () -> Json.parse(text));
        assertTrue(e.getMessage().contains("offset"), e.getMessage());
    }

    @Test
    void refusesDeepNestingInsteadOfOverflowingTheStack() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        Json.ParseException e = assertThrows(Json.ParseException.class, () -> Json.parse(deep));
        assertTrue(e.getMessage().contains("nesting"), e.getMessage());
    }

    @Test
    void writesCompactlyWithSerdeStyleEscapes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "q\"b\\n\nt\tc\u0001ü");
        m.put("l", List.of(1, 2L, true));
        m.put("shape", new int[] {2, 3});
        m.put("n", null);
        assertEquals("{\"s\":\"q\\\"b\\\\n\\nt\\tc\\u0001ü\",\"l\":[1,2,true],\"shape\":[2,3],\"n\":null}", Json.write(m));
    }

    static Stream<Long> seeds() {
        return IntStream.range(0, 20).mapToObj(i -> 1000L + i);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void randomStringsRoundTrip(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder();
        int n = seed == 1000L ? 0 : r.nextInt(40); // edge case first: the empty string
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(4);
            sb.append(switch (kind) {
                case 0 -> (char) r.nextInt(0x20);           // control characters
                case 1 -> "\"\\/".charAt(r.nextInt(3));
                case 2 -> (char) (0x20 + r.nextInt(0x60));   // printable ASCII
                default -> (char) (0xA0 + r.nextInt(0x2000)); // BMP, non-ASCII
            });
        }
        String s = sb.toString();
        Map<String, Object> m = Map.of(s, List.of(s));
        assertEquals(m, Json.parse(Json.write(m)));
    }
}
